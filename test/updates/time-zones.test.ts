import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { isZone, ZONES } from '../../src/updates/zones.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

function alertText(html: string): string | undefined {
  return /<p class="error" role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.trim();
}

async function draftAndSession() {
  await seedContacts(t.deps.db, 2, `tz${Date.now()}`);
  const { situation, cp, segment } = await baseScenario(t.deps.db);
  const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));
  const officer = await t.userWithToken('officer');
  return { id: draft.id, segmentId: segment.id, cpId: cp.id, s: await pageSession(t.app, officer.email, officer.password) };
}

describe('time zones', () => {
  it('offers every zone Intl knows, plus UTC, and accepts exactly those', () => {
    for (const z of ['America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland', 'Africa/Lagos', 'Europe/Oslo', 'UTC']) expect(ZONES).toContain(z);
    expect(ZONES.length).toBe(Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC').length + 1);
    expect(isZone('America/Sao_Paulo')).toBe(true);
    for (const z of ['Mars/Olympus', 'europe/oslo', '+01:00', '', 'Europe/Oslo\n']) expect(isZone(z)).toBe(false);
  });

  it('lets the composer search every zone without JavaScript, and refuses an unknown one naming the field', async () => {
    const { id, segmentId, cpId, s } = await draftAndSession();
    const html = await (await s.get(`/updates/${id}`)).text();
    // A text box tied to a list of every zone: the browser filters as one types.
    expect(html).toMatch(/<input[^>]*list="f-zone-list"[^>]*>/);
    expect(html).toMatch(/<datalist id="f-zone-list">[\s\S]*<option value="America\/New_York">[\s\S]*<option value="Asia\/Tokyo">/);
    expect(html).toMatch(/<label for="f-zone">/);

    const c = completeUpdate(segmentId, cpId);
    const form = { segmentIds: String(segmentId), contactPointId: String(cpId), ackKind: 'apology', ackText: c.acknowledgement.text, nextUpdateLocal: '2099-03-05T09:00', defaultLocale: 'en', subject_en: c.content.en.subject, body_en: c.content.en.body };
    const bad = await s.post(`/updates/${id}`, { ...form, timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(alertText(badHtml)).toMatch(/Time zone.*Mars\/Olympus/);
    // What was typed stays in the box to correct.
    expect(badHtml).toMatch(/<input[^>]*value="Mars\/Olympus"/);

    const ok = await s.post(`/updates/${id}`, { ...form, timeZone: 'America/New_York' });
    expect(ok.status).toBe(303);
    const row = await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', id).executeTakeFirstOrThrow();
    // 09:00 in New York in March 2099 (still standard time) is 14:00 UTC.
    expect(row.next_update_at?.toISOString()).toBe('2099-03-05T14:00:00.000Z');
  });

  it('refuses to schedule a send on an unknown zone, naming the field', async () => {
    const { id, s } = await draftAndSession();
    const bad = await s.post(`/updates/${id}/send`, { sendAtLocal: '2099-03-05T09:00', timeZone: 'Nowhere/Atlantis' });
    expect(bad.status).toBe(400);
    expect(alertText(await bad.text())).toMatch(/Time zone.*Nowhere\/Atlantis/);
  });
});
