import { expect, it } from 'vitest';
import { generateWebhookSecret, signWebhook } from '../fakes/resend.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { postSigned } from '../webhooks/helpers.ts';

const secret = generateWebhookSecret();
const t = useTestApp({ publicUrl: 'https://tidings.example.org', resendWebhookSecret: secret });
const fake = useFakeResend();

it('the update page shows, per recipient who did not get it, the provider events in the order they happened (opens only with tracking on)', async () => {
  const { updateId, deliveries } = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'tl' }, transport: fake.transport() });
  const d = deliveries[0]!;
  const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();
  // Posted out of order: the bounce arrives first, the delivery notice second.
  for (const [type, s] of [['email.bounced', 30], ['email.opened', 20], ['email.delivered', 10]] as const) {
    const res = await postSigned(t, signWebhook(secret, { ...fake.emailEvent(type, d.provider_id!), created_at: at(s) }));
    expect(res.status).toBe(200);
  }
  const officer = await t.userWithToken('officer');
  const s = await pageSession(t.app, officer.email, officer.password);
  const html = await (await s.get(`/updates/${updateId}`)).text();
  const timelineOf = (page: string) => {
    const start = page.indexOf('<details', page.indexOf(d.email));
    return page.slice(start, page.indexOf('</details>', start));
  };
  const row = timelineOf(html);
  expect(row).toContain('2 events');
  expect(row.indexOf('Delivered')).toBeGreaterThan(-1);
  expect(row.indexOf('Delivered')).toBeLessThan(row.indexOf('Bounced'));
  expect(row).not.toContain('Opened');

  await t.deps.db.insertInto('settings').values({ key: 'tracking', value: JSON.stringify(true) }).execute();
  const tracked = await (await s.get(`/updates/${updateId}`)).text();
  const row2 = timelineOf(tracked);
  expect(row2).toContain('3 events');
  expect(row2.indexOf('Delivered')).toBeLessThan(row2.indexOf('Opened'));
  expect(row2.indexOf('Opened')).toBeLessThan(row2.indexOf('Bounced'));
});
