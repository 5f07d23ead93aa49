// archgen: the print view is there to be printed, and paper cannot unfold a block: every folded block (a figure's
// formulas, a decision's details) is opened there at once. The theme does this too when it prints, but not when the
// site is opened from a folder, where its scripts stop at the search index.
document.addEventListener("DOMContentLoaded", function () {
  if (!document.getElementById("print-site-page")) return;
  for (const block of document.querySelectorAll("details")) block.open = true;
});
