/*
 * Groundswell's signing widget, inside its frame (/c/{slug}/embed): tells the page that framed it how tall it is,
 * so that /embed.js can size the frame to its content. The widget works without it (no script: a fixed height).
 * It posts only to the origin the page named (?parent=), only when the campaign lets that origin frame it (its
 * embed origins, in data-origins; none listed: any https: origin), and only when the browser agrees that this is
 * the page framing it (location.ancestorOrigins, where the browser has it). Never to "*".
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var named = new URLSearchParams(window.location.search).get('parent');
  if (!script || !named || window.parent === window) {
    return;
  }
  var parentOrigin;
  try {
    parentOrigin = new URL(named).origin;
  } catch (e) {
    return;
  }
  var allowed = (script.getAttribute('data-origins') || '').split(' ').filter(function (o) { return o; });
  var ok = allowed.length === 0 ? parentOrigin.indexOf('https://') === 0 : allowed.indexOf(parentOrigin) >= 0;
  var ancestors = window.location.ancestorOrigins;
  if (!ok || (ancestors && ancestors.length > 0 && ancestors[0] !== parentOrigin)) {
    return;
  }
  // The answer to the form (thanks, or the form with its errors) is framed too: it keeps the parent's origin.
  Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
    var action = new URL(form.getAttribute('action') || window.location.pathname, window.location.href);
    action.searchParams.set('parent', parentOrigin);
    form.setAttribute('action', action.pathname + action.search);
  });
  var last = -1;
  function tell() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: 'groundswell:height', height: height }, parentOrigin);
    }
  }
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(tell).observe(document.documentElement);
  }
  window.addEventListener('load', tell);
  tell();
}());
