/* The browser editor's own script, loaded by /admin/ after Decap CMS (never by the site's
   pages). The build writes on this script's tag the site's stylesheet (data-preview-style) and,
   as JSON (data-words), the strings and figure definitions the site's pages are made from,
   so that:
   - the preview shows a page, a report or a summary the way the site lays it out
     (templates/layouts/page.html and report.html), in the site's words and styles;
   - a count is typed into a plain box and saved as a number only when it is one: Decap's own
     number box cuts 450.5 to 450 and "1e3" to 1 without a word;
   - Decap's interface speaks plainly (the "editor" strings) instead of "locale" and "Oops". */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h; // React's createElement, as Decap provides it
  var tag = document.currentScript;
  var style = tag && tag.getAttribute("data-preview-style");
  var given = JSON.parse((tag && tag.getAttribute("data-words")) || "{}");
  var words = given.words || {};
  if (!CMS || !h || !window.createClass) {
    return;
  }
  if (style) {
    CMS.registerPreviewStyle(style);
  }

  /* --- plain words: the "editor" strings put in place of Decap's own ------------------- */

  // Our strings name their blanks {field}; Decap's phrases name them %{fieldLabel}.
  function phrase(text, names) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return "%{" + (names[name] || name) + "}";
    });
  }

  function put(phrases, path, text) {
    var keys = path.split(".");
    var at = phrases;
    keys.slice(0, -1).forEach(function (key) {
      at[key] = at[key] || {};
      at = at[key];
    });
    at[keys[keys.length - 1]] = text;
  }

  var said = words.editor;
  if (said && CMS.getLocale) {
    // A copy of Decap's English with ours over it: Decap shows "en" unless told otherwise.
    var plain = JSON.parse(JSON.stringify(CMS.getLocale("en") || {}));
    var widget = "editor.editorControlPane.widget.";
    var languages = "editor.editorControlPane.i18n.";
    var field = { field: "fieldLabel" };
    put(plain, "ui.toast.missingRequiredField", said.not_saved);
    put(plain, widget + "required", phrase(said.required, field));
    put(plain, widget + "regexPattern", phrase(said.pattern, { field: "fieldLabel", rule: "pattern" }));
    put(plain, widget + "min", phrase(said.minimum, { field: "fieldLabel", minimum: "minValue" }));
    put(plain, languages + "writingInLocale", phrase(said.language, { language: "locale" }));
    put(plain, languages + "copyFromLocale", said.copy);
    put(plain, languages + "copyFromLocaleConfirm", phrase(said.copy_confirm, { language: "locale" }));
    put(plain, "editor.editorInterface.toggleI18n", said.show_languages);
    put(plain, "editor.editorInterface.togglePreview", said.show_preview);
    put(plain, "editor.editorToolbar.deployButtonLabel", said.view_live);
    put(plain, "editor.editorToolbar.backCollection", phrase(said.back, { list: "collectionLabel" }));
    CMS.registerLocale("en", plain);
  }

  // With `serve --editor`, config.yml names the local backend, which has no review steps:
  // Publish saves into the files at once. Say so, all the time, at the foot of the screen.
  if (said && window.fetch) {
    window
      .fetch("config.yml")
      .then(function (answer) {
        return answer.text();
      })
      .then(function (text) {
        if (/^local_backend:/m.test(text)) {
          var note = document.createElement("p");
          note.className = "editor-local-note";
          note.setAttribute("role", "status");
          note.textContent = said.local;
          document.body.appendChild(note);
        }
      })
      .catch(function () {});
  }

  /* --- one entry's form at a time ------------------------------------------------------ */

  // Decap CMS 3.x, sent from one entry's form straight to another's by an address typed or
  // followed (only the part after "#" changes, so the page is not loaded again), kept the
  // first entry's words in the second's form. Loading the page again gives each its own.
  // Decap's own steps, from a new entry to it once saved or to a new one, are left alone.
  var entryRoute = /^#\/collections\/([^/]+)\/(entries\/.+|new)$/;
  window.addEventListener("hashchange", function (event) {
    var before = entryRoute.exec(new URL(event.oldURL).hash);
    var after = entryRoute.exec(new URL(event.newURL).hash);
    if (!before || !after || before[0] === after[0]) {
      return;
    }
    var ownStep = before[1] === after[1] && (before[2] === "new" || after[2] === "new");
    if (!ownStep) {
      window.location.reload();
    }
  });

  /* --- a count, saved as a number only when it is one ----------------------------------- */

  var WholeNumber = window.createClass({
    handleChange: function (event) {
      var text = event.target.value;
      // The field's own pattern (hub/write/cms.py) says what a whole number looks like; text
      // that is not one is kept as typed, so the form shows the build's message beside it.
      var pattern = this.props.field.getIn(["pattern", 0]);
      this.props.onChange(pattern && new RegExp(pattern).test(text) ? Number(text) : text);
    },
    render: function () {
      var value = this.props.value;
      return h("input", {
        type: "text",
        inputMode: "numeric",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: value === undefined || value === null ? "" : String(value),
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle
      });
    }
  });
  CMS.registerWidget("whole_number", WholeNumber, function (props) {
    return h("span", null, props.value === undefined ? "" : String(props.value));
  });

  /* --- a date as people write it: day, month, year ------------------------------------ */

  function pad(text) {
    return text.length === 1 ? "0" + text : text;
  }

  // "2025-01-10" when the three boxes make a real date; else what was typed, which the
  // field's pattern then refuses with its message.
  function dayValue(day, month, year) {
    var made = year + "-" + pad(month) + "-" + pad(day);
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(made);
    var real = parts && new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    if (real && real.getUTCMonth() === +parts[2] - 1 && real.getUTCDate() === +parts[3]) {
      return made;
    }
    return day || month || year ? [day, month, year].join(" / ") : "";
  }

  var Day = window.createClass({
    getInitialState: function () {
      var value = this.props.value;
      if (value instanceof Date) {
        value = value.toISOString().slice(0, 10);
      }
      var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
      return parts
        ? { day: String(+parts[3]), month: String(+parts[2]), year: parts[1] }
        : { day: "", month: "", year: "" };
    },
    change: function (part, event) {
      var next = Object.assign({}, this.state);
      next[part] = event.target.value.trim();
      this.setState(next);
      this.props.onChange(dayValue(next.day, next.month, next.year));
    },
    render: function () {
      var self = this;
      var label = this.props.field.get("label", this.props.field.get("name"));
      var boxes = [
        ["day", 2],
        ["month", 2],
        ["year", 4]
      ];
      return h(
        "div",
        { className: this.props.classNameWrapper + " editor-day", role: "group", "aria-label": label },
        boxes.map(function (box, n) {
          var name = (said && said[box[0]]) || box[0];
          return h(
            "label",
            { className: "editor-day__part", key: box[0] },
            h("span", { className: "editor-day__name" }, name),
            h("input", {
              type: "text",
              inputMode: "numeric",
              id: n === 0 ? self.props.forID : undefined,
              "aria-label": label + ": " + name,
              size: box[1],
              maxLength: box[1],
              value: self.state[box[0]],
              onChange: self.change.bind(self, box[0]),
              onFocus: self.props.setActiveStyle,
              onBlur: self.props.setInactiveStyle
            })
          );
        })
      );
    }
  });
  CMS.registerWidget("day", Day, function (props) {
    return h("span", null, props.value ? when(props.value) : "");
  });

  /* --- previews, laid out as the site's templates lay out pages ------------------------- */

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

  if (!words.report) {
    return; // written by an older build: Decap's own preview lists the fields
  }
  var t = words.report;

  // A string with its {names} filled in, as the build's `fill` does.
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  function sentence(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // 1264 as "1,264", as the build writes every number; what is not a number yet, as typed.
  function number(value) {
    return typeof value === "number" ? value.toLocaleString("en-GB") : String(value);
  }

  function figure(value, qualifier) {
    var shown = number(value);
    if (qualifier === "more than") {
      return fill(words.figures.more_than, { number: shown });
    }
    if (qualifier === "about") {
      return fill(words.figures.about, { number: shown });
    }
    return shown;
  }

  // "2024-07" as "July 2024", "2024-07-08" (or a date) as "8 July 2024".
  function when(value) {
    if (value instanceof Date) {
      value = value.toISOString().slice(0, 10);
    }
    var parts = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(String(value || ""));
    if (!parts) {
      return String(value || "");
    }
    var month = words.dates.months[Number(parts[2]) - 1];
    if (!parts[3]) {
      return fill(words.dates.month, { month: month, year: parts[1] });
    }
    return fill(words.dates.day, { day: Number(parts[3]), month: month, year: parts[1] });
  }

  function isGiven(value) {
    return value !== undefined && value !== null && value !== "";
  }

  function summaryList(rows, modifier) {
    return h(
      "dl",
      { className: "summary-list" + (modifier ? " " + modifier : "") },
      rows.map(function (row, n) {
        return h(
          "div",
          { className: "summary-list__row", key: n },
          h("dt", { className: "summary-list__key" }, row.key),
          h(
            "dd",
            { className: "summary-list__value" },
            row.value,
            row.note ? " " : null,
            row.note ? h("span", { className: "summary-list__note" }, "(" + row.note + ")") : null
          )
        );
      })
    );
  }

  // The figures' rows: each figure the report gives, in data/figures.yaml's order, then its
  // running totals (the page works a total out from the whole series; here from this month).
  function figureRows(report, period) {
    var byKey = {};
    report.figures.forEach(function (entry) {
      if (entry && entry.figure && isGiven(entry.value)) {
        byKey[entry.figure] = entry;
      }
    });
    var rows = given.figures
      .filter(function (known) {
        return byKey[known.key];
      })
      .map(function (known) {
        var entry = byKey[known.key];
        return {
          key: known.label,
          value: sentence(figure(entry.value, entry.qualifier || "exact")),
          note: entry.note || ""
        };
      });
    report.totals.forEach(function (total) {
      var known = given.figures.filter(function (f) {
        return total && f.key === total.figure;
      })[0];
      if (!known) {
        return;
      }
      var month = byKey[known.key];
      if (isGiven(total.opening_balance) && month && typeof month.value === "number") {
        rows.push({
          key: known.total_label,
          value: sentence(figure(total.opening_balance + month.value, month.qualifier || "exact")),
          note: fill(t.worked_out, { balance: number(total.opening_balance), start: period })
        });
      } else if (isGiven(total.stated)) {
        rows.push({
          key: known.total_label,
          value: sentence(figure(total.stated, total.stated_qualifier || "exact")),
          note: t.feed_stated
        });
      }
    });
    return { rows: rows, given: byKey };
  }

  function items(list, draw) {
    return (list || []).filter(Boolean).map(draw);
  }

  var ReportPreview = window.createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var report = data && data.toJS ? data.toJS() : {};
      report.figures = (report.figures || []).filter(Boolean);
      report.totals = (report.totals || []).filter(Boolean);
      var summary = this.props.collection.get("name") === "summaries";
      var period = summary ? report.period || "" : when(report.month);
      var release = report.source || {};
      var found = figureRows(report, period);
      var missing = given.figures
        .filter(function (known) {
          return !found.given[known.key];
        })
        .map(function (known) {
          return known.label;
        });
      var released = when(release.published);
      var sourceRows = [
        { key: t.published_by, value: release.publisher || "" },
        { key: t.source_title, value: release.title || "" }
      ];
      if (release.where) {
        sourceRows.push({ key: t.where, value: release.where });
      }
      sourceRows.push({ key: t.date, value: released });
      return h(
        "main",
        { className: "main width-container" },
        h(
          "article",
          { className: "report" },
          h("p", { className: "caption" }, fill(t.caption, { period: period })),
          h("h1", null, report.title || ""),
          h("p", { className: "lead" }, report.summary || ""),
          h(
            "p",
            { className: "meta" },
            fill(t.meta, {
              publisher: release.publisher || "",
              released: released,
              date: when(report.published)
            })
          ),
          summary ? h("p", null, fill(t.summary_note, { period: period, link: t.news_link })) : null,
          h("h2", { id: "figures" }, sentence(fill(t.figures_heading, { period: period }))),
          found.rows.length ? summaryList(found.rows) : h("p", null, t.no_figures),
          missing.length ? h("p", null, fill(t.not_reported, { figures: missing.join(", ") })) : null,
          report.statements && report.statements.length ? h("h2", { id: "claims" }, t.claims_heading) : null,
          report.statements && report.statements.length ? h("p", null, t.claims_intro) : null,
          items(report.statements, function (statement, n) {
            return h(
              "div",
              { className: "statement", key: "s" + n },
              h("p", { className: "statement__text" }, statement.text || ""),
              h(
                "p",
                { className: "statement__by" },
                fill(t.said_by, {
                  speaker: statement.speaker || "",
                  period: statement.period || t.no_period
                })
              )
            );
          }),
          report.highlights && report.highlights.length ? h("h2", { id: "highlights" }, t.highlights) : null,
          items(report.highlights, function (item, n) {
            return [h("h3", { key: "t" + n }, item.title || ""), h("p", { key: "p" + n }, item.text || "")];
          }),
          report.quotes && report.quotes.length ? h("h2", { id: "what-people-said" }, t.quotes) : null,
          items(report.quotes, function (quote, n) {
            return h(
              "figure",
              { className: "quote", key: "q" + n },
              h("blockquote", null, h("p", null, quote.text || "")),
              h(
                "figcaption",
                null,
                (quote.name ? quote.name + ", " : "") + (quote.role || ""),
                quote.example ? " " : null,
                quote.example ? h("span", { className: "tag tag--grey" }, t.example_quote) : null
              )
            );
          }),
          h("h2", { id: "source" }, t.source),
          summaryList(sourceRows, "summary-list--plain"),
          h("p", null, release.url ? h("a", { href: release.url }, t.read_source) : t.no_link)
        )
      );
    }
  });
  ["reports", "summaries"].forEach(function (collection) {
    CMS.registerPreviewTemplate(collection, ReportPreview);
  });
})();
