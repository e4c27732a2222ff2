// Progressive enhancement shared by every page. Pages work without it.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.tidings = {
    csrf: meta ? meta.getAttribute('content') : '',
  };
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var msg = form && form.getAttribute && form.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
