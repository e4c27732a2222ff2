// Progressive enhancement for the contact import form: upload with a progress
// bar, then show the result in place. Without JavaScript the form posts as usual.
(function () {
  'use strict';
  var form = document.querySelector('form[data-import]');
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
  var box = document.getElementById('import-progress');
  var bar = document.getElementById('import-progress-bar');
  var text = document.getElementById('import-progress-text');
  var button = form.querySelector('button[type="submit"]');

  function say(message) {
    if (text) text.textContent = message;
  }

  // Texts in the reader's language, rendered by the server on the form.
  function words(name, fallback) {
    return form.getAttribute('data-text-' + name) || fallback;
  }

  function showResponse(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var main = doc.querySelector('main');
    if (!main) {
      say(words('unexpected', 'The server answered with something unexpected. Reload the page to see the contacts.'));
      return;
    }
    document.title = doc.title;
    document.querySelector('main').replaceWith(document.importNode(main, true));
    // Scripts inserted this way do not run; wire the new form up again.
    var again = document.createElement('script');
    again.src = '/assets/contacts.js';
    document.body.appendChild(again);
    var focus = document.getElementById('import-result-heading') || document.getElementById('import-error') || document.querySelector('main h1');
    if (focus) {
      if (!focus.hasAttribute('tabindex')) focus.setAttribute('tabindex', '-1');
      focus.focus();
    }
  }

  form.addEventListener('submit', function (e) {
    if (e.defaultPrevented) return;
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('accept', 'text/html');
    if (box) box.hidden = false;
    if (bar) bar.value = 0;
    if (button) button.disabled = true;
    say(words('uploading', 'Uploading…'));
    xhr.upload.addEventListener('progress', function (ev) {
      if (!ev.lengthComputable || !bar) return;
      var pct = Math.round((ev.loaded / ev.total) * 100);
      bar.value = pct;
      say(words('uploaded', 'Uploaded {percent} %').split('{percent}').join(String(pct)));
    });
    xhr.upload.addEventListener('load', function () {
      if (bar) bar.value = 100;
      say(words('upload-complete', 'Upload complete. Importing the rows; a large file can take a minute…'));
    });
    xhr.addEventListener('load', function () {
      showResponse(xhr.responseText);
    });
    xhr.addEventListener('error', function () {
      if (button) button.disabled = false;
      say(words('upload-failed', 'The upload failed (network error). Check the connection and try again; rows already imported will be updated, not duplicated.'));
    });
    xhr.send(new FormData(form));
  });
})();
