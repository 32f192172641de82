/* The browser editor's own script, loaded by /admin/ after Decap CMS (never by the site's
   pages). Its preview pane shows each entry with the site's stylesheet, whose fingerprinted
   address the build writes on this script's tag, and shows a page the way the site lays it
   out (templates/layouts/page.html): a main heading, the summary as its lead paragraph, then
   the text. Reports and settings keep Decap's own preview, which lists every field, so it
   follows any change to their fields. */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h; // React's createElement, as Decap provides it
  var style = document.currentScript && document.currentScript.getAttribute("data-preview-style");
  if (!CMS || !h || !window.createClass) {
    return;
  }
  if (style) {
    CMS.registerPreviewStyle(style);
  }

  var PagePreview = window.createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h(
        "main",
        { className: "main width-container" },
        h("h1", null, data.get("title")),
        h("p", { className: "lead" }, data.get("summary")),
        h("div", { className: "prose" }, this.props.widgetFor("body"))
      );
    }
  });
  ["guidance", "pages", "home"].forEach(function (collection) {
    CMS.registerPreviewTemplate(collection, PagePreview);
  });
})();
