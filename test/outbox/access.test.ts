import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 11, item 4: every outbox message carries the customer's signed status
// and unsubscribe links, which act as the customer. The outbox is for those who
// send (officers and admins); a responder or an auditor is refused (403).

const t = useTestApp();
let messageId: string;

beforeAll(async () => {
  await buildUpdate(t, { newCustomers: { n: 2, prefix: 'obx' } });
  messageId = (await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'obx1@example.org').executeTakeFirstOrThrow()).id;
});

const routes = () => ['/outbox', `/outbox/${messageId}`, `/outbox/${messageId}/html`];

describe('the outbox is for officers and admins', () => {
  it("serves officers and admins every customer's email with its signed links", async () => {
    for (const role of ['officer', 'admin'] as const) {
      const p = await t.userWithToken(role);
      const s = await pageSession(t.app, p.email, p.password);
      for (const path of routes()) expect((await s.get(path)).status, `${role} ${path}`).toBe(200);
      const one = await (await s.get(`/outbox/${messageId}`)).text();
      expect(one).toMatch(/\/unsubscribe\/[A-Za-z0-9_.-]+/);
      expect(await (await s.get('/')).text()).toContain('href="/outbox"');
    }
  });

  it('refuses responders and auditors on every outbox route, showing no link, and leaves it out of their menu', async () => {
    for (const role of ['responder', 'auditor'] as const) {
      const p = await t.userWithToken(role);
      const s = await pageSession(t.app, p.email, p.password);
      for (const path of routes()) {
        const res = await s.get(path);
        expect(res.status, `${role} ${path}`).toBe(403);
        const body = await res.text();
        expect(body).not.toContain('obx1@example.org');
        expect(body).not.toMatch(/\/unsubscribe\/|\/c\//);
      }
      expect(await (await s.get('/')).text()).not.toContain('href="/outbox"');
    }
  });
});
