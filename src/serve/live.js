// gloss serve: live reload. Injected into HTML by the dev server only; never
// part of a built site. One EventSource per page listens for:
//   reload  the page changed: reload it, keeping the scroll position
//   css     only stylesheets changed: swap them in place, no reload
//   error   the last edit broke the build: show what and where over the page
//   ok      the build works again: remove that overlay
(() => {
  "use strict";
  const script = document.currentScript;
  const version = (script && script.dataset.glossVersion) || "";
  const scrollKey = "gloss:scroll:" + location.pathname;
  const overlayId = "gloss-error-overlay";

  // Put the page back where the writer was reading before the reload.
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const y = Number(saved);
    const restore = () => window.scrollTo(window.scrollX, y);
    // Once the page has loaded (images give it its height), hand scrolling
    // back to the browser for ordinary back and forward navigation.
    const settle = () => {
      restore();
      setTimeout(() => {
        history.scrollRestoration = "auto";
      }, 0);
    };
    restore();
    if (document.readyState === "complete") settle();
    else window.addEventListener("load", settle, { once: true });
  }

  // This page's output path, as the server names it (`guide/index.html`;
  // `404.html` wherever the not-found page is shown).
  function pagePath() {
    if (script && script.dataset.glossPage) return script.dataset.glossPage;
    let path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
      // The script puts the page back itself (after images load, too), so
      // the browser's own restoring must not fight it.
      history.scrollRestoration = "manual";
    } catch (_) {
      // Storage can be disabled; the reload still happens.
    }
    location.reload();
  }

  // Dev mode serves stylesheets under their own names: the new version's id
  // in the query makes the browser fetch the sheet again.
  function swapStylesheets(paths, version) {
    const changed = new Set(paths.map((p) => p.split("/").pop()));
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const href = link.getAttribute("href");
      if (!href || new URL(href, location.href).origin !== location.origin) continue;
      const path = href.split(/[?#]/)[0];
      if (!changed.has(path.split("/").pop())) continue;
      const fresh = link.cloneNode();
      fresh.setAttribute("href", path + "?v=" + encodeURIComponent(version));
      // Keep the old sheet until the new one applies: no flash of unstyled page.
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  }

  const overlayStyle = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(20, 20, 28, 0.55);
      overflow: auto; padding: 4vh 1rem; box-sizing: border-box; }
    .panel { max-width: 52rem; margin: 0 auto; background: #fff; color: #1b1b1f; border-radius: 6px;
      border-top: 6px solid #b3261e; padding: 1.25rem 1.5rem; box-shadow: 0 8px 32px rgba(0,0,0,.35);
      font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    h2 { margin: 0 0 .25rem; font-size: 1.25rem; color: #8c1d18; }
    p.hint { margin: 0 0 1rem; color: #3d3d45; }
    ol { margin: 0; padding: 0; list-style: none; }
    li { margin: 0 0 1rem; padding: .75rem; background: #fdf3f2; border-radius: 4px; }
    .where { font: 600 .95rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1b1b1f; }
    .message { margin: .25rem 0 0; }
    pre { margin: .5rem 0 0; padding: .5rem; background: #fff; border: 1px solid #e7c9c6; overflow-x: auto;
      font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
    button { font: inherit; margin-top: .25rem; padding: .35rem .9rem; border: 1px solid #8c1d18; border-radius: 4px;
      background: #fff; color: #8c1d18; cursor: pointer; }
    button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }`;

  function hideErrors() {
    const old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  function showErrors(errors) {
    hideErrors();
    const host = el("div", { id: overlayId });
    const root = host.attachShadow({ mode: "open" });
    const list = el(
      "ol",
      {},
      errors.map((e) => {
        const where = `${e.path}:${e.line}:${e.column}`;
        // The rendered diagnostic minus its first line: source line, caret, help.
        const detail = (e.text || "").split("\n").slice(1).join("\n");
        const item = el("li", {}, [el("div", { className: "where", textContent: where }),
          el("p", { className: "message", textContent: e.message })]);
        if (detail.trim()) item.append(el("pre", { textContent: detail }));
        return item;
      }),
    );
    const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
    const close = el("button", { type: "button", textContent: "Hide until the next save" });
    const panel = el("div", { className: "panel" }, [
      el("h2", { id: "gloss-title", textContent: `gloss can’t build the site (${count})` }),
      el("p", {
        id: "gloss-hint",
        className: "hint",
        textContent: "You are seeing the last version that built. Fix the first problem below and save: this closes by itself.",
      }),
      list,
      close,
    ]);
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", "gloss-title");
    panel.setAttribute("aria-describedby", "gloss-hint");
    const backdrop = el("div", { className: "backdrop" }, [panel]);
    root.append(el("style", { textContent: overlayStyle }), backdrop);
    close.addEventListener("click", hideErrors);
    host.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideErrors();
    });
    document.body.append(host);
    close.focus({ preventScroll: true });
  }

  const source = new EventSource("/__gloss/events?v=" + encodeURIComponent(version));
  // For debugging (and the browser tests): `__glossLive.readyState === 1` once connected.
  window.__glossLive = source;
  source.addEventListener("reload", (event) => {
    const data = JSON.parse(event.data || "{}");
    if (!data.pages || data.pages.includes(pagePath())) reload();
  });
  source.addEventListener("css", (event) => swapStylesheets(JSON.parse(event.data).css, event.lastEventId));
  source.addEventListener("error", (event) => {
    // EventSource fires a plain `error` (no data) when the connection drops;
    // it reconnects by itself. Only the server's `error` events carry data.
    if (typeof event.data === "string") showErrors(JSON.parse(event.data).errors);
  });
  source.addEventListener("ok", hideErrors);
})();
