// Update pages: a preview that follows the typing and switches languages
// without leaving the composer, a warning before leaving unsaved changes, and
// live sending progress.
// Every page works without this script (tabs are links, Save updates the
// preview, progress has a "Refresh the numbers" link).
// Words it shows come from the server in the reader's language: data-text-*
// attributes on the page, and the JSON it fetches.
(function () {
  'use strict';
  if (!window.fetch) return;

  // ---------------------------------------------------------------------------
  // Preview tabs: fetch the other language instead of reloading the page,
  // so nothing typed into the composer is lost. In the composer, the preview
  // also follows the typing: 400 ms after the last keystroke the form's current
  // values are posted to preview.json (the text part) and into the frame
  // (its HTML), rendered by the server; nothing is saved.
  var preview = document.getElementById('preview');
  var composer = document.getElementById('update-form');
  if (preview) {
    var jsonUrl = preview.getAttribute('data-preview-json');
    var frameUrl = jsonUrl ? jsonUrl.replace(/\.json$/, '.html') : null;
    var seq = 0;
    var byId = function (id) {
      return document.getElementById(id);
    };
    var tabLocale = function () {
      var current = preview.querySelector('a[data-preview-locale][aria-current="true"]');
      return current ? current.getAttribute('data-preview-locale') : null;
    };

    // A fresh frame each time, so the typed versions do not pile up in the history.
    var postIntoFrame = function (locale) {
      var old = byId('preview-frame');
      if (!old || !composer) return;
      var fresh = document.createElement('iframe');
      for (var i = 0; i < old.attributes.length; i++) {
        if (old.attributes[i].name !== 'src') fresh.setAttribute(old.attributes[i].name, old.attributes[i].value);
      }
      old.replaceWith(fresh);
      var action = composer.getAttribute('action');
      composer.setAttribute('action', frameUrl + '?locale=' + encodeURIComponent(locale));
      composer.setAttribute('target', 'preview-frame');
      try {
        HTMLFormElement.prototype.submit.call(composer);
      } finally {
        composer.setAttribute('action', action);
        composer.removeAttribute('target');
      }
    };

    var show = function (p, locale, link) {
      var tabs = preview.querySelectorAll('a[data-preview-locale]');
      for (var i = 0; i < tabs.length; i++) {
        if (tabs[i].getAttribute('data-preview-locale') === locale) tabs[i].setAttribute('aria-current', 'true');
        else tabs[i].removeAttribute('aria-current');
      }
      var fallback = byId('preview-fallback');
      if (fallback) {
        fallback.textContent = p.fallback || '';
        fallback.hidden = !p.fallback;
      }
      var problem = byId('preview-problem');
      var body = byId('preview-body');
      if (problem) {
        problem.textContent = p.problem || '';
        problem.hidden = !p.problem;
      }
      if (body) body.hidden = Boolean(p.problem);
      var subject = byId('preview-subject');
      var frame = byId('preview-frame');
      var text = byId('preview-text');
      if (p.problem || !subject || !frame || !text) return;
      subject.textContent = p.subject;
      subject.setAttribute('lang', p.shown);
      text.textContent = p.text;
      text.setAttribute('lang', p.shown);
      if (p.frameTitle) frame.setAttribute('title', p.frameTitle);
      if (composer) postIntoFrame(locale);
      else frame.setAttribute('src', p.htmlUrl);
      if (!link) return;
      var hidden = document.querySelector('#update-form input[name="preview"]');
      if (hidden) hidden.value = locale;
      if (window.history && window.history.replaceState) {
        var url = new URL(window.location.href);
        url.searchParams.set('preview', locale);
        url.searchParams.delete('done');
        url.hash = 'preview';
        window.history.replaceState(null, '', url.toString());
      }
    };

    // The saved version where there is no composer; what the composer holds where there is.
    // The language last asked for: a re-render after typing must follow a tab
    // click still on its way, not the tab the page shows until it arrives.
    var wanted = null;
    var load = function (locale, link) {
      var mine = ++seq;
      wanted = locale;
      var url = jsonUrl + '?locale=' + encodeURIComponent(locale);
      var init = { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' };
      if (composer) {
        init.method = 'POST';
        init.body = new FormData(composer);
      }
      fetch(url, init)
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (p) {
          if (mine === seq) show(p, locale, link);
        })
        .catch(function () {
          if (mine === seq && link) window.location.href = link.href; // fall back to the plain link
        });
    };

    preview.addEventListener('click', function (e) {
      var link = e.target && e.target.closest ? e.target.closest('a[data-preview-locale]') : null;
      if (!link || !jsonUrl) return;
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      load(link.getAttribute('data-preview-locale'), link);
    });

    if (composer && jsonUrl) {
      var saveHint = byId('preview-save-hint');
      var follows = preview.getAttribute('data-text-follows');
      if (saveHint && follows) saveHint.textContent = ' ' + follows;
      var timer = null;
      var typed = function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var locale = wanted || tabLocale();
          if (locale) load(locale, null);
        }, 400);
      };
      composer.addEventListener('input', typed);
      composer.addEventListener('change', typed);
    }
  }

  // ---------------------------------------------------------------------------
  // Unsaved changes in the composer: ask before leaving.
  var form = composer;
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
    var numberLocale = progress.getAttribute('data-number-locale') || document.documentElement.lang || undefined;
    var nf = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(numberLocale) : { format: String };
    var liveHint = progress.getAttribute('data-text-live');
    if (refresh && liveHint) refresh.textContent = liveHint;

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
          if (heading && p.heading && heading.textContent !== p.heading) heading.textContent = p.heading;
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
            var outcome = progress.getAttribute('data-text-outcome');
            if (progressHeading && outcome) progressHeading.textContent = outcome;
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
          var unavailable = progress.getAttribute('data-text-unavailable');
          if (summary && unavailable) summary.textContent = unavailable;
          setTimeout(poll, 10000);
        });
    };
    setTimeout(poll, 2000);
  }
})();
