/* Site search on /search/, in the index hub/write/search_index.py makes: it fetches the list of
   word files, then only the word files the query needs, then the first results' titles,
   summaries and section headings. English words are stemmed first (stemmer.js), as the index's. Loaded only on the search page. Without this script the page still offers the A to Z list.
   Results go in an ordered list; the status paragraph is a live region, so screen readers
   hear how many results there are without focus moving away from the search box.
   A reader's words never enter the address or the tab's history: the form is never sent, the
   box has no name (so even a form sent by mistake carries no words), and nothing here calls
   pushState or replaceState with them. A search lasts while the page is open. */
(function () {
  "use strict";

  var MAX_RESULTS = 10;
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
  var KEY_LENGTH = 3;
  var PAGES_PER_FILE = 1;
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

  // Returns whether the index has a word file for `key`: index.json lists the keys by their
  // first two letters, then each key's third letter ("." for none).
  function hasKey(index, key) {
    var letters = Array.from(key);
    var rests = index.keys[letters.slice(0, 2).join("")];
    return rests !== undefined && Array.from(rests).indexOf(letters[2] || ".") >= 0;
  }

  function wordFile(key) {
    return "words/" + key.replace(/[^a-z0-9]/gu, function (letter) {
      return "_" + letter.codePointAt(0).toString(16);
    }) + ".json";
  }

  // Returns the form the index files a folded word under: its Snowball stem in English
  // (stemmer.js, the algorithm hub/write/search_index.py stems the pages with), else the word.
  var stemmer = /^en(-|$)/i.test(document.documentElement.lang) ? window.siteStem : null;
  function stem(word) {
    return stemmer ? stemmer(word) : word;
  }

  // Welsh changes a word's first letters after some words ("cymydog", "gyda chymydog"): a word
  // typed as in the dictionary is looked up in each of the forms it can take (soft, nasal and
  // aspirate mutations). No maintained Welsh stemmer exists to do more.
  var MUTATIONS = /^cy(-|$)/i.test(document.documentElement.lang) ? [
    ["ll", ["l"]], ["rh", ["r"]], ["p", ["b", "mh", "ph"]], ["t", ["d", "nh", "th"]],
    ["c", ["g", "ngh", "ch"]], ["b", ["f", "m"]], ["d", ["dd", "n"]], ["g", ["", "ng"]],
    ["m", ["f"]]
  ] : [];

  // Returns the forms a term is looked up in: as stemmed, as typed, and its mutations.
  function formsOf(typed, stemmed) {
    var forms = [stemmed, typed];
    var rule = MUTATIONS.filter(function (pair) { return typed.indexOf(pair[0]) === 0; })[0];
    if (rule) {
      rule[1].forEach(function (start) {
        var form = start + typed.slice(rule[0].length);
        if (form.length >= 3) {
          forms.push(form);
        }
      });
    }
    return forms.filter(function (form, n) { return forms.indexOf(form) === n; });
  }

  // Returns what to look up for the query: each word (as typed and as stemmed), and each pair of
  // neighbouring words joined up, so "fly tipping" meets "flytipping" and "fly-tipping" (the index
  // holds a hyphenated word joined up too). `covers` are the numbers of the words a term stands for.
  function termsOf(query) {
    var typed = wordsOf(query).filter(function (word, n, all) {
      return all.indexOf(word) === n;
    });
    var terms = typed.map(function (word, n) {
      return { typed: word, forms: formsOf(word, stem(word)), covers: [n] };
    });
    for (var n = 0; n + 1 < typed.length; n += 1) {
      var joined = typed[n] + typed[n + 1];
      terms.push({ typed: joined, forms: formsOf(joined, stem(joined)), covers: [n, n + 1], joined: true });
    }
    return { words: typed, terms: terms };
  }

  // Returns page number -> score for one term: the best of the indexed words that start with it
  // (as stemmed or as typed), or else that are most of the start of a word typed ("emergenc"
  // finds "emerg"): each page's weight (BM25's, written by the index) times how rare the word is.
  // Notes in `places` (page number -> section number) the page's first section that holds one.
  var PREFIX = 0.5; // a longer word that starts with the term counts half
  function scores(term, entries, pageCount, places) {
    var found = {};
    var indexed = Object.keys(entries);
    var matches = indexed.filter(function (word) {
      return term.forms.some(function (form) { return word.indexOf(form) === 0; });
    });
    if (!matches.length && !term.joined) {
      matches = indexed.filter(function (word) {
        return word.length >= Math.max(4, term.typed.length - 3) && term.typed.indexOf(word) === 0;
      });
    }
    matches.forEach(function (word) {
      // [gap, weight, ..., sections]: each page's number less the last's and the word's weight
      // on it, then a letter a page: the number (from 1, base 36) of its first h2 section the
      // word is in ("0" for none), left out for a word on more than half the pages
      var pages = entries[word];
      var sections = pages.length % 2 ? pages[pages.length - 1] : "";
      var count = Math.floor(pages.length / 2);
      var rarity = Math.log(1 + (pageCount - count + 0.5) / (count + 0.5));
      var whole = term.forms.indexOf(word) >= 0 || term.typed.indexOf(word) === 0;
      var page = 0;
      for (var n = 0; n + 1 < pages.length; n += 2) {
        page += pages[n];
        var score = pages[n + 1] * rarity * (whole ? 1 : PREFIX);
        found[page] = Math.max(found[page] || 0, score);
        var section = parseInt(sections[n / 2] || "0", 36);
        if (section && !(places[page] <= section)) {
          places[page] = section;
        }
      }
    });
    return found;
  }

  // Returns whether one letter changed, added, taken out, or two neighbours swapped, make `a`
  // into `b`.
  function oneApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) {
      return false;
    }
    var n = 0;
    while (n < a.length && a[n] === b[n]) {
      n += 1;
    }
    return a.slice(n + 1) === b.slice(n + 1) || a.slice(n) === b.slice(n + 1) ||
      a.slice(n + 1) === b.slice(n) ||
      (a[n] === b[n + 1] && a[n + 1] === b[n] && a.slice(n + 2) === b.slice(n + 2));
  }

  // Returns the indexed word one letter away from `term` that is on the most pages, among the
  // word files already fetched, or "".
  function suggestion(term, fetched) {
    var best = "";
    var most = 0;
    fetched.forEach(function (entries) {
      Object.keys(entries).forEach(function (word) {
        var pages = Math.floor(entries[word].length / 2);
        if (pages > most && term.forms.some(function (form) { return oneApart(word, form); })) {
          best = word;
          most = pages;
        }
      });
    });
    return best;
  }

  // Returns the query's answer: the numbers of the pages with any of its words, best first (a
  // page's score is the sum of its terms' scores, times the share of the words it has), the words
  // no page has, the word searched for instead of one of them, and each page's first section
  // holding one of the words (page number -> section number from 1).
  function rank(query) {
    var asked = termsOf(query);
    return fetchJson("index.json").then(function (index) {
      var lookups = asked.terms.filter(function (term) {
        return term.forms.some(function (form) { return hasKey(index, keyOf(form)); });
      });
      var files = {};
      lookups.forEach(function (term) {
        term.forms.forEach(function (form) {
          if (hasKey(index, keyOf(form))) {
            files[keyOf(form)] = fetchJson(wordFile(keyOf(form)));
          }
        });
      });
      var keys = Object.keys(files);
      return Promise.all(keys.map(function (key) { return files[key]; })).then(function (loaded) {
        var byKey = {};
        keys.forEach(function (key, n) { byKey[key] = loaded[n]; });
        return answer(asked, byKey, index.pages);
      });
    });
  }

  function answer(asked, byKey, pageCount) {
    var fetched = Object.keys(byKey).map(function (key) { return byKey[key]; });
    var totals = {};
    var covered = {}; // page -> the numbers of the words it has
    var places = {};
    var found = asked.words.map(function () { return false; });
    var corrected = null;
    function add(term) {
      var entries = term.forms.map(function (form) { return byKey[keyOf(form)]; })
        .filter(function (words, n, all) { return all.indexOf(words) === n; });
      var perPage = {};
      entries.forEach(function (words) {
        if (words) {
          var some = scores(term, words, pageCount, places);
          Object.keys(some).forEach(function (page) {
            perPage[page] = Math.max(perPage[page] || 0, some[page]);
          });
        }
      });
      Object.keys(perPage).forEach(function (page) {
        totals[page] = (totals[page] || 0) + perPage[page];
        covered[page] = (covered[page] || []).concat(term.covers);
        term.covers.forEach(function (n) { found[n] = true; });
      });
    }
    asked.terms.forEach(add);
    var missing = asked.words.filter(function (word, n) { return !found[n]; });
    if (missing.length === 1 && asked.words.length > 0) {
      var n = asked.words.indexOf(missing[0]);
      var term = asked.terms[n];
      var instead = suggestion(term, fetched);
      if (instead) {
        corrected = { word: missing[0], suggestion: instead };
        missing = [];
        add({ typed: instead, forms: [instead], covers: [n] });
      }
    }
    var wanted = asked.words.length - missing.length;
    var pages = Object.keys(totals).map(Number);
    var score = {};
    pages.forEach(function (page) {
      var share = covered[page].filter(function (n, i, all) { return all.indexOf(n) === i; }).length;
      score[page] = totals[page] * share / Math.max(wanted, 1);
    });
    pages.sort(function (a, b) {
      return score[b] - score[a] || a - b;
    });
    return {
      pages: pages, missing: missing, corrected: corrected, words: asked.words, places: places
    };
  }

  // Returns whether a word of a page's text is one the reader searched for: it, or its stem,
  // starts with one of their words' forms (as typed, stemmed, mutated, or searched instead).
  function matcher(answer) {
    var forms = [];
    answer.words.forEach(function (word) {
      if (answer.missing.indexOf(word) < 0) {
        forms = forms.concat(formsOf(word, stem(word)));
      }
    });
    if (answer.corrected) {
      forms.push(answer.corrected.suggestion);
    }
    return function (word) {
      var folded = fold(word);
      var stemmed = stem(folded);
      return forms.some(function (form) {
        return form && (folded.indexOf(form) === 0 || stemmed.indexOf(form) === 0);
      });
    };
  }

  // Appends `words` to `parent` as text, with <mark> round each word the search matched.
  function appendMarked(parent, words, matches) {
    var last = 0;
    words.replace(WORD, function (word, at) {
      if (matches(word)) {
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

  // A result: its title as a link, its summary, and the first section (h2) that the words
  // searched for are in (`place`, its number from 1; 0 for none), linking to its heading. All
  // made as text, never as HTML.
  function resultItem(page, place, matches) {
    var item = document.createElement("li");
    item.className = "site-search__result";
    var heading = document.createElement("h2");
    heading.className = "site-search__result-title";
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.title;
    heading.appendChild(link);
    item.appendChild(heading);
    var summary = document.createElement("p");
    appendMarked(summary, page.summary, matches);
    item.appendChild(summary);
    var section = place ? (page.sections || [])[place - 1] : null;
    if (section) {
      var where = document.createElement("p");
      where.className = "site-search__section";
      where.appendChild(document.createTextNode(text("in-section") + " "));
      var to = document.createElement("a");
      to.href = page.url + "#" + section[0];
      appendMarked(to, section[1], matches);
      where.appendChild(to);
      item.appendChild(where);
    }
    return item;
  }

  function describe(count, shown, query) {
    if (count === 0) {
      return text("no-results", { query: query });
    }
    var found = text(count === 1 ? "result-one" : "result-other", { count: count, query: query });
    return shown < count ? found + " " + text("showing-first", { count: shown }) : found;
  }

  // Returns the sentences said about words left out or searched for instead, if any.
  function notes(answer) {
    var said = [];
    if (answer.corrected) {
      said.push(text("instead", answer.corrected));
    }
    if (answer.missing.length && answer.missing.length < answer.words.length) {
      said.push(text("left-out", { words: answer.missing.join(" ") }));
    }
    return said.join(" ");
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
        return Promise.all(found.pages.slice(0, MAX_RESULTS).map(function (number) {
          var file = Math.floor(number / PAGES_PER_FILE);
          return fetchJson("pages/" + file + ".json").then(function (pages) {
            return pages[number % PAGES_PER_FILE];
          });
        })).then(function (pages) {
          return { count: found.pages.length, pages: pages, found: found };
        });
      })
      .then(function (result) {
        if (ticket !== latest) {
          return;
        }
        var matches = matcher(result.found);
        result.pages.forEach(function (page, n) {
          var place = result.found.places[result.found.pages[n]] || 0;
          list.appendChild(resultItem(page, place, matches));
        });
        var said = describe(result.count, result.pages.length, query);
        var extra = result.count ? notes(result.found) : "";
        status.textContent = extra ? said + " " + extra : said;
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
