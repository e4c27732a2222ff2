import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { sendUpdateBatches, type SenderDeps } from '../../src/sending/sender.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate, senderDeps } from '../helpers/updates.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });
const fake = useFakeResend();
beforeEach(() => fake.reset());

function sender(rate = Infinity): SenderDeps {
  return senderDeps(t.deps, fake.transport(), { rate });
}

async function counts(updateId: number) {
  const rows = await t.deps.db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('update_id', '=', updateId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe('provider faults', () => {
  it('a provider answering 429 to a third of calls and 500 to a tenth still ends with everyone sent once', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 4000, prefix: 'flaky' }, until: 'released' });
    fake.setFaultRates({ rate429: 1 / 3, rate500: 1 / 10, retryAfterSeconds: 1, seed: 42 });
    try {
      const loops = await Promise.all([sendUpdateBatches(sender(), updateId), sendUpdateBatches(sender(), updateId)]);
      expect(loops.some((l) => l.finished)).toBe(true);
    } finally {
      fake.setFaultRates(null);
    }
    expect(await counts(updateId)).toEqual({ sent: 4000 });
    const stats = fake.stats();
    expect(stats.status429).toBeGreaterThan(0);
    expect(stats.status5xx).toBeGreaterThan(0);
    expect(stats.extraCopies).toBe(0);
    expect(stats.accepted).toBe(4000);
    console.log(`flaky provider: ${stats.calls} calls, ${stats.status429} answered 429, ${stats.status5xx} answered 5xx, ${stats.accepted} accepted once each`);
  }, 120_000);

  it('a connection dropped after the provider accepted is retried with the same key and sends nothing twice', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 300, prefix: 'dropped' }, until: 'released' });
    fake.failNext(2, { drop: 'after' });
    await sendUpdateBatches(sender(), updateId);
    expect(await counts(updateId)).toEqual({ sent: 300 });
    expect(fake.stats()).toMatchObject({ accepted: 300, extraCopies: 0 });
    expect(fake.stats().replays).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a provider that answers too slowly is abandoned and the batch retried under the same key, sending nothing twice', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 200, prefix: 'slow' }, until: 'released' });
    fake.setDelay(1500);
    const slow = senderDeps(t.deps, fake.transport(300));
    // Every first attempt is abandoned after 300 ms; the provider accepts it
    // anyway 1.5 s later, and the retry under the same key gets the original ids.
    const run = await sendUpdateBatches(slow, updateId, { deadline: Date.now() + 30_000 });
    fake.setDelay(0);
    expect(run.finished).toBe(true);
    expect(await counts(updateId)).toEqual({ sent: 200 });
    expect(fake.stats()).toMatchObject({ accepted: 200, extraCopies: 0 });
    expect(fake.stats().replays).toBeGreaterThanOrEqual(1);
    const batches = await t.deps.db.selectFrom('send_batches').select(['attempts', 'last_error']).where('update_id', '=', updateId).execute();
    expect(batches.some((b) => b.attempts > 1)).toBe(true);
  }, 60_000);

  it('a recipient the provider refuses fails alone, with the reason kept and counted', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 150, prefix: 'refused' }, until: 'released' });
    // An address only the provider rejects (our import would have refused it).
    await sql`UPDATE deliveries SET email = 'not an address' WHERE update_id = ${updateId} AND email = 'refused7@example.org'`.execute(t.deps.db);
    await sendUpdateBatches(sender(), updateId);
    expect(await counts(updateId)).toEqual({ sent: 149, failed: 1 });
    const failed = await t.deps.db.selectFrom('deliveries').select(['reason']).where('update_id', '=', updateId).where('status', '=', 'failed').executeTakeFirstOrThrow();
    expect(failed.reason).toMatch(/refused by the provider/);
    const u = await t.deps.db.selectFrom('updates').select('status').where('id', '=', updateId).executeTakeFirstOrThrow();
    expect(u.status).toBe('sent');
    const entry = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'update.sent').where('subject_id', '=', String(updateId)).executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ sent: 149, failed: 1 });
  }, 60_000);

  it('one rate is shared by every sender through PostgreSQL and keeps under the provider limit', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 1200, prefix: 'paced' }, until: 'released' });
    fake.setRateLimit(5);
    const started = Date.now();
    try {
      await Promise.all([sendUpdateBatches(sender(5), updateId), sendUpdateBatches(sender(5), updateId), sendUpdateBatches(sender(5), updateId)]);
    } finally {
      fake.setRateLimit(null);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await counts(updateId)).toEqual({ sent: 1200 });
    // 12 calls at 5/s need at least 11 intervals of 0.2 s, even with three senders.
    expect(seconds).toBeGreaterThanOrEqual(2.1);
    // Three senders each pacing on their own would send at 15/s and meet 429s in
    // most windows; shared pacing leaves room only for a rare jitter-made one
    // (a loaded machine can delay one request past the window's edge).
    expect(fake.stats().status429).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a 429 holds every sender for the retry-after the provider asked for', async () => {
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 200, prefix: 'held' }, until: 'released' });
    fake.failNext(1, { status: 429, retryAfterSeconds: 2 });
    const started = Date.now();
    await sendUpdateBatches(sender(), updateId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(await counts(updateId)).toEqual({ sent: 200 });
  }, 60_000);
});
