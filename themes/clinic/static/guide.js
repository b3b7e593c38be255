/*
 * gloss — "clinic" theme: a guide's questions and its handout's Print button.
 *
 * Both pages work without this script; it only adds to them.
 *
 * Guide page: a link to a question, `#<anchor>` (from the page itself, the
 * side column of a theme that has one, another page or a bookmark), names the
 * answer inside the question's <details>. Browsers that open a <details> for
 * the fragment they scroll to open it on their own; here the question is
 * opened where a browser does not, scrolled to the top, and given focus, so
 * a keyboard or screen-reader user is where the link said. This runs when
 * the page loads with such a fragment, when the fragment changes, and when a
 * link to the fragment already in the address is followed again (after its
 * answer was closed), which changes no fragment.
 *
 * Handout: the button marked `data-print` is `hidden` in the HTML (a button
 * that cannot work is not shown); here it is shown and prints the page.
 */
(function () {
  "use strict";

  function fragmentTarget() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return null;
    }
    return id ? document.getElementById(id) : null;
  }

  function openLinkedQuestion() {
    var target = fragmentTarget();
    var details = target && target.closest("details");
    if (!details) {
      return;
    }
    details.open = true;
    var summary = details.querySelector("summary");
    // The answer itself was named: show its question. Anything deeper (a
    // heading in the answer) is where the browser already scrolled.
    if (target.parentElement === details && summary) {
      details.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
    } else {
      target.scrollIntoView({ block: "start" });
    }
  }

  function linksToCurrentFragment(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && link.hash && link.hash === location.hash && link.pathname === location.pathname) {
      // After the browser's own scroll to the fragment.
      setTimeout(openLinkedQuestion, 0);
    }
  }

  if (document.querySelector("details.faq")) {
    window.addEventListener("hashchange", openLinkedQuestion);
    document.addEventListener("click", linksToCurrentFragment);
    openLinkedQuestion();
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
