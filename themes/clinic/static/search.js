/*
 * gloss — "clinic" theme: search as you type, offline.
 *
 * No libraries and no network requests: the index is sharded into plain
 * scripts (search/<language>/manifest.js and the shards beside it, each
 * setting window.glossSearch[<its path>]), and the query is stemmed with
 * Snowball's own JavaScript stemmer for the site's language (snowball/, the
 * same algorithm the build stems the index with). The stemmer and the
 * manifest are added as <script> elements the first time the search box
 * gets focus (or a key), the shards a query needs as it needs them, which
 * also works for pages opened straight from disk (file://), where fetch()
 * cannot read local files.
 *
 * Markup this script expects (see docs/themes.md):
 *   <search class="site-search" hidden>            unhidden here
 *     <form data-index="../search/en/manifest.js" data-root="../"
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
  // The words the box says, in the page's language: the theme's strings,
  // which the template puts on the form (`data-say-*`); English without them.
  function phrase(name, english) {
    var said = form.getAttribute("data-say-" + name);
    return said === null ? english : said;
  }
  var WORDS = {
    none: phrase("none", "No results"),
    one: phrase("one", "1 result"),
    many: phrase("many", "{count} results"),
    first: phrase("first", "{count} results, showing the first {shown}"),
    unavailable: phrase("unavailable", "Search is not available right now"),
    section: phrase("section", "Section:"),
    guide: phrase("guide", "Guide"),
    allGuides: phrase("all-guides", "All guides"),
    topic: phrase("topic", "Topic"),
    allTopics: phrase("all-topics", "All topics"),
  };

  var index = null; // the manifest, prepared, once loaded
  var loading = false;
  var failed = false;
  var results = [];
  var active = -1;
  var lastQuery = null;
  var asked = 0; // the number of the latest query: an older one's answer is dropped
  var shards = {}; // path in the index folder → promise of its data
  var vocabulary = new Map(); // word → [docs, stem] of the vocabulary shards loaded

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
  var stems = new Map();
  function stem(word) {
    var known = vocabulary.get(word);
    if (known !== undefined) {
      return known[1];
    }
    var cached = stems.get(word);
    if (cached === undefined) {
      cached = index.stemmer ? index.stemmer.stemWord(word) : word;
      stems.set(word, cached);
    }
    return cached;
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

  // The most loose terms (completions, corrections) a word adds, the
  // commonest first: each may need a postings shard.
  var MAX_LOOSE = 12;

  // The vocabulary's words (sorted) that begin with `prefix`, from the
  // shards loaded.
  function wordsFrom(prefix) {
    var found = [];
    vocabulary.forEach(function (entry, word) {
      if (word.startsWith(prefix)) {
        found.push(word);
      }
    });
    return found;
  }

  function commonest(stemSet, exact) {
    var list = Array.from(stemSet).filter(function (s) {
      return !exact.has(s);
    });
    list.sort(function (a, b) {
      return docsOf(b) - docsOf(a);
    });
    return new Set(list.slice(0, MAX_LOOSE));
  }

  function docsOf(stemWord) {
    var entry = vocabulary.get(stemWord);
    return entry ? entry[0] : 0;
  }

  // The terms a query word finds: its stem and the synonyms' (exact); the
  // site's words it begins, and, when it matches nothing as typed, the
  // words one edit away (two for words of 8 letters or more) with the same
  // first two letters (loose).
  function expand(word) {
    var exact = new Set();
    var loose = new Set();
    var own = stem(word);
    exact.add(own);
    (index.synonyms.get(own) || []).forEach(function (s) {
      exact.add(s);
    });
    wordsFrom(word).forEach(function (w) {
      loose.add(vocabulary.get(w)[1]);
    });
    loose = commonest(loose, exact);
    var ownEntry = vocabulary.get(own);
    var known = ownEntry && ownEntry[1] === own;
    if (!known && loose.size === 0 && word.length >= 4) {
      var max = word.length >= 8 ? 2 : 1;
      wordsFrom(word.slice(0, 2)).forEach(function (w) {
        if (distance(word, w, max) <= max) {
          var s = vocabulary.get(w)[1];
          loose.add(s);
          (index.synonyms.get(s) || []).forEach(function (t) {
            loose.add(t);
          });
        }
      });
      loose = commonest(loose, exact);
    }
    return { exact: exact, loose: loose };
  }

  function prepare(raw) {
    var stemmerName = raw.stemmer ? raw.stemmer.charAt(0).toUpperCase() + raw.stemmer.slice(1) + "Stemmer" : "";
    var Stemmer = stemmerName && window[stemmerName];
    return {
      docs: raw.docs || 0,
      perShard: raw.perShard || 1,
      guides: raw.guides || [],
      topics: raw.topics || [],
      vocabularyKeys: raw.vocabulary || [],
      postingsKeys: raw.postings || [],
      stop: new Set((raw.stop || []).map(String)),
      synonyms: new Map(Object.entries(raw.synonyms || {})),
      stemmer: Stemmer ? new Stemmer() : null
    };
  }

  // ---------- Shards ----------
  //
  // Each shard is a script that puts its data in window.glossSearch under
  // its path; see docs/themes.md. A shard is added once, when a query
  // first needs it.

  var folder = (indexUrl || "").replace(/[^/]*$/, "");

  function shard(path) {
    if (!shards[path]) {
      shards[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = folder + path;
        script.onload = function () {
          var data = (window.glossSearch || {})[path];
          if (data === undefined) {
            reject(new Error(path));
          } else {
            resolve(data);
          }
        };
        script.onerror = function () {
          reject(new Error(path));
        };
        document.head.appendChild(script);
      });
    }
    return shards[path];
  }

  // The number of the shard whose first key is the last one not after `key`.
  function shardOf(keys, key) {
    var lo = 0;
    var hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (keys[mid] <= key) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  // The vocabulary shards of the words from `from` to `to` ("\uffff" after
  // a prefix: every word that begins with it).
  function vocabularyShards(from, to) {
    var keys = index.vocabularyKeys;
    var paths = [];
    if (!keys.length) {
      return paths;
    }
    for (var n = shardOf(keys, from); n <= shardOf(keys, to); n++) {
      paths.push("v/" + n + ".js");
    }
    return paths;
  }

  var vocabularyRead = {};
  function loadVocabulary(query) {
    var paths = [];
    query.forEach(function (w) {
      // A word long enough to be corrected needs every word with its first
      // two letters; a shorter one, the words it begins.
      var prefix = w.length >= 4 ? w.slice(0, 2) : w;
      paths = paths.concat(vocabularyShards(prefix, prefix + "\uffff"), vocabularyShards(stemGuess(w), stemGuess(w)));
    });
    return Promise.all(
      paths.map(function (path) {
        return shard(path).then(function (entries) {
          if (!vocabularyRead[path]) {
            vocabularyRead[path] = true;
            entries.forEach(function (e) {
              vocabulary.set(e[0], [e[1], e.length > 2 ? e[2] : e[0]]);
            });
          }
        });
      })
    );
  }

  function stemGuess(word) {
    return index.stemmer ? index.stemmer.stemWord(word) : word;
  }

  // Postings: stem → [question, summary, heading, text] doc sets, each as
  // docSet decodes it (see "Doc sets and scores" below).
  var postings = new Map();

  function loadPostings(terms) {
    var keys = index.postingsKeys;
    var paths = new Set();
    var stemsWanted = new Set();
    terms.forEach(function (found) {
      found.exact.forEach(function (t) {
        stemsWanted.add(t);
      });
      found.loose.forEach(function (t) {
        stemsWanted.add(t);
      });
    });
    stemsWanted.forEach(function (t) {
      if (keys.length && !postings.has(t)) {
        paths.add("p/" + shardOf(keys, t) + ".js");
      }
    });
    return Promise.all(
      Array.from(paths).map(function (path) {
        return shard(path).then(function (data) {
          stemsWanted.forEach(function (t) {
            if (!postings.has(t) && Object.prototype.hasOwnProperty.call(data, t) && keys[shardOf(keys, t)] !== undefined) {
              postings.set(t, data[t].map(docSet));
            }
          });
        });
      })
    );
  }

  // ---------- Doc sets and scores ----------
  //
  // A performance trick, kept here on its own: a common stem is in most of
  // the site's docs, and a query weighs up to MAX_LOOSE of them for each
  // word, so at 10,000 entries a query touches hundreds of thousands of
  // (doc, place) pairs. Kept as JavaScript arrays and Maps keyed by doc,
  // that is an allocation and a hash per pair, tens of milliseconds on a
  // slow phone. Here a doc set stays as the bytes of its bitmap (or an
  // Int32Array of its docs), and a query's scores are typed arrays indexed
  // by doc, reused from query to query: the work is a few passes over
  // bytes, with no object made per doc.

  // A posting set as the build writes it: "#" and a base64 bitmap (doc 0 the
  // first byte's high bit), or base36 gaps between ascending docs.
  function docSet(text) {
    if (text.charAt(0) === "#") {
      var bytes = atob(text.slice(1));
      var bits = new Uint8Array(bytes.length);
      for (var i = 0; i < bytes.length; i++) {
        bits[i] = bytes.charCodeAt(i);
      }
      return { bits: bits, list: null };
    }
    var parts = text ? text.split(",") : [];
    var list = new Int32Array(parts.length);
    var doc = 0;
    for (var k = 0; k < parts.length; k++) {
      doc += parseInt(parts[k], 36);
      list[k] = doc;
    }
    return { bits: null, list: list };
  }

  // Raises best[d] to `weight` for each doc d of `set`, and marks title[d]
  // when `inTitle`.
  function raise(set, weight, best, title, inTitle) {
    var d;
    if (set.list) {
      var list = set.list;
      for (var k = 0; k < list.length; k++) {
        d = list[k];
        if (best[d] < weight) {
          best[d] = weight;
        }
        if (inTitle) {
          title[d] = 1;
        }
      }
      return;
    }
    var bits = set.bits;
    for (var i = 0; i < bits.length; i++) {
      var byte = bits[i];
      if (byte === 0) {
        continue;
      }
      for (var bit = 0; bit < 8; bit++) {
        if (byte & (0x80 >> bit)) {
          d = i * 8 + bit;
          if (best[d] < weight) {
            best[d] = weight;
          }
          if (inTitle) {
            title[d] = 1;
          }
        }
      }
    }
  }

  // Per doc: how many query words it has, their summed weight, how many of
  // them are in its question; and one query word's best weight and
  // whether it is in the question. Sized to the site once.
  var scores = null;
  function scoreArrays() {
    var n = index.docs;
    if (!scores || scores.matched.length !== n) {
      scores = {
        matched: new Uint8Array(n),
        score: new Uint16Array(n),
        inTitle: new Uint8Array(n),
        best: new Uint8Array(n),
        title: new Uint8Array(n)
      };
    } else {
      scores.matched.fill(0);
      scores.score.fill(0);
      scores.inTitle.fill(0);
    }
    return scores;
  }

  // ---------- Ranking ----------
  //
  // An entry is found when any query word's terms are in it. Entries rank by
  // how many of the query words they have, then by where: in the question
  // first, then in a heading, the summary, the text; a word as typed (or a
  // synonym) before a completed or corrected one. Entries of the same rank
  // keep the index order (the guides' order).
  var PLACE_WEIGHTS = [IN_QUESTION, IN_SUMMARY, IN_HEADING, IN_TEXT];

  // Adds the query word `found` to the scores: its best weight in each doc.
  function weighWord(found, s) {
    s.best.fill(0);
    s.title.fill(0);
    [
      [found.exact, 2],
      [found.loose, 1]
    ].forEach(function (pair) {
      pair[0].forEach(function (t) {
        var sets = postings.get(t);
        if (!sets) {
          return;
        }
        for (var place = 0; place < sets.length; place++) {
          raise(sets[place], PLACE_WEIGHTS[place] * pair[1], s.best, s.title, place === 0);
        }
      });
    });
    for (var d = 0; d < s.best.length; d++) {
      if (s.best[d]) {
        s.matched[d]++;
        s.score[d] += s.best[d];
        s.inTitle[d] += s.title[d];
      }
    }
  }

  // The first doc of each guide, in order: doc `d` is in the last guide
  // starting at or before it.
  function guideOf(d) {
    var name = "";
    for (var g = 0; g < index.guides.length && index.guides[g][1] <= d; g++) {
      name = index.guides[g][0];
    }
    return name;
  }

  // The docs [from, to) of the guide named `name` (every doc for "").
  function guideDocs(name) {
    var guides = index.guides;
    for (var g = 0; name && g < guides.length; g++) {
      if (guides[g][0] === name) {
        return [guides[g][1], g + 1 < guides.length ? guides[g + 1][1] : index.docs];
      }
    }
    return name ? [0, 0] : [0, index.docs];
  }

  function ranksBefore(a, b) {
    return a.matched - b.matched || a.score - b.score;
  }

  // The entries the query finds: how many, and the first MAX_RESULTS of
  // them ranked (docs by number, not yet shown).
  function search(expanded, topicDocs) {
    var s = scoreArrays();
    expanded.forEach(function (found) {
      weighWord(found, s);
    });
    var range = guideDocs(filterValue("site-search-guide"));
    var top = [];
    var total = 0;
    for (var d = range[0]; d < range[1]; d++) {
      if (!s.matched[d] || (topicDocs && !topicDocs.has(d))) {
        continue;
      }
      total++;
      var r = { doc: d, matched: s.matched[d], score: s.score[d], inTitle: s.inTitle[d] };
      // Docs come in index order, so a later doc goes after an equal one.
      var at = top.length;
      while (at > 0 && ranksBefore(r, top[at - 1]) > 0) {
        at--;
      }
      if (at < MAX_RESULTS) {
        top.splice(at, 0, r);
        top.length = Math.min(top.length, MAX_RESULTS);
      }
    }
    return { top: top, total: total };
  }

  // A shown result's doc, from its `d/` shard: the section the query
  // words weigh most in is the one it links to and quotes.
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

  // The first letters of the terms the query found.
  function firstLetters(expanded) {
    var letters = new Set();
    expanded.forEach(function (found) {
      found.exact.forEach(function (t) {
        letters.add(t.charAt(0));
      });
      found.loose.forEach(function (t) {
        letters.add(t.charAt(0));
      });
    });
    return letters;
  }

  // The terms of `text` (as the build makes them: no stop words or single
  // letters) among those beginning with one of `letters`. Snowball changes
  // only a word's ending, never its first letter, so only those words need
  // stemming to be compared with the query's terms.
  function termsAmong(text, letters) {
    var terms = new Set();
    words(text).forEach(function (w) {
      if (letters.has(w.charAt(0)) && w.length > 1 && !index.stop.has(w)) {
        terms.add(stem(w));
      }
    });
    return terms;
  }

  function shown(r, data, expanded) {
    var letters = firstLetters(expanded);
    var doc = {
      title: data.t || "",
      url: data.u || "",
      guide: guideOf(r.doc),
      summary: data.s || "",
      sections: (data.x || []).map(function (x) {
        return { anchor: x[0], heading: x[1], text: x[2], headTerms: termsAmong(x[1], letters), textTerms: termsAmong(x[2], letters) };
      })
    };
    var best = null;
    var bestScore = 0;
    doc.sections.forEach(function (sec) {
      var score = 0;
      expanded.forEach(function (found) {
        score += Math.max(weigh(sec.headTerms, found, IN_HEADING), weigh(sec.textTerms, found, IN_TEXT));
      });
      if (score > bestScore) {
        best = sec;
        bestScore = score;
      }
    });
    return {
      doc: doc,
      // The question has every word found: the entry's top is the place.
      section: r.inTitle < r.matched && best && best.anchor ? best : null,
      excerptFrom: best ? best.text : doc.summary
    };
  }

  function docsShown(found, expanded) {
    var top = found.top;
    return Promise.all(
      top.map(function (r) {
        var n = Math.floor(r.doc / index.perShard);
        return shard("d/" + n + ".js").then(function (block) {
          return shown(r, block[r.doc - n * index.perShard], expanded);
        });
      })
    );
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
    results = found;
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
        where += (where ? " · " : "") + WORDS.section + " " + r.section.heading;
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
      say(WORDS.none);
    } else if (total === 1) {
      say(WORDS.one);
    } else if (total > MAX_RESULTS) {
      say(WORDS.first.replace("{count}", total).replace("{shown}", MAX_RESULTS));
    } else {
      say(WORDS.many.replace("{count}", total));
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
          say(WORDS.unavailable);
        }
      }
      return; // update() runs again when the index arrives
    }
    var query = queryWords(input.value);
    var topic = filterValue("site-search-topic");
    var key = [query.join(" "), filterValue("site-search-guide"), topic].join("\n");
    if (key === lastQuery) {
      if (results.length && !isOpen()) {
        setOpen(true);
      }
      return;
    }
    lastQuery = key;
    var mine = ++asked;
    if (!query.length) {
      render([], []);
      say("");
      return;
    }
    var expanded;
    var topicDocs = null;
    var topicNumber = index.topics.indexOf(topic);
    Promise.all([
      loadVocabulary(query),
      topicNumber >= 0
        ? shard("o/" + topicNumber + ".js").then(function (docs) {
            topicDocs = new Set(docs);
          })
        : null
    ])
      .then(function () {
        expanded = query.map(expand);
        return loadPostings(expanded);
      })
      .then(function () {
        var found = search(expanded, topicDocs);
        return docsShown(found, expanded).then(function (docs) {
          if (mine === asked) {
            render(docs, expanded);
            announce(found.total);
            form.setAttribute("data-answered", String(mine));
          }
        });
      })
      .catch(function () {
        if (mine === asked) {
          unavailable();
        }
      });
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
    var guides = index.guides.map(function (g) {
      return g[0];
    });
    var topics = index.topics.slice();
    if (guides.length < 2 && !topics.length) {
      return;
    }
    var row = document.createElement("div");
    row.className = "site-search-filters";
    if (guides.length > 1) {
      row.appendChild(filterList("site-search-guide", WORDS.guide, WORDS.allGuides, guides));
    }
    if (topics.length) {
      row.appendChild(filterList("site-search-topic", WORDS.topic, WORDS.allTopics, topics));
    }
    // Above the input: the open list of results, below it, would cover them.
    var field = listbox.parentNode;
    field.parentNode.insertBefore(row, field);
  }

  function ready(manifest) {
    index = prepare(manifest);
    addFilters();
    lastQuery = null;
    if (input.value) {
      update();
    }
  }

  function unavailable() {
    failed = true;
    say(WORDS.unavailable);
  }

  // Adds the stemmer's scripts, then the manifest; ready() once all have
  // run. The other shards are added as queries need them.
  function load() {
    if (index || loading || failed) {
      return;
    }
    if (!indexUrl) {
      failed = true;
      return;
    }
    loading = true;
    var left = stemmerUrls.length;
    var manifest = function () {
      shard(indexUrl.slice(folder.length)).then(ready, unavailable);
    };
    if (!left) {
      manifest();
    }
    stemmerUrls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      // Dynamically added scripts run as they arrive unless told otherwise:
      // the stemmer's base must run before the stemmer.
      script.async = false;
      script.onload = function () {
        if (--left === 0) {
          manifest();
        }
      };
      script.onerror = unavailable;
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
