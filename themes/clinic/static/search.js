/*
 * gloss — "clinic" theme: search as you type, offline.
 *
 * No libraries and no network requests: the index is a plain script,
 * search-index.js, that sets window.glossSearchIndex, and the query is stemmed
 * with Snowball's own JavaScript stemmer for the site's language (snowball/,
 * the same algorithm the build stems the index with). Both are loaded by
 * adding <script> elements the first time the search box gets focus, which
 * also works for pages opened straight from disk (file://), where fetch()
 * cannot read local files.
 *
 * Markup this script expects (see docs/themes.md):
 *   <search class="site-search" hidden>            unhidden here
 *     <form data-index="../search-index.js" data-root="../"
 *           data-stemmer="../snowball/base-stemmer.js ../snowball/english-stemmer.js">
 *       <input id="site-search" role="combobox" aria-controls="site-search-results" …>
 *       <div id="site-search-results" role="listbox" hidden></div>
 *       <p id="site-search-status" role="status"></p>
 *
 * The results follow the ARIA 1.2 combobox pattern: focus stays in the input,
 * aria-activedescendant names the active option, and each option is itself a
 * link (<a role="option" href="…">) so a click or a tap simply follows it.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 8;
  // Where a query word is found counts for this much: the question, then a
  // heading, then the summary, then the text.
  var IN_QUESTION = 8;
  var IN_HEADING = 4;
  var IN_SUMMARY = 2;
  var IN_TEXT = 1;
  // Characters of text shown around the first matched word.
  var EXCERPT_BEFORE = 50;
  var EXCERPT_LENGTH = 160;

  var input = document.getElementById("site-search");
  var listbox = document.getElementById("site-search-results");
  if (!input || !listbox || !input.form) {
    return;
  }
  var form = input.form;
  var status = document.getElementById("site-search-status");
  var box = form.closest(".site-search") || form;
  var root = form.getAttribute("data-root") || "";
  var indexUrl = form.getAttribute("data-index");
  var stemmerUrls = (form.getAttribute("data-stemmer") || "").split(/\s+/).filter(Boolean);

  var index = null; // prepared index, once loaded
  var loading = 0; // scripts still loading
  var failed = false;
  var results = [];
  var active = -1;
  var lastQuery = null;

  // ---------- Words ----------

  // The build's folding: lowercase, accents off ("Crème" → "creme").
  function fold(text) {
    return String(text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // The stem of a folded word: the build's own stem when the site has the
  // word, else Snowball's.
  function stem(word) {
    var known = index.vocabulary.get(word);
    if (known !== undefined) {
      return known;
    }
    return index.stemmer ? index.stemmer.stemWord(word) : word;
  }

  // The words of a query to look for. When every word is a stop word (or a
  // single letter), they are used as they are, as prefixes: "an" is on its
  // way to "anesthetic".
  function queryWords(text) {
    var all = words(text);
    var kept = all.filter(function (w) {
      return w.length > 1 && !index.stop.has(w);
    });
    return kept.length ? kept : all;
  }

  // Edits (insert, delete, change, swap two letters) from a to b, or
  // max + 1 once it is more than max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) {
      return max + 1;
    }
    var before = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) {
      prev.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var least = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var d = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
        if (before && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
          d = Math.min(d, before[k - 2] + 1);
        }
        row.push(d);
        least = Math.min(least, d);
      }
      if (least > max) {
        return max + 1;
      }
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // The terms a query word finds: its stem and the synonyms' (exact); the
  // site's words it begins, and, when it matches nothing as typed, the
  // words one edit away (two for words of 8 letters or more) (loose).
  function expand(word) {
    var exact = new Set();
    var loose = new Set();
    var own = stem(word);
    exact.add(own);
    (index.synonyms.get(own) || []).forEach(function (s) {
      exact.add(s);
    });
    var lexicon = index.lexicon;
    for (var i = 0; i < lexicon.length; i++) {
      if (lexicon[i][0].startsWith(word) && !exact.has(lexicon[i][1])) {
        loose.add(lexicon[i][1]);
      }
    }
    if (!index.terms.has(own) && loose.size === 0 && word.length >= 4) {
      var max = word.length >= 8 ? 2 : 1;
      for (var t = 0; t < lexicon.length; t++) {
        if (distance(word, lexicon[t][0], max) <= max) {
          loose.add(lexicon[t][1]);
          (index.synonyms.get(lexicon[t][1]) || []).forEach(function (s) {
            loose.add(s);
          });
        }
      }
    }
    return { exact: exact, loose: loose };
  }

  function prepare(raw) {
    var stemmerName = raw.stemmer ? raw.stemmer.charAt(0).toUpperCase() + raw.stemmer.slice(1) + "Stemmer" : "";
    var Stemmer = stemmerName && window[stemmerName];
    var terms = new Set();
    function termSet(text) {
      var set = new Set(String(text || "").split(" ").filter(Boolean));
      set.forEach(function (t) {
        terms.add(t);
      });
      return set;
    }
    var docs = (raw.docs || []).map(function (d, order) {
      return {
        order: order,
        title: d.t || "",
        url: d.u || "",
        guide: d.g || "",
        topics: Array.isArray(d.o) ? d.o.map(String) : [],
        summary: d.s || "",
        titleTerms: termSet(d.k),
        summaryTerms: termSet(d.m),
        sections: (d.sections || []).map(function (s) {
          return {
            heading: s.h || "",
            anchor: s.a || "",
            text: s.x || "",
            headTerms: termSet(s.k),
            textTerms: termSet(s.w)
          };
        })
      };
    });
    var vocabulary = new Map(Object.entries(raw.vocabulary || {}));
    // Every word the site has, with its stem: the vocabulary's words, and
    // each term as its own word.
    var lexicon = Array.from(vocabulary.entries());
    terms.forEach(function (t) {
      if (!vocabulary.has(t)) {
        lexicon.push([t, t]);
      }
    });
    return {
      docs: docs,
      terms: terms,
      lexicon: lexicon,
      vocabulary: vocabulary,
      stop: new Set((raw.stop || []).map(String)),
      synonyms: new Map(Object.entries(raw.synonyms || {})),
      stemmer: Stemmer ? new Stemmer() : null
    };
  }

  // ---------- Ranking ----------
  //
  // An entry is found when any query word's terms are in it. Entries rank by
  // how many of the query words they have, then by where: in the question
  // first, then in a heading, the summary, the text; a word as typed (or a
  // synonym) before a completed or corrected one. Entries of the same rank
  // keep the index order (the guides' order).
  function weigh(set, found, weight) {
    var best = 0;
    set.forEach(function (t) {
      if (found.exact.has(t)) {
        best = Math.max(best, weight * 2);
      } else if (best < weight && found.loose.has(t)) {
        best = weight;
      }
    });
    return best;
  }

  function search(query) {
    var out = [];
    var expanded = query.map(expand);
    var docs = index.docs;
    var guide = filterValue("site-search-guide");
    var topic = filterValue("site-search-topic");
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      if ((guide && doc.guide !== guide) || (topic && doc.topics.indexOf(topic) < 0)) {
        continue;
      }
      var matched = 0;
      var score = 0;
      var inTitle = 0;
      var best = null;
      var bestScore = 0;
      var sectionScores = doc.sections.map(function () {
        return 0;
      });
      for (var q = 0; q < expanded.length; q++) {
        var found = expanded[q];
        var title = weigh(doc.titleTerms, found, IN_QUESTION);
        var top = Math.max(title, weigh(doc.summaryTerms, found, IN_SUMMARY));
        for (var s = 0; s < doc.sections.length; s++) {
          var sec = doc.sections[s];
          var here = Math.max(weigh(sec.headTerms, found, IN_HEADING), weigh(sec.textTerms, found, IN_TEXT));
          sectionScores[s] += here;
          top = Math.max(top, here);
        }
        if (top > 0) {
          matched++;
          score += top;
        }
        if (title > 0) {
          inTitle++;
        }
      }
      if (!matched) {
        continue;
      }
      for (var t = 0; t < doc.sections.length; t++) {
        if (sectionScores[t] > bestScore) {
          best = doc.sections[t];
          bestScore = sectionScores[t];
        }
      }
      out.push({
        doc: doc,
        // The question has every word found: the entry's top is the place.
        section: inTitle < matched && best && best.anchor ? best : null,
        excerptFrom: best ? best.text : doc.summary,
        matched: matched,
        score: score
      });
    }
    out.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.doc.order - b.doc.order;
    });
    return { found: out, terms: expanded };
  }

  // Whether a word of the page's text is one the query found.
  function isFound(word, terms) {
    var s = stem(fold(word));
    return terms.some(function (found) {
      return found.exact.has(s) || found.loose.has(s);
    });
  }

  // Appends `text` to `parent` with the words the query found in <mark>.
  function appendMarked(parent, text, terms) {
    var re = /[\p{L}\p{N}]+/gu;
    var at = 0;
    var m;
    while ((m = re.exec(text))) {
      if (isFound(m[0], terms)) {
        parent.appendChild(document.createTextNode(text.slice(at, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        at = m.index + m[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // A short piece of `text` around its first found word.
  function excerpt(text, terms) {
    var re = /[\p{L}\p{N}]+/gu;
    var first = 0;
    var m;
    while ((m = re.exec(text))) {
      if (isFound(m[0], terms)) {
        first = m.index;
        break;
      }
    }
    var start = Math.max(0, first - EXCERPT_BEFORE);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + EXCERPT_LENGTH);
    if (end < text.length) {
      var lastSpace = text.lastIndexOf(" ", end);
      end = lastSpace > first ? lastSpace : end;
    }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  // ---------- Rendering ----------

  function optionId(i) {
    return "site-search-option-" + i;
  }

  function render(found, terms) {
    results = found.slice(0, MAX_RESULTS);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    listbox.textContent = "";
    results.forEach(function (r, i) {
      var a = document.createElement("a");
      a.id = optionId(i);
      a.className = "site-search-option";
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      a.href = root + r.doc.url + (r.section ? "#" + r.section.anchor : "");

      var title = document.createElement("span");
      title.className = "site-search-option-title";
      appendMarked(title, r.doc.title, terms);
      a.appendChild(title);

      var meta = document.createElement("span");
      meta.className = "site-search-option-meta";
      var where = r.doc.guide;
      if (r.section) {
        where += (where ? " · " : "") + "Section: " + r.section.heading;
      }
      meta.textContent = where;
      if (where) {
        a.appendChild(document.createTextNode(" "));
        a.appendChild(meta);
      }
      var text = excerpt(r.excerptFrom, terms);
      if (text) {
        var quote = document.createElement("span");
        quote.className = "site-search-option-excerpt";
        appendMarked(quote, text, terms);
        a.appendChild(document.createTextNode(" "));
        a.appendChild(quote);
      }
      listbox.appendChild(a);
    });
    setOpen(results.length > 0);
  }

  function say(text) {
    if (status && status.textContent !== text) {
      status.textContent = text;
    }
  }

  function announce(total) {
    if (total === 0) {
      say("No results");
    } else if (total === 1) {
      say("1 result");
    } else if (total > MAX_RESULTS) {
      say(total + " results, showing the first " + MAX_RESULTS);
    } else {
      say(total + " results");
    }
  }

  function setOpen(open) {
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      setActive(-1);
    }
  }

  function isOpen() {
    return !listbox.hidden;
  }

  function setActive(i) {
    var options = listbox.querySelectorAll("[role=option]");
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "false");
    }
    active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
  }

  function update() {
    if (!index) {
      if (input.value) {
        load();
        if (failed) {
          say("Search is not available right now");
        }
      }
      return; // update() runs again when the index arrives
    }
    var query = queryWords(input.value);
    var key = [query.join(" "), filterValue("site-search-guide"), filterValue("site-search-topic")].join("\n");
    if (key === lastQuery) {
      if (results.length && !isOpen()) {
        setOpen(true);
      }
      return;
    }
    lastQuery = key;
    if (!query.length) {
      render([], []);
      say("");
      return;
    }
    var answer = search(query);
    render(answer.found, answer.terms);
    announce(answer.found.length);
  }

  // ---------- Loading the index and the stemmer ----------

  // ---------- Filters ----------
  //
  // A guide and a topic to search in, made from the index once it is
  // loaded (so a page's HTML does not grow with the site): a guide list when
  // the site has more than one guide, a topic list when entries have topics.

  function filterValue(id) {
    var select = document.getElementById(id);
    return select ? select.value : "";
  }

  function filterList(id, label, all, values) {
    var wrap = document.createElement("span");
    wrap.className = "site-search-filter";
    var name = document.createElement("label");
    name.htmlFor = id;
    name.textContent = label;
    var select = document.createElement("select");
    select.id = id;
    [""].concat(values).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value || all;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      update();
    });
    wrap.appendChild(name);
    wrap.appendChild(select);
    return wrap;
  }

  function addFilters() {
    var guides = [];
    var topics = [];
    index.docs.forEach(function (doc) {
      if (doc.guide && guides.indexOf(doc.guide) < 0) {
        guides.push(doc.guide);
      }
      doc.topics.forEach(function (t) {
        if (topics.indexOf(t) < 0) {
          topics.push(t);
        }
      });
    });
    topics.sort(function (a, b) {
      return a.localeCompare(b);
    });
    if (guides.length < 2 && !topics.length) {
      return;
    }
    var row = document.createElement("div");
    row.className = "site-search-filters";
    if (guides.length > 1) {
      row.appendChild(filterList("site-search-guide", "Guide", "All guides", guides));
    }
    if (topics.length) {
      row.appendChild(filterList("site-search-topic", "Topic", "All topics", topics));
    }
    // Above the input: the open list of results, below it, would cover them.
    var field = listbox.parentNode;
    field.parentNode.insertBefore(row, field);
  }

  function ready() {
    index = prepare(window.glossSearchIndex);
    addFilters();
    lastQuery = null;
    if (input.value) {
      update();
    }
  }

  function unavailable() {
    failed = true;
    say("Search is not available right now");
  }

  // Adds the stemmer's scripts and the index's, run in that order; ready()
  // once all have run.
  function load() {
    if (index || loading || failed) {
      return;
    }
    if (window.glossSearchIndex && !stemmerUrls.length) {
      ready();
      return;
    }
    if (!indexUrl) {
      failed = true;
      return;
    }
    var urls = stemmerUrls.concat(window.glossSearchIndex ? [] : [indexUrl]);
    loading = urls.length;
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      // Dynamically added scripts run as they arrive unless told otherwise:
      // the stemmer's base must run before the stemmer.
      script.async = false;
      script.onload = function () {
        loading--;
        if (loading === 0 && !failed) {
          if (window.glossSearchIndex) {
            ready();
          } else {
            unavailable();
          }
        }
      };
      script.onerror = function () {
        loading--;
        unavailable();
      };
      document.head.appendChild(script);
    });
  }

  // ---------- Events ----------

  function open(i) {
    var options = listbox.querySelectorAll("[role=option]");
    var target = options[i >= 0 ? i : 0];
    if (target) {
      setOpen(false);
      window.location.href = target.href;
    }
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", update);

  input.addEventListener("keydown", function (event) {
    if (event.isComposing) {
      return;
    }
    var count = results.length;
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!count) {
          return;
        }
        event.preventDefault();
        if (!isOpen()) {
          setOpen(true);
          setActive(0);
        } else {
          setActive(active + 1 < count ? active + 1 : 0);
        }
        break;
      case "ArrowUp":
      case "Up":
        if (!count) {
          return;
        }
        event.preventDefault();
        if (!isOpen()) {
          setOpen(true);
          setActive(count - 1);
        } else {
          setActive(active > 0 ? active - 1 : count - 1);
        }
        break;
      case "Enter":
        event.preventDefault();
        if (count) {
          open(isOpen() ? active : 0);
        }
        break;
      case "Escape":
      case "Esc":
        if (isOpen()) {
          event.preventDefault();
          setOpen(false);
        }
        // Otherwise the browser clears the search field (type="search").
        break;
      default:
        break;
    }
  });

  // Keep the focus in the input while an option is pressed with a mouse;
  // the click that follows opens the link.
  listbox.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });

  listbox.addEventListener("mousemove", function (event) {
    var option = event.target.closest && event.target.closest("[role=option]");
    if (!option) {
      return;
    }
    var options = Array.prototype.indexOf.call(listbox.children, option);
    if (options !== active && options >= 0) {
      setActive(options);
    }
  });

  // Close the list when the focus leaves the search box.
  form.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) {
      setOpen(false);
    }
  });

  input.addEventListener("click", function () {
    if (results.length && !isOpen()) {
      setOpen(true);
    }
  });

  // Close when the user clicks or taps anywhere else.
  document.addEventListener("pointerdown", function (event) {
    if (isOpen() && !form.contains(event.target)) {
      setOpen(false);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (results.length) {
      open(active);
    }
  });

  // The box stays hidden when scripts do not run.
  box.hidden = false;

  // A search typed before this script ran (or restored by the browser on
  // "back") is picked up.
  if (input.value) {
    load();
    update();
  }
})();
