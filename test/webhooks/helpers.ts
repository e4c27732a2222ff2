import type { Db } from '../../src/db/connection.ts';
import type { SignedWebhook } from '../fakes/resend.ts';
import type { TestContext } from '../helpers/app.ts';

/** POSTs a signed webhook to the in-process app (the raw body exactly as signed). */
export async function postSigned(t: TestContext, signed: SignedWebhook, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries({ ...signed.headers, ...headers })) if (v !== undefined) h[k] = v;
  return await t.app.request('http://localhost/webhooks/resend', { method: 'POST', headers: h, body: signed.body });
}

export async function countRows(db: Db) {
  const [events, audit, suppressions] = await Promise.all([
    db.selectFrom('delivery_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('suppressions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.n), audit: Number(audit.n), suppressions: Number(suppressions.n) };
}
