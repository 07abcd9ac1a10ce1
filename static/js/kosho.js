// Progressive enhancement only: every page works without this file.
// On a phone the search and filter panel starts folded, so the results come first, unless
// the panel has a message about a filter that could not be read.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 760px)").matches) return;
  for (const panel of document.querySelectorAll("details.refine")) {
    if (!panel.querySelector(".errorlist, .notice")) panel.open = false;
  }
});
