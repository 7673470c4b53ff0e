/*
 * Groundswell's signing widget for any site (served at /embed.js):
 *   <script src="https://act.example.org/embed.js" data-campaign="fair-rules" async></script>
 *   <noscript><a href="https://act.example.org/c/fair-rules">Sign the petition on Groundswell</a></noscript>
 * Inserts a frame of https://act.example.org/c/fair-rules/embed after this script tag (optional data-title: the
 * frame's title for screen readers) and sizes it to its content from the frame's height messages, taken only from
 * that frame (event.source) and from the origin this script came from (event.origin). Loads nothing else, sets no
 * cookie.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var slug = script.getAttribute('data-campaign') || '';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
    return;
  }
  var origin = new URL(script.src, document.baseURI).origin;
  var frame = document.createElement('iframe');
  frame.src = origin + '/c/' + slug + '/embed?parent=' + encodeURIComponent(window.location.origin);
  frame.title = script.getAttribute('data-title') || 'Sign the petition';
  frame.setAttribute('width', '100%');
  frame.setAttribute('height', '640');
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== origin || event.source !== frame.contentWindow || !data || data.type !== 'groundswell:height') {
      return;
    }
    var height = Number(data.height);
    if (isFinite(height) && height > 0) {
      frame.style.height = Math.min(Math.ceil(height), 20000) + 'px';
    }
  });
  script.parentNode.insertBefore(frame, script.nextSibling);
}());
