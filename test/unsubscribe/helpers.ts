import pino from 'pino';
import { sql } from 'kysely';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';
import { EmailComposer } from '../../src/sending/compose-email.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import type { TestContext } from '../helpers/app.ts';
import { completeUpdate } from '../helpers/scenario.ts';

let seq = 0;

export interface Scenario {
  situationId: number;
  situationTitle: string;
  contactPointId: number;
  segmentId: number;
  domain: string;
}

/** A situation and a segment over contacts of one made-up domain, with the locales given. */
export async function unsubscribeScenario(t: TestContext, people: { local: string; locale: string }[], title?: string): Promise<Scenario> {
  const domain = `unsub${++seq}-${Date.now().toString(36)}.example.org`;
  const situationTitle = title ?? `Takeover of Nordlys ${seq}`;
  const situation = await createSituation(t.deps.db, CLI_ACTOR, { title: situationTitle, summary: 'Nordlys is being taken over.' });
  const cp = await createContactPoint(t.deps.db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@nordlys.example.org', phone: '+47 22 12 34 56' });
  for (const p of people) {
    await t.deps.db.insertInto('contacts').values({ email: `${p.local}@${domain}`, name: p.local, locale: p.locale, timezone: 'Europe/Oslo', attributes: JSON.stringify({}) }).execute();
  }
  const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: `Customers at ${domain}`, rule: { all: [{ attribute: 'email', op: 'contains', value: `@${domain}` }] } });
  return { situationId: situation.id, situationTitle, contactPointId: cp.id, segmentId: segment.id, domain };
}

/** Another situation over the same segment (for "other situations still reach them"). */
export async function otherSituation(t: TestContext, s: Scenario): Promise<Scenario> {
  const situation = await createSituation(t.deps.db, CLI_ACTOR, { title: `Office move ${++seq}`, summary: 'We are moving.' });
  return { ...s, situationId: situation.id, situationTitle: situation.title };
}

/**
 * Composes, approves, releases and sends an update in the scenario's situation
 * through the real pipeline (outbox transport), and returns each recipient's
 * delivery with the List-Unsubscribe URL their email actually carried.
 */
export async function sendUpdate(t: TestContext, s: Scenario) {
  const author = await t.userWithToken('officer');
  const approver = await t.userWithToken('officer');
  const draftRes = await t.api(author.token, 'POST', `/api/v1/situations/${s.situationId}/updates`, completeUpdate(s.segmentId, s.contactPointId));
  if (draftRes.status !== 201) throw new Error(`draft: ${draftRes.status} ${await draftRes.text()}`);
  const updateId = ((await draftRes.json()) as { id: number }).id;
  const approve = await t.api(approver.token, 'POST', `/api/v1/updates/${updateId}/approve`);
  if (approve.status !== 200) throw new Error(`approve: ${approve.status} ${await approve.text()}`);
  const send = await t.api(author.token, 'POST', `/api/v1/updates/${updateId}/send`, {});
  if (send.status >= 300) throw new Error(`send: ${send.status} ${await send.text()}`);
  const release = await releaseUpdate(t.deps.db, updateId);
  if (!release.released) throw new Error(`release: ${release.reason}`);
  await sendUpdateBatches({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), composer: new EmailComposer(t.deps.config), log: pino({ level: 'silent' }), worker: 'test', rate: Infinity, leaseSeconds: 30 }, updateId);

  const rows = await t.deps.db
    .selectFrom('deliveries as d')
    .leftJoin('outbox_messages as o', 'o.idempotency_key', 'd.idempotency_key')
    .select(['d.id', 'd.email', 'd.contact_id', 'd.status', 'd.reason', 'o.headers'])
    .where('d.update_id', '=', updateId)
    .execute();
  const deliveries = new Map(
    rows.map((r) => {
      const header = (r.headers as Record<string, string> | null)?.['List-Unsubscribe'];
      const url = header ? header.slice(1, -1) : undefined;
      return [r.email.split('@')[0]!, { id: Number(r.id), contactId: Number(r.contact_id), status: r.status, reason: r.reason, url, path: url ? new URL(url).pathname : undefined }];
    }),
  );
  return { updateId, release, deliveries };
}

/** Everything an unsubscribe could change, to assert that nothing did. */
export async function unsubscribeState(t: TestContext) {
  const su = await t.deps.db.selectFrom('situation_unsubscribes').selectAll().orderBy('situation_id').orderBy('contact_id').execute();
  const contacts = await t.deps.db.selectFrom('contacts').select(['id', 'unsubscribed_at', 'updated_at']).where('unsubscribed_at', 'is not', null).orderBy('id').execute();
  const audit = await sql<{ n: string; max: string | null }>`SELECT count(*) AS n, max(id) AS max FROM audit_log`.execute(t.deps.db);
  return { su, contacts, audit: audit.rows[0] };
}
