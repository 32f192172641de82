/* Site search on /search/, in the index hub/write/search_index.py makes: it fetches the list of
   word files, then only the word files the query needs, then the first results' titles and
   summaries. Loaded only on the search page. Without this script the page still offers the A to Z list.
   Results go in an ordered list; the status paragraph is a live region, so screen readers
   hear how many results there are without focus moving away from the search box.
   A reader's words never enter the address or the tab's history: the form is never sent, the
   box has no name (so even a form sent by mistake carries no words), and nothing here calls
   pushState or replaceState with them. A search lasts while the page is open. */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var root = document.querySelector("[data-module='site-search']");
  if (!root) {
    return;
  }
  var form = root.querySelector("form");
  var input = root.querySelector("[data-search-input]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var noJs = document.querySelector("[data-search-no-js]");
  var indexSrc = root.getAttribute("data-index-src");
  var files = {}; // address -> promise of its parsed JSON, so each file is fetched once
  var latest = 0; // numbers each search, so a slow earlier one cannot overwrite a later one
  // As hub/write/search_index.py: a word file holds the words starting with its key, and a pages file
  // the titles and summaries of PAGES_PER_FILE pages.
  var KEY_LENGTH = 2;
  var PAGES_PER_FILE = 10;
  var WORD = /[\p{L}\p{N}]+/gu; // letters and digits, as the index splits words

  // Returns one of the page's own sentences (in its language), with each {name} filled in.
  function text(name, values) {
    var words = root.getAttribute("data-text-" + name) || "";
    return words.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && key in values ? String(values[key]) : whole;
    });
  }

  function fetchJson(name) {
    if (!files[name]) {
      files[name] = fetch(indexSrc + name).then(function (response) {
        if (!response.ok) {
          throw new Error(name + ": " + response.status);
        }
        return response.json();
      });
      files[name].catch(function () {
        delete files[name]; // a failed fetch is tried again by the next search
      });
    }
    return files[name];
  }

  // Lower case without accents, exactly as the index folds the pages' words.
  function fold(words) {
    return words.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wordsOf(words) {
    return fold(words).match(WORD) || [];
  }

  function keyOf(word) {
    return Array.from(word).slice(0, KEY_LENGTH).join("");
  }

  function wordFile(key) {
    return "words/" + key.replace(/[^a-z0-9]/gu, function (letter) {
      return "_" + letter.codePointAt(0).toString(16);
    }) + ".json";
  }

  // Returns page number -> score for one word of the query: the best of the words in the
  // index that start with it, a whole-word match counting double, rarer words counting more.
  function scores(word, entries, pageCount) {
    var found = {};
    Object.keys(entries).forEach(function (indexed) {
      if (indexed.indexOf(word) !== 0) {
        return;
      }
      var pages = entries[indexed]; // [gap, weight, ...]: each page's number less the last's
      var rarity = Math.log(1 + pageCount / (pages.length / 2));
      var whole = indexed === word ? 2 : 1;
      var page = 0;
      for (var n = 0; n < pages.length; n += 2) {
        page += pages[n];
        found[page] = Math.max(found[page] || 0, pages[n + 1] * rarity * whole);
      }
    });
    return found;
  }

  // Returns the numbers of the pages that have every word of the query, best first.
  function rank(query) {
    var words = wordsOf(query).filter(function (word, n, all) {
      return all.indexOf(word) === n;
    });
    return fetchJson("index.json").then(function (index) {
      if (!words.length || words.some(function (word) {
        return index.keys.indexOf(keyOf(word)) < 0;
      })) {
        return [];
      }
      return Promise.all(words.map(function (word) {
        return fetchJson(wordFile(keyOf(word))).then(function (entries) {
          return scores(word, entries, index.pages);
        });
      })).then(function (perWord) {
        var totals = perWord[0];
        perWord.slice(1).forEach(function (found) {
          Object.keys(totals).forEach(function (page) {
            if (page in found) {
              totals[page] += found[page];
            } else {
              delete totals[page];
            }
          });
        });
        return Object.keys(totals).map(Number).sort(function (a, b) {
          return totals[b] - totals[a] || a - b;
        });
      });
    });
  }

  // Appends `words` to `parent` as text, with <mark> round each word the query starts.
  function appendMarked(parent, words, query) {
    var wanted = wordsOf(query);
    var last = 0;
    words.replace(WORD, function (word, at) {
      var folded = fold(word);
      if (wanted.some(function (w) { return folded.indexOf(w) === 0; })) {
        parent.appendChild(document.createTextNode(words.slice(last, at)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        parent.appendChild(mark);
        last = at + word.length;
      }
      return word;
    });
    parent.appendChild(document.createTextNode(words.slice(last)));
  }

  function resultItem(page, query) {
    var item = document.createElement("li");
    item.className = "site-search__result";
    var heading = document.createElement("h2");
    heading.className = "site-search__result-title";
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.title;
    heading.appendChild(link);
    var summary = document.createElement("p");
    appendMarked(summary, page.summary, query);
    item.appendChild(heading);
    item.appendChild(summary);
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
    rank(query)
      .then(function (found) {
        return Promise.all(found.slice(0, MAX_RESULTS).map(function (number) {
          var file = Math.floor(number / PAGES_PER_FILE);
          return fetchJson("pages/" + file + ".json").then(function (pages) {
            return pages[number % PAGES_PER_FILE];
          });
        })).then(function (pages) {
          return { count: found.length, pages: pages };
        });
      })
      .then(function (answer) {
        if (ticket !== latest) {
          return;
        }
        answer.pages.forEach(function (page) {
          list.appendChild(resultItem(page, query));
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
    event.preventDefault(); // first: a form sent to this static page would only reload it
    search(input.value.trim());
  });

  // Leaving the page clears the box and the results, so Back (which may restore this page as
  // it was left) does not show the words either.
  window.addEventListener("pagehide", function () {
    latest += 1; // a search still under way must not fill the list again
    input.value = "";
    list.textContent = "";
    status.textContent = "";
  });

  // Start fetching the index as soon as the reader starts typing, so results come quicker.
  // A failure here is reported by the search itself, so it is ignored.
  input.addEventListener("input", function () {
    fetchJson("index.json").catch(function () {});
  }, { once: true });

  root.hidden = false;
  if (noJs) {
    noJs.hidden = true;
  }
  // An old link or bookmark may still carry ?q=: its search runs, and the address is put back
  // to the bare page at once, so the words leave the address bar and the tab's Back and
  // Forward list. (The browser's own history already recorded the address it opened.)
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial !== null) {
    window.history.replaceState(null, "", window.location.pathname + window.location.hash);
    input.value = initial;
    search(initial.trim());
  }
}());
