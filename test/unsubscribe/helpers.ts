import { sql } from 'kysely';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';
import type { TestContext } from '../helpers/app.ts';
import type { BuiltUpdate, UpdateSpec } from '../helpers/updates.ts';

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

/** Where the builder sends an update in the scenario's situation. */
export function updateIn(s: Scenario): UpdateSpec {
  return { situationId: s.situationId, segmentIds: [s.segmentId], contactPointId: s.contactPointId };
}

/**
 * A sent update with each recipient's delivery by the local part of their
 * address, and the List-Unsubscribe URL their email actually carried.
 */
export async function withUnsubscribeLinks(t: TestContext, built: BuiltUpdate) {
  const rows = await t.deps.db
    .selectFrom('deliveries as d')
    .leftJoin('outbox_messages as o', 'o.idempotency_key', 'd.idempotency_key')
    .select(['d.id', 'd.email', 'd.contact_id', 'd.status', 'd.reason', 'o.headers'])
    .where('d.update_id', '=', built.updateId)
    .execute();
  const deliveries = new Map(
    rows.map((r) => {
      const header = (r.headers as Record<string, string> | null)?.['List-Unsubscribe'];
      const url = header ? header.slice(1, -1) : undefined;
      return [r.email.split('@')[0]!, { id: Number(r.id), contactId: Number(r.contact_id), status: r.status, reason: r.reason, url, path: url ? new URL(url).pathname : undefined }];
    }),
  );
  return { ...built, deliveries };
}

/** Everything an unsubscribe could change, to assert that nothing did. */
export async function unsubscribeState(t: TestContext) {
  const su = await t.deps.db.selectFrom('situation_unsubscribes').selectAll().orderBy('situation_id').orderBy('contact_id').execute();
  const contacts = await t.deps.db.selectFrom('contacts').select(['id', 'unsubscribed_at', 'updated_at']).where('unsubscribed_at', 'is not', null).orderBy('id').execute();
  const audit = await sql<{ n: string; max: string | null }>`SELECT count(*) AS n, max(id) AS max FROM audit_log`.execute(t.deps.db);
  return { su, contacts, audit: audit.rows[0] };
}
