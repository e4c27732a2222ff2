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

  // Texts in the reader's language, rendered by the server; "{n}" stands for a row number.
  function text(name, fallback) {
    return form.getAttribute('data-text-' + name) || fallback;
  }
  function numbered(name, fallback, n) {
    return text(name, fallback).split('{n}').join(String(n));
  }

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
        else say((r.body && r.body.error && r.body.error.message) || text('live-failed', 'The count could not be updated; use Preview.'));
      })
      .catch(function () {
        if (mine === seq) say(text('live-unavailable', 'The live count is unavailable right now; use Preview.'));
      });
  }

  function schedule(e) {
    var t = e && e.target;
    if (t && (t.name === 'name' || t.name === '_csrf')) return; // the name does not change who matches
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  // "Add condition" adds the row in place (without the script it is a submit
  // that comes back with one more row). The new row is a copy of the last one,
  // emptied and renumbered as the server numbers rows, so Preview, Save and
  // Remove submit the same fields either way.
  var addButton = form.querySelector('button[name="action"][value="add"]');
  var list = form.querySelector('ol.conditions');
  var rowCount = form.querySelector('input[type="hidden"][name="rows"]');

  function renumber(row, i) {
    var named = row.querySelectorAll('[id], [name], label[for], [aria-describedby]');
    for (var k = 0; k < named.length; k++) {
      var el = named[k];
      if (el.id) el.id = el.id.replace(/_\d+$/, '_' + i).replace(/^cond-\d+-/, 'cond-' + i + '-');
      if (el.name && /_\d+$/.test(el.name)) el.name = el.name.replace(/_\d+$/, '_' + i);
      if (el.htmlFor) el.htmlFor = el.htmlFor.replace(/_\d+$/, '_' + i);
    }
    var legend = row.querySelector('legend');
    if (legend) legend.textContent = numbered('condition', 'Condition {n}', i + 1);
  }

  function removeButton(i) {
    var b = document.createElement('button');
    b.type = 'submit';
    b.name = 'action';
    b.value = 'remove:' + i;
    b.className = 'secondary';
    var shown = document.createElement('span');
    shown.setAttribute('aria-hidden', 'true');
    shown.textContent = text('remove', 'Remove');
    b.appendChild(shown);
    var hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = numbered('remove-condition', 'Remove condition {n}', i + 1);
    b.appendChild(hidden);
    return b;
  }

  function ensureRemoveButtons() {
    var rows = list.children;
    for (var i = 0; i < rows.length; i++) {
      var cells = rows[i].querySelectorAll('.condition > div');
      var last = cells[cells.length - 1];
      if (last && !last.querySelector('button')) last.appendChild(removeButton(i));
    }
  }

  function addRow() {
    var rows = list.children;
    var max = Number(addButton.getAttribute('data-max-rows')) || 200;
    if (!rows.length || rows.length >= max) return false;
    var n = rows.length;
    var row = rows[n - 1].cloneNode(true);
    var errors = row.querySelectorAll('.field-error');
    for (var e = 0; e < errors.length; e++) errors[e].parentNode.removeChild(errors[e]);
    var fields = row.querySelectorAll('input, select');
    for (var f = 0; f < fields.length; f++) {
      var field = fields[f];
      field.removeAttribute('aria-invalid');
      field.removeAttribute('autofocus');
      if (field.tagName === 'SELECT') field.value = 'eq';
      else field.value = '';
      var described = (field.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && !/^cond-/.test(x); });
      if (described.length) field.setAttribute('aria-describedby', described.join(' '));
      else field.removeAttribute('aria-describedby');
    }
    var old = row.querySelector('button[name="action"]');
    if (old) old.parentNode.removeChild(old);
    renumber(row, n);
    list.appendChild(row);
    if (rowCount) rowCount.value = String(n + 1);
    ensureRemoveButtons();
    if (n + 1 >= max) addButton.disabled = true;
    var first = row.querySelector('input[type="text"]');
    if (first) first.focus();
    return true;
  }

  if (addButton && list) {
    addButton.addEventListener('click', function (e) {
      if (addRow()) e.preventDefault();
    });
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', function (e) {
    if (e.target && e.target.name === 'kind') syncKind();
    schedule(e);
  });
  syncKind();
})();
