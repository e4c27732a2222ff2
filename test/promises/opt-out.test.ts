import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/links.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { openUnsubscribeLink, unsubscribe } from '../../src/unsubscribe/service.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const HOUR = 3_600_000;

describe('a promise to customers who then opt out', () => {
  it('is kept when the next update reaches everyone else: who unsubscribed or bounced after the promise asked not to be written to', async () => {
    await seedContacts(t.deps.db, 4, 'opt');
    const s = await baseScenario(t.deps.db);
    const { updateId: first, deliveries } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id, subject: 'First' });
    const due = (await t.deps.db.selectFrom('updates').select('next_update_at').where('id', '=', first).executeTakeFirstOrThrow()).next_update_at!;
    await sql`UPDATE updates SET sent_at = ${new Date(due.getTime() - 7 * 24 * HOUR)} WHERE id = ${first}`.execute(t.deps.db);

    // After the promise: one customer stops all updates through their link, another's address hard-bounces elsewhere.
    const leaving = deliveries.find((d) => d.email === 'opt1@example.org')!;
    const token = signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: leaving.id, expiresAt: new Date(Date.now() + 86_400_000) });
    await unsubscribe(t.deps.db, await openUnsubscribeLink(t.deps.db, t.deps.config.secret, token), { scope: 'all', source: 'page' });
    await t.deps.db.insertInto('suppressions').values({ email_lower: 'opt2@example.org', reason: 'bounced', source: 'test' }).execute();

    const { updateId: second } = await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id, subject: 'Second' });
    const excluded = await t.deps.db.selectFrom('deliveries').select(['email', 'reason']).where('update_id', '=', second).where('status', '=', 'excluded').orderBy('email').execute();
    expect(excluded).toEqual([
      { email: 'opt1@example.org', reason: 'unsubscribed' },
      { email: 'opt2@example.org', reason: 'suppressed:bounced' },
    ]);
    await sql`UPDATE updates SET sent_at = ${new Date(due.getTime() - HOUR)} WHERE id = ${second}`.execute(t.deps.db);
    await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date(due.getTime() - 30 * 60_000));
    const p = await t.deps.db.selectFrom('promises').selectAll().where('update_id', '=', first).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ state: 'kept', recipients: 4, reached: 4, kept_by_update_id: second });
  });
});
