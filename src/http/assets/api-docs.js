// Mounts Scalar's API reference on /api/docs (its bundle is served by tidings,
// /api/docs/reference.js). Everything stays on this server: no web fonts, no
// telemetry, no AI assistant, no request proxy; "try it" calls this origin with a bearer token.
(function () {
  'use strict';
  var target = document.getElementById('api-reference-root');
  if (!target || !window.Scalar) return;
  window.Scalar.createApiReference(target, {
    url: target.getAttribute('data-document'),
    withDefaultFonts: false,
    telemetry: false,
    // The AI assistant would send the document to Scalar's servers.
    agent: { disabled: true },
    showDeveloperTools: 'never',
    hideClientButton: false,
    persistAuth: false,
    baseServerURL: window.location.origin,
    authentication: { preferredSecurityScheme: 'bearer' },
  });
})();
