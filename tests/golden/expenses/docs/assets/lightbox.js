// archgen: every diagram opens full size in the page (GLightbox, shipped in assets/glightbox): a picture whose
// words would be too small fitted to the window opens at its own size, where dragging pans it; a click fits it to
// the window and back; the mouse wheel (or + and -) zooms further in, up to four times its size, and back; Escape
// closes it. Diagrams are vector drawings, so every step stays sharp.
var OPENING_MS = 400; // GLightbox's zoom-in effect
var LEGIBLE_FIT = 0.75; // fitted below this share of its own size, a diagram's smallest words are too small to read

document.addEventListener("DOMContentLoaded", function () {
  var lightbox = GLightbox({
    selector: ".archgen-diagram a.glightbox",
    touchNavigation: true,
    loop: false,
    zoomable: true,
    draggable: true,
    openEffect: "zoom",
    closeEffect: "zoom",
    descPosition: "bottom",
  });
  lightbox.on("slide_after_load", function (data) {
    var img = data.slideNode.querySelector(".gslide-image img");
    if (!img) return;
    var open = function () {
      var fitted = img.getBoundingClientRect().width / img.naturalWidth;
      if (fitted < LEGIBLE_FIT && !data.slideNode.classList.contains("zoomed")) img.click();
    };
    // after the opening animation: GLightbox readies dragging once its slide has settled
    var settled = function () { setTimeout(open, OPENING_MS); };
    if (img.complete && img.naturalWidth) settled();
    else img.addEventListener("load", settled, { once: true });
  });

  var MOST = 4; // times the drawing's own size
  var STEP = 1.25;

  function openedImage() {
    return document.querySelector(".glightbox-container .gslide.current .gslide-image img");
  }

  function zoomBy(img, factor) {
    var slide = img.closest(".gslide");
    if (!slide.classList.contains("zoomed")) {
      if (factor > 1) img.click(); // first to its own size, as a click does
      return;
    }
    var now = img.getBoundingClientRect().width / img.naturalWidth;
    var next = Math.min(MOST, Math.max(1, now * factor));
    img.style.maxWidth = "none";
    img.style.maxHeight = "none";
    img.style.width = img.naturalWidth * next + "px";
    img.style.height = "auto";
  }

  document.addEventListener(
    "wheel",
    function (event) {
      var img = openedImage();
      if (!img || !img.contains(event.target)) return;
      event.preventDefault();
      zoomBy(img, event.deltaY < 0 ? STEP : 1 / STEP);
    },
    { passive: false }
  );
  document.addEventListener("keydown", function (event) {
    var img = openedImage();
    if (!img) return;
    if (event.key === "+" || event.key === "=") zoomBy(img, STEP);
    if (event.key === "-") zoomBy(img, 1 / STEP);
  });
});
