// archgen: every diagram opens full size in the page (GLightbox, shipped in assets/glightbox). There a click
// zooms the picture to its own size and dragging pans it; Escape closes it.
document.addEventListener("DOMContentLoaded", function () {
  GLightbox({
    selector: ".archgen-diagram a.glightbox",
    touchNavigation: true,
    loop: false,
    zoomable: true,
    draggable: true,
    openEffect: "zoom",
    closeEffect: "zoom",
    descPosition: "bottom",
  });
});
