import { describe, expect, it } from 'vitest';
import { sendNowForecast } from '../../src/updates/quiet-hours.ts';
import { loadUpdate } from '../../src/updates/model.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

describe('Send now says what it will do (issue 12, item 2)', () => {
  it('the confirmation names the recipients, how many quiet hours hold and until when; the forecast matches the release', async () => {
    const built = await buildUpdate(t, { newCustomers: { n: 10, prefix: 'sn' }, input: { quietHours: true }, until: 'approved' });
    // 03:00 UTC: night for the customers in Europe (all of them); the window is 08–20 on their own clocks.
    const night = new Date();
    night.setUTCHours(3, 0, 0, 0);
    if (night.getTime() <= Date.now()) night.setUTCDate(night.getUTCDate() + 1);
    const update = await loadUpdate(t.deps.db, built.updateId);
    const forecast = await sendNowForecast(t.deps.db, update, night);
    expect(forecast.recipients).toBe(10);
    expect(forecast.held).toBe(10);
    // The last to open is a daytime start of 08:00 on some customer's clock, later the same day.
    expect(forecast.heldUntil!.getTime()).toBeGreaterThan(night.getTime());
    expect(forecast.heldUntil!.getTime() - night.getTime()).toBeLessThanOrEqual(6 * 3_600_000);

    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const page = await (await s.get(`/updates/${built.updateId}?tz=UTC`)).text();
    expect(page).toMatch(/data-confirm="Send this update to 10 recipients now\?( Quiet hours hold \d+ of them until daytime on their own clock; the last are released at [^"]+\(UTC\)\.)?"/);
    expect(page).toContain('<legend>When may it arrive?</legend>');

    // The release at the same instant holds exactly the recipients the forecast counted.
    await t.deps.db.updateTable('updates').set({ status: 'scheduled', send_at: night }).where('id', '=', built.updateId).execute();
    expect(await releaseUpdate(t.deps.db, built.updateId, { now: night })).toMatchObject({ released: true, queued: 10 });
    const held = await t.deps.db
      .selectFrom('deliveries')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('not_before').as('last')])
      .where('update_id', '=', built.updateId)
      .where('not_before', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(forecast.held);
    expect(new Date(held.last as Date).toISOString()).toBe(forecast.heldUntil!.toISOString());
  });
});
