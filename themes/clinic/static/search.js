/*
 * gloss — "clinic" theme: search as you type, offline.
 *
 * No libraries and no network requests: the index is a plain script,
 * search-index.js, that sets window.glossSearchIndex. It is loaded by adding
 * a <script> element the first time the search box gets focus, which also
 * works for pages opened straight from disk (file://), where fetch() cannot
 * read local files.
 *
 * Markup this script expects (see docs/themes.md):
 *   <search class="site-search" hidden>            unhidden here
 *     <form data-index="../search-index.js" data-root="../">
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

  // The index leaves out one-letter words and the commonest English words.
  // A query word that can never be in it must not be required to match.
  // An index may list its own (`stop: [...]`); this is gloss's list.
  var STOP_WORDS = [
    "the", "and", "to", "of", "a", "an", "in", "is", "it", "you", "your",
    "that", "this", "for", "on", "are", "be", "with", "as", "or", "can", "at",
    "by", "from", "if", "so", "but", "not", "they", "their", "there", "these",
    "those", "was", "were", "will", "may", "do", "does", "has", "have", "its",
    "we", "our", "us", "than", "then", "also", "into"
  ];
  var stop = new Set(STOP_WORDS);

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

  var docs = null; // prepared index, once loaded
  var loading = false;
  var failed = false;
  var results = [];
  var active = -1;
  var lastQuery = null;

  // ---------- Text ----------

  // The same normalisation the index uses: lowercase, letters and digits
  // only; accents are folded so "creme" finds "crème".
  function words(text) {
    var folded = String(text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
    return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // The words of a query that must match. When every word is a stop word
  // (or a single letter), they are used as they are, as prefixes: "an" is
  // on its way to "anesthetic".
  function queryWords(text) {
    var all = words(text);
    var kept = all.filter(function (w) {
      return w.length > 1 && !stop.has(w);
    });
    return kept.length ? kept : all;
  }

  function prepare(index) {
    if (index && Array.isArray(index.stop)) {
      stop = new Set(index.stop.map(String));
    }
    var raw = (index && index.docs) || [];
    return raw.map(function (d, order) {
      var sections = (d.sections || []).map(function (s) {
        return {
          heading: s.h || "",
          anchor: s.a || "",
          headWords: words(s.h),
          // The index words are already lowercase and space-separated;
          // splitting them again folds accents and inner punctuation the
          // same way as the query.
          textWords: words(s.w)
        };
      });
      return {
        order: order,
        title: d.t || "",
        url: d.u || "",
        guide: d.g || "",
        titleWords: words(d.t),
        summaryWords: words(d.s),
        sections: sections
      };
    });
  }

  // How many of the query words start one of `list`'s words.
  function hits(list, query) {
    var n = 0;
    for (var q = 0; q < query.length; q++) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].startsWith(query[q])) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  function matches(list, word) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].startsWith(word)) {
        return true;
      }
    }
    return false;
  }

  // ---------- Ranking ----------
  //
  // Every query word must start a word somewhere in the entry (question,
  // summary, a heading or the text). Entries rank by where the words are:
  // in the question first, then in a heading, then in the text; entries of
  // the same rank keep the index order (the guides' order).
  function search(query) {
    var out = [];
    if (!docs || !query.length) {
      return out;
    }
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      var all = true;
      for (var q = 0; q < query.length && all; q++) {
        var w = query[q];
        var found = matches(doc.titleWords, w) || matches(doc.summaryWords, w);
        for (var s = 0; !found && s < doc.sections.length; s++) {
          found = matches(doc.sections[s].headWords, w) || matches(doc.sections[s].textWords, w);
        }
        all = found;
      }
      if (!all) {
        continue;
      }
      var inTitle = hits(doc.titleWords, query);
      var best = null;
      var bestHead = 0;
      var bestText = 0;
      for (var t = 0; t < doc.sections.length; t++) {
        var sec = doc.sections[t];
        var h = hits(sec.headWords, query);
        var x = hits(sec.textWords, query);
        if (h > bestHead || (h === bestHead && x > bestText)) {
          best = sec;
          bestHead = h;
          bestText = x;
        }
      }
      var tier = inTitle === query.length ? 0 : bestHead > 0 ? 1 : 2;
      var section = null;
      if (tier > 0 && best && best.anchor && (bestHead > 0 || bestText > 0)) {
        section = best;
      }
      out.push({
        doc: doc,
        section: section,
        tier: tier,
        score: inTitle * 100 + bestHead * 10 + bestText
      });
    }
    out.sort(function (a, b) {
      return a.tier - b.tier || b.score - a.score || a.doc.order - b.doc.order;
    });
    return out;
  }

  // ---------- Rendering ----------

  function optionId(i) {
    return "site-search-option-" + i;
  }

  function render(found) {
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
      title.textContent = r.doc.title;
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
    var query = queryWords(input.value);
    var key = query.join(" ");
    if (key === lastQuery && docs) {
      if (results.length && !isOpen()) {
        setOpen(true);
      }
      return;
    }
    if (!query.length) {
      lastQuery = key;
      render([]);
      say("");
      return;
    }
    if (!docs) {
      load();
      if (failed) {
        say("Search is not available right now");
      }
      return; // update() runs again when the index arrives
    }
    lastQuery = key;
    var found = search(query);
    render(found);
    announce(found.length);
  }

  // ---------- Loading the index ----------

  function ready() {
    docs = prepare(window.glossSearchIndex);
    lastQuery = null;
    if (input.value) {
      update();
    }
  }

  function load() {
    if (docs || loading || failed) {
      return;
    }
    if (window.glossSearchIndex) {
      ready();
      return;
    }
    if (!indexUrl) {
      failed = true;
      return;
    }
    loading = true;
    var script = document.createElement("script");
    script.src = indexUrl;
    script.async = true;
    script.onload = function () {
      loading = false;
      if (window.glossSearchIndex) {
        ready();
      } else {
        failed = true;
        say("Search is not available right now");
      }
    };
    script.onerror = function () {
      loading = false;
      failed = true;
      say("Search is not available right now");
    };
    document.head.appendChild(script);
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
