/* The browser editor's own script, loaded by /admin/ after Decap CMS (never by the site's
   pages). Its preview pane shows each entry with the site's stylesheet, whose fingerprinted
   address the build writes on this script's tag. */
(function () {
  "use strict";

  var style = document.currentScript && document.currentScript.getAttribute("data-preview-style");
  if (window.CMS && style) {
    window.CMS.registerPreviewStyle(style);
  }
})();
