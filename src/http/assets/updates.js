// Update pages: switching preview languages without leaving the composer, a
// warning before leaving unsaved changes, and live sending progress.
// Every page works without this script (tabs are links, progress has a
// "Refresh the numbers" link).
(function () {
  'use strict';
  if (!window.fetch) return;

  // ---------------------------------------------------------------------------
  // Preview tabs: fetch the other language instead of reloading the page,
  // so nothing typed into the composer is lost.
  var preview = document.getElementById('preview');
  if (preview) {
    var jsonUrl = preview.getAttribute('data-preview-json');
    var seq = 0;
    preview.addEventListener('click', function (e) {
      var link = e.target && e.target.closest ? e.target.closest('a[data-preview-locale]') : null;
      if (!link || !jsonUrl) return;
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      var locale = link.getAttribute('data-preview-locale');
      var mine = ++seq;
      fetch(jsonUrl + '?locale=' + encodeURIComponent(locale), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (p) {
          if (mine !== seq) return;
          var tabs = preview.querySelectorAll('a[data-preview-locale]');
          for (var i = 0; i < tabs.length; i++) {
            if (tabs[i] === link) tabs[i].setAttribute('aria-current', 'true');
            else tabs[i].removeAttribute('aria-current');
          }
          var fallback = document.getElementById('preview-fallback');
          if (fallback) {
            fallback.textContent = p.fallback || '';
            fallback.hidden = !p.fallback;
          }
          var subject = document.getElementById('preview-subject');
          var frame = document.getElementById('preview-frame');
          var text = document.getElementById('preview-text');
          if (p.problem || !subject || !frame || !text) return;
          subject.textContent = p.subject;
          subject.setAttribute('lang', p.shown);
          text.textContent = p.text;
          text.setAttribute('lang', p.shown);
          frame.setAttribute('title', 'Email preview in ' + p.language);
          frame.setAttribute('src', p.htmlUrl);
          var hidden = document.querySelector('#update-form input[name="preview"]');
          if (hidden) hidden.value = locale;
          if (window.history && window.history.replaceState) {
            var url = new URL(window.location.href);
            url.searchParams.set('preview', locale);
            url.searchParams.delete('done');
            url.hash = 'preview';
            window.history.replaceState(null, '', url.toString());
          }
        })
        .catch(function () {
          if (mine === seq) window.location.href = link.href; // fall back to the plain link
        });
    });
  }

  // ---------------------------------------------------------------------------
  // Unsaved changes in the composer: ask before leaving.
  var form = document.getElementById('update-form');
  if (form) {
    var dirty = false;
    form.addEventListener('input', function () {
      dirty = true;
    });
    form.addEventListener('change', function () {
      dirty = true;
    });
    form.addEventListener('submit', function () {
      dirty = false;
    });
    window.addEventListener('beforeunload', function (e) {
      if (!dirty) return;
      e.preventDefault();
      e.returnValue = '';
    });
  }

  // ---------------------------------------------------------------------------
  // Progress: poll the numbers every 2 s until the update is sent or cancelled.
  var progress = document.getElementById('progress');
  if (progress && progress.getAttribute('data-done') !== 'true') {
    var url = progress.getAttribute('data-progress-url');
    var summary = document.getElementById('progress-summary');
    var bar = document.getElementById('progress-bar');
    var refresh = document.getElementById('progress-refresh');
    var lastStatus = null;
    var lastAnnounced = 0;
    var nf = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat('en-GB') : { format: String };
    if (refresh) refresh.textContent = 'The numbers update by themselves every few seconds.';

    var replaceFrom = function (html, id) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var fresh = doc.getElementById(id);
      var old = document.getElementById(id);
      if (fresh && old) old.replaceWith(document.importNode(fresh, true));
    };

    var poll = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (p) {
          var keys = Object.keys(p.counts || {});
          for (var i = 0; i < keys.length; i++) {
            var dd = progress.querySelector('[data-count="' + keys[i] + '"]');
            if (dd) dd.textContent = nf.format(p.counts[keys[i]]);
          }
          if (bar) {
            bar.max = Math.max(p.total, 1);
            bar.value = p.total ? p.handled : p.done ? 1 : 0;
          }
          var badge = document.getElementById('update-status');
          if (badge && p.status !== lastStatus) {
            badge.textContent = p.statusLabel;
            badge.className = 'badge ' + ({ sent: 'ok', cancelled: 'bad', sending: 'warn', scheduled: 'warn' }[p.status] || '');
          }
          if (p.status !== 'scheduled') {
            var actions = document.getElementById('actions');
            if (actions) actions.remove(); // nothing can be cancelled once sending starts
          }
          var heading = document.getElementById('update-heading');
          if (heading && p.number && heading.textContent !== 'Update ' + p.number) heading.textContent = 'Update ' + p.number;
          lastStatus = p.status;
          // The live region speaks at most every 10 s while sending, and always at the end.
          var now = Date.now();
          if (summary && summary.textContent !== p.summary && (p.done || now - lastAnnounced > 10000)) {
            summary.textContent = p.summary;
            lastAnnounced = now;
          }
          if (p.done) {
            progress.setAttribute('data-done', 'true');
            var progressHeading = document.getElementById('progress-h');
            if (progressHeading) progressHeading.textContent = 'Outcome';
            if (refresh) refresh.remove();
            // Show who did not receive it, rendered by the server as on a reload.
            fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store' })
              .then(function (res) {
                return res.text();
              })
              .then(function (html) {
                replaceFrom(html, 'recipients');
              })
              .catch(function () {});
            return;
          }
          setTimeout(poll, 2000);
        })
        .catch(function () {
          if (summary) summary.textContent = 'The live numbers are unavailable right now; reload the page to see them.';
          setTimeout(poll, 10000);
        });
    };
    setTimeout(poll, 2000);
  }
})();
