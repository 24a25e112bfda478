// 适老化与无障碍: large text, high contrast and 简/繁 switch. Choices persist in localStorage.
// Without JavaScript none of this appears and the site stays fully readable.
(function () {
  "use strict";
  var root = document.documentElement;
  var store = window.localStorage;
  var base = (document.currentScript && document.currentScript.dataset.base) || "";

  function saved(key) {
    try { return store.getItem("disclose-" + key) === "1"; } catch (e) { return false; }
  }
  function save(key, on) {
    try { store.setItem("disclose-" + key, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  var originals = null;
  var converter = null;

  function textNodes() {
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode && n.parentNode.nodeName;
        return p === "SCRIPT" || p === "STYLE" || !n.nodeValue.trim() ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var out = [];
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  function loadConverter(done) {
    if (converter) return done();
    var s = document.createElement("script");
    s.src = base + "/theme/js/vendor/opencc-cn2t.js";
    s.onload = function () {
      converter = window.OpenCC.Converter({ from: "cn", to: "tw" });
      done();
    };
    document.head.appendChild(s);
  }

  function setTraditional(on, button) {
    if (on) {
      loadConverter(function () {
        originals = originals || textNodes().map(function (n) { return [n, n.nodeValue]; });
        originals.forEach(function (pair) { pair[0].nodeValue = converter(pair[1]); });
        root.lang = "zh-Hant";
        root.dataset.script = "traditional";
        if (button) button.setAttribute("aria-pressed", "true");
      });
    } else if (originals) {
      originals.forEach(function (pair) { pair[0].nodeValue = pair[1]; });
      root.lang = "zh-CN";
      delete root.dataset.script;
      if (button) button.setAttribute("aria-pressed", "false");
    }
  }

  function toggle(label, key, apply) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.id = "a11y-" + key;
    b.setAttribute("aria-pressed", saved(key) ? "true" : "false");
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      save(key, on);
      apply(on, b);
    });
    return b;
  }

  function classToggle(name) {
    return function (on) { root.classList.toggle(name, on); };
  }

  ["large-text", "high-contrast"].forEach(function (key) { root.classList.toggle(key, saved(key)); });

  document.addEventListener("DOMContentLoaded", function () {
    var meta = document.querySelectorAll("details.docmeta");
    if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
      meta.forEach(function (d) { d.open = false; });  // title first on a phone; one tap shows the block
    }
    window.addEventListener("beforeprint", function () { meta.forEach(function (d) { d.open = true; }); });
    var bar = document.getElementById("a11y-tools");
    if (!bar) return;
    bar.hidden = false;
    bar.appendChild(toggle("大字", "large-text", classToggle("large-text")));
    bar.appendChild(toggle("高对比度", "high-contrast", classToggle("high-contrast")));
    var trad = toggle("繁體", "traditional", setTraditional);
    bar.appendChild(trad);
    if (saved("traditional")) setTraditional(true, trad);
  });
})();
