// ChatBI embed: <script src="https://HOST/embed.js" data-title="..." data-lang="en|zh" data-position="right|left" async></script>
// Adds a chat bubble (#chatbi-bubble) that opens the widget (#chatbi-frame) served by the script's own origin.
// Everything lives in this closure: no globals, no stylesheet, nothing else on the host page is touched.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    var candidates = document.querySelectorAll('script[src$="/embed.js"]');
    script = candidates[candidates.length - 1];
  }
  if (!script || !script.src) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var title = (script.getAttribute("data-title") || "ChatBI").slice(0, 60);
  var lang = script.getAttribute("data-lang") === "zh" ? "zh" : "en";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var labels = { en: { open: "Open " + title, close: "Close " + title }, zh: { open: "打开" + title, close: "关闭" + title } };
  var frame = null;

  function style(node, rules) {
    Object.keys(rules).forEach(function (name) { node.style.setProperty(name, rules[name]); });
  }

  function icon(open) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "26");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", open
      ? "M18.3 5.71 12 12.01l-6.3-6.3-1.41 1.41 6.3 6.3-6.3 6.3 1.41 1.41 6.3-6.3 6.3 6.3 1.41-1.41-6.3-6.3 6.3-6.3z"
      : "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z");
    svg.appendChild(path);
    return svg;
  }

  function setOpen(bubble, open) {
    bubble.replaceChildren(icon(open));
    bubble.setAttribute("aria-expanded", open ? "true" : "false");
    bubble.setAttribute("aria-label", open ? labels[lang].close : labels[lang].open);
    bubble.title = open ? labels[lang].close : labels[lang].open;
  }

  function mount() {
    if (document.getElementById("chatbi-bubble")) return;
    var bubble = document.createElement("button");
    bubble.id = "chatbi-bubble";
    bubble.type = "button";
    style(bubble, {
      position: "fixed", bottom: "20px", width: "56px", height: "56px", padding: "0", border: "0",
      "border-radius": "50%", background: "#4f46e5", color: "#fff", cursor: "pointer", display: "flex",
      "align-items": "center", "justify-content": "center", "box-shadow": "0 6px 20px rgba(17, 24, 39, .25)",
      "z-index": "2147483000"
    });
    bubble.style.setProperty(side, "20px");
    setOpen(bubble, false);
    bubble.addEventListener("click", function () {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.id = "chatbi-frame";
        frame.title = title;
        frame.src = origin + "/widget?" + new URLSearchParams({ lang: lang, title: title }).toString();
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        style(frame, {
          position: "fixed", bottom: "88px", width: "min(380px, calc(100vw - 40px))",
          height: "min(600px, calc(100vh - 120px))", border: "0", "border-radius": "12px", background: "#fff",
          "box-shadow": "0 12px 40px rgba(17, 24, 39, .28)", "z-index": "2147483000"
        });
        frame.style.setProperty(side, "20px");
        document.body.appendChild(frame);
        setOpen(bubble, true);
        return;
      }
      var open = frame.style.display === "none";
      frame.style.display = open ? "block" : "none";
      setOpen(bubble, open);
    });
    document.body.appendChild(bubble);
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
