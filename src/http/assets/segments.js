// Segment builder: live count and showing only the chosen kind's fields.
// The builder works without this script (Preview and Save are plain submits).
(function () {
  'use strict';
  var form = document.getElementById('segment-form');
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var live = document.getElementById('segment-live');
  var url = form.getAttribute('data-preview-url') || '/segments/preview.json';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = (window.tidings && window.tidings.csrf) || (meta ? meta.getAttribute('content') : '');
  var timer = null;
  var seq = 0;

  function currentKind() {
    var checked = form.querySelector('input[name="kind"]:checked');
    var fixed = form.querySelector('input[type="hidden"][name="kind"]');
    var input = checked || fixed;
    return input ? input.value : 'rule';
  }

  function syncKind() {
    var kind = currentKind();
    var sections = form.querySelectorAll('fieldset[data-kind]');
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].getAttribute('data-kind') !== kind;
    }
  }

  function say(text) {
    if (live && live.textContent !== text) live.textContent = text;
  }

  function update() {
    var mine = ++seq;
    var data = new URLSearchParams(new FormData(form));
    data.delete('action');
    fetch(url, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    })
      .then(function (res) {
        return res.json().then(function (body) {
          return { ok: res.ok, body: body };
        });
      })
      .then(function (r) {
        if (mine !== seq) return; // a newer request is on its way
        if (r.ok && r.body && typeof r.body.summary === 'string') say(r.body.summary);
        else say((r.body && r.body.error && r.body.error.message) || 'The count could not be updated; use Preview.');
      })
      .catch(function () {
        if (mine === seq) say('The live count is unavailable right now; use Preview.');
      });
  }

  function schedule(e) {
    var t = e && e.target;
    if (t && (t.name === 'name' || t.name === '_csrf')) return; // the name does not change who matches
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', function (e) {
    if (e.target && e.target.name === 'kind') syncKind();
    schedule(e);
  });
  syncKind();
})();
