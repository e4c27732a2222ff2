import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/links.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { inAYear as inAYearFromNow } from './helpers.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });

const inAYear = inAYearFromNow();

describe("the customer's status page", () => {
  it('shows a customer only the updates they received, in their language, with the promise and their contact person', async () => {
    await seedContacts(t.deps.db, 6, 'portal');
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const { updateId: first } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Første oppdatering' });
    // portal1 bounces after the first update, so the second one leaves them out.
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'portal1@example.org', reason: 'bounced', source: 'test' }).execute();
    await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id, subject: 'Andre oppdatering' });

    const ds = await t.deps.db.selectFrom('deliveries').select(['id', 'email', 'update_id']).where('update_id', '=', first).execute();
    const tokenFor = (email: string) => signLink(t.deps.config.secret, { purpose: 'status', id: ds.find((d) => d.email === email)!.id, expiresAt: inAYear });

    // portal1 and portal6 have locale nb (1 + g % 5 = 2).
    const kept = await t.app.request(`/c/${tokenFor('portal6@example.org')}`);
    expect(kept.status).toBe(200);
    const html = await kept.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Bokklubben restructuring');
    expect(html).toContain('Oppdatering 1: Første oppdatering');
    expect(html).toContain('Oppdatering 2: Andre oppdatering');
    expect(html).toContain('Vi skriver til deg igjen innen');
    expect(html).toContain('Ingrid Dahl');
    expect(html).toContain('+47 22 12 34 56');

    const bounced = await (await t.app.request(`/c/${tokenFor('portal1@example.org')}`)).text();
    expect(bounced).toContain('Oppdatering 1: Første oppdatering');
    expect(bounced).not.toContain('Andre oppdatering');
  });

  it('refuses an altered, an expired and an unsubscribe token, showing no data', async () => {
    const d = await t.deps.db.selectFrom('deliveries').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const good = signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt: inAYear });
    const altered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const expired = signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt: new Date(Date.now() - 1000) });
    const other = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: d.id, expiresAt: inAYear });
    for (const [token, message] of [
      [altered, /not valid/],
      [expired, /expired/],
      [other, /not valid/],
      ['nonsense', /not valid/],
    ] as const) {
      const res = await t.app.request(`/c/${token}`);
      expect(res.status, token).toBe(403);
      const body = await res.text();
      expect(body).toMatch(message);
      expect(body).not.toContain('Bokklubben restructuring');
      expect(body).not.toContain('Ingrid Dahl');
    }
  });
});
