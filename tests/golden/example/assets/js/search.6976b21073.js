/* Site search on /search/, using Pagefind's JavaScript API (not its ready-made interface).
   Loaded only on the search page. Without this script the page still offers the A to Z list.
   Results go in an ordered list; the status paragraph is a live region, so screen readers
   hear how many results there are without focus moving away from the search box. */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var root = document.querySelector("[data-module='site-search']");
  if (!root) {
    return;
  }
  var form = root.querySelector("form");
  var input = root.querySelector("input[name='q']");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var noJs = document.querySelector("[data-search-no-js]");
  var pagefind = null;
  var latest = 0; // numbers each search, so a slow earlier one cannot overwrite a later one

  // Returns one of the page's own sentences (in its language), with each {name} filled in.
  function text(name, values) {
    var words = root.getAttribute("data-text-" + name) || "";
    return words.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && key in values ? String(values[key]) : whole;
    });
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(root.getAttribute("data-pagefind-src")).then(function (module) {
        return module.options({ excerptLength: 24 }).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words. Only its text and the
  // marks are copied across, so nothing else in the index can become markup on the page.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var nodes = [];
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "site-search__result";
    var heading = document.createElement("h2");
    heading.className = "site-search__result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerptNodes(data.excerpt || "").forEach(function (node) {
      excerpt.appendChild(node);
    });
    item.appendChild(heading);
    item.appendChild(excerpt);
    return item;
  }

  function describe(count, shown, query) {
    if (count === 0) {
      return text("no-results", { query: query });
    }
    var found = text(count === 1 ? "result-one" : "result-other", { count: count, query: query });
    return shown < count ? found + " " + text("showing-first", { count: shown }) : found;
  }

  function search(query) {
    var ticket = ++latest;
    list.textContent = "";
    if (!query) {
      status.textContent = text("enter-query");
      return;
    }
    status.textContent = text("searching");
    loadPagefind()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (found) {
        var first = found.results.slice(0, MAX_RESULTS);
        return Promise.all(first.map(function (result) {
          return result.data();
        })).then(function (pages) {
          return { count: found.results.length, pages: pages };
        });
      })
      .then(function (answer) {
        if (ticket !== latest) {
          return;
        }
        answer.pages.forEach(function (data) {
          list.appendChild(resultItem(data));
        });
        status.textContent = describe(answer.count, answer.pages.length, query);
      })
      .catch(function () {
        if (ticket === latest) {
          status.textContent = text("failed");
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    // Keep the query in the address, so Back, reload and shared links show the same results.
    var address = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
    window.history.replaceState(null, "", address);
    search(query);
  });

  // Start fetching the index as soon as the reader starts typing, so results come quicker.
  // A failure here is reported by the search itself, so it is ignored.
  input.addEventListener("input", function () {
    loadPagefind().catch(function () {});
  }, { once: true });

  root.hidden = false;
  if (noJs) {
    noJs.hidden = true;
  }
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial.trim());
  }
}());
