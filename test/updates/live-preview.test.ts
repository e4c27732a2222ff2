import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

/** What the database holds about an update that a preview must never change. */
async function recordOf(updateId: number) {
  const db = t.deps.db;
  const u = await db.selectFrom('updates').select(['version', 'content', 'updated_at', 'status']).where('id', '=', updateId).executeTakeFirstOrThrow();
  const editors = await db.selectFrom('update_editors').select('user_id').where('update_id', '=', updateId).execute();
  const audit = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { u, editors, audit: Number(audit.n) };
}

describe('the preview follows what is typed, before saving', () => {
  it('renders the posted unsaved subject and body, text part and HTML frame, and changes nothing in the database', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const c = completeUpdate(segment.id, cp.id);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, c);
    const before = await recordOf(draft.id);
    const form = {
      segmentIds: String(segment.id),
      contactPointId: String(cp.id),
      ackKind: 'apology',
      ackText: 'Sorry for the wait, truly.',
      nextUpdateLocal: '2099-03-05T09:00',
      timeZone: 'Europe/Oslo',
      defaultLocale: 'en',
      subject_en: 'Unsaved subject about the merger',
      body_en: 'Typed but **not saved** yet.\n\n- first point',
      subject_nb: c.content.nb.subject,
      body_nb: c.content.nb.body,
      preview: 'en',
    };

    const res = await s.post(`/updates/${draft.id}/preview.json?locale=en`, form);
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p).toMatchObject({ locale: 'en', shown: 'en', problem: null });
    expect(p.subject).toBe('Update 1: Unsaved subject about the merger');
    expect(p.text).toContain('Typed but not saved yet.');
    expect(p.text).toContain('Sorry for the wait, truly.');

    // The frame follows as well: the same values posted to the frame's address render the unsaved HTML.
    const frame = await s.post(`/updates/${draft.id}/preview.html?locale=en`, form);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await frame.text();
    expect(html).toContain('<strong>not saved</strong>');
    expect(html).toContain('<base target="_blank">');

    // Another tab renders that language's unsaved words; an incomplete one falls back to the unsaved default.
    const nb = await (await s.post(`/updates/${draft.id}/preview.json?locale=nb`, { ...form, subject_nb: 'Ulagret emne' })).json();
    expect(nb.shown).toBe('nb');
    expect(nb.subject).toContain('Ulagret emne');
    const sv = await (await s.post(`/updates/${draft.id}/preview.json?locale=sv`, form)).json();
    expect(sv.shown).toBe('en');
    expect(sv.subject).toContain('Unsaved subject about the merger');

    // Nothing typed in the default language: the preview says what is missing, with no error.
    const empty = await (await s.post(`/updates/${draft.id}/preview.json?locale=en`, { ...form, subject_en: '', body_en: '' })).json();
    expect(empty.problem).toMatch(/Nothing to preview yet/);

    // No version bump, no editor, no audit row, the saved words unchanged.
    expect(await recordOf(draft.id)).toEqual(before);
    expect(before.editors.map((e) => e.user_id)).not.toContain(officer.id);
  });

  it('is refused without the CSRF token and to those who cannot write updates', async () => {
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    expect((await s.post(`/updates/${draft.id}/preview.json`, { subject_en: 'x', body_en: 'y' }, { omitCsrf: true })).status).toBe(403);
    const auditor = await t.userWithToken('auditor');
    const a = await pageSession(t.app, auditor.email, auditor.password);
    expect((await a.post(`/updates/${draft.id}/preview.json`, { subject_en: 'x', body_en: 'y' })).status).toBe(403);
    expect((await a.post(`/updates/${draft.id}/preview.html`, { subject_en: 'x', body_en: 'y' })).status).toBe(403);
  });

  it('keeps an approved update approved, and refuses to preview other words for an update already released', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const approved = await buildUpdate(t, { until: 'approved' });
    const ok = await s.post(`/updates/${approved.updateId}/preview.json`, { subject_en: 'Another subject', body_en: 'Other words.', defaultLocale: 'en' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).subject).toContain('Another subject');
    const u = await t.deps.db.selectFrom('updates').select(['status']).where('id', '=', approved.updateId).executeTakeFirstOrThrow();
    expect(u.status).toBe('approved');

    const sent = await buildUpdate(t, { until: 'sent' });
    const refused = await s.post(`/updates/${sent.updateId}/preview.json`, { subject_en: 'Rewritten history', body_en: 'No.' });
    expect(refused.status).toBe(409);
  });
});
