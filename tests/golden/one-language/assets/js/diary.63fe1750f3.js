// The diary sheet on the "Keep a diary" page (templates/layouts/diary.html). Without this
// script the sheet still works: it is filled in on screen and printed with the browser's own
// Print. The script adds a Print button, and empties the boxes when the reader leaves, so a
// page that Back brings back from the browser's memory does not show what was typed.
// It sends nothing and stores nothing: no request, no cookie, no local or session storage.
(function () {
  "use strict";

  var sheet = document.querySelector("[data-module='diary-sheet']");
  if (!sheet) {
    return;
  }
  var button = sheet.querySelector("[data-diary-print]");
  var hint = sheet.querySelector("[data-diary-print-hint]");

  button.addEventListener("click", function () {
    window.print();
  });
  button.hidden = false;
  hint.hidden = true;

  window.addEventListener("pagehide", function () {
    sheet.querySelectorAll("input, textarea").forEach(function (box) {
      box.value = "";
    });
  });
})();
