import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveChainKey } from '../../src/audit/chain.ts';
import { groupDetails, memberHash } from '../../src/audit/group.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { inclusionPath, leafHash, merkleRoot, verifyInclusion } from '../../src/audit/merkle.ts';
import { checkInclusionProof, deliveryEventProof } from '../../src/audit/proof.ts';
import type { Delivery } from '../../src/db/types.ts';
import { applyProviderEvents } from '../../src/deliveries/apply-events.ts';
import type { ProviderEvent } from '../../src/deliveries/events.ts';
import { useTestApp } from '../helpers/app.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { countRows } from '../webhooks/helpers.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });
const fake = useFakeResend();
let deliveries: Delivery[];

beforeAll(async () => {
  ({ deliveries } = await buildUpdate(t, { newCustomers: { n: 12, prefix: 'grouped' }, transport: fake.transport() }));
});

/** Three events per delivery, applied in one transaction: one group. */
async function applyGroup(tag: string): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = deliveries.flatMap((d) =>
    (['email.sent', 'email.delivered', 'email.opened'] as const).map((type) => ({ id: `msg_${tag}_${type}_${d.id}`, payload: fake.emailEvent(type, d.provider_id!) })),
  );
  await t.deps.db.transaction().execute((tx) => applyProviderEvents(tx, events));
  return events;
}

async function groupOf(eventId: string) {
  const member = await t.deps.db.selectFrom('audit_members').selectAll().where('subject_id', '=', eventId).executeTakeFirstOrThrow();
  const entry = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_id', '=', member.group_key).executeTakeFirstOrThrow();
  return { member, entry };
}

/** What someone with the database can do: switch the trigger off and change a stored member. */
async function asOwner(statement: string, params: unknown[]) {
  const su = new pg.Client({ connectionString: t.tdb.url });
  await su.connect();
  try {
    await su.query('ALTER TABLE audit_members DISABLE TRIGGER audit_members_no_update_delete');
    await su.query(statement, params);
  } finally {
    await su.query('ALTER TABLE audit_members ENABLE TRIGGER audit_members_no_update_delete');
    await su.end();
  }
}

describe('the Merkle tree', () => {
  it('every leaf of trees of 1 to 33 leaves has a proof that verifies, and only for that leaf, index and root', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const path = inclusionPath(leaves, i);
        expect(verifyInclusion(leaves[i]!, i, n, path, root)).toBe(true);
        expect(verifyInclusion(leafHash('another'), i, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaves[i]!, (i + 1) % n, n, path, root)).toBe(false);
      }
    }
    // A leaf can never pass for an inner node (0x00 and 0x01 prefixes).
    expect(merkleRoot([leafHash('a')])).not.toBe(merkleRoot([leafHash('a'), leafHash('a')]));
  });
});

describe('provider events on the record in groups', () => {
  it('a batch of 36 events makes one chain entry whose Merkle root is that of its 36 members, and the chain verifies', async () => {
    const before = await countRows(t.deps.db);
    const events = await applyGroup('one');
    const after = await countRows(t.deps.db);
    expect(after.events - before.events).toBe(36);
    expect(after.audit - before.audit).toBe(1);
    const { entry } = await groupOf(events[0]!.id);
    const members = await t.deps.db.selectFrom('audit_members').selectAll().where('group_key', '=', entry.subject_id!).orderBy('position').execute();
    expect(members.map((m) => m.subject_id)).toEqual(events.map((e) => e.id));
    expect(groupDetails(entry)).toEqual({ root: merkleRoot(members.map(memberHash)), members: 36, of: 'delivery.event' });
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });
  });

  it('replays, in a later batch and inside the same batch, store nothing new and add nothing to the record', async () => {
    const events = await applyGroup('replay');
    const before = await countRows(t.deps.db);
    const members = await t.deps.db.selectFrom('audit_members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const outcomes = await t.deps.db.transaction().execute((tx) => applyProviderEvents(tx, [...events, ...events.slice(0, 5)]));
    expect(outcomes.every((o) => o.duplicate)).toBe(true);
    expect(await countRows(t.deps.db)).toEqual(before);
    expect(await t.deps.db.selectFrom('audit_members').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual(members);
    // Inside one batch: the first of an id is stored, the second is a duplicate.
    const twice: ProviderEvent = { id: 'msg_twice_in_batch', payload: fake.emailEvent('email.delivered', deliveries[0]!.provider_id!) };
    const [a, b] = await t.deps.db.transaction().execute((tx) => applyProviderEvents(tx, [twice, twice]));
    expect([a!.duplicate, b!.duplicate]).toEqual([false, true]);
    expect(await t.deps.db.selectFrom('audit_members').select('id').where('subject_id', '=', twice.id).execute()).toHaveLength(1);
  });

  it('an inclusion proof for one delivery event verifies, and fails for the event changed, another place, or a changed path', async () => {
    const events = await applyGroup('proof');
    const proof = await deliveryEventProof(t.deps.db, events[7]!.id);
    expect(proof).toMatchObject({ index: 7, size: 36, member: { subjectId: events[7]!.id, details: { eventId: events[7]!.id, type: 'email.delivered' } } });
    expect(checkInclusionProof(proof)).toEqual({ included: true, entryHolds: true });
    // Without the key, inclusion is still checkable; the entry's keyed hash is not.
    expect(checkInclusionProof(proof, { key: null })).toEqual({ included: true, entryHolds: null });
    expect(checkInclusionProof(proof, { key: deriveChainKey('another secret') }).entryHolds).toBe(false);

    const changed = { ...proof, member: { ...proof.member, details: { ...proof.member.details, type: 'email.bounced' } } };
    expect(checkInclusionProof(changed).included).toBe(false);
    expect(checkInclusionProof({ ...proof, index: 8 }).included).toBe(false);
    expect(checkInclusionProof({ ...proof, path: [...proof.path.slice(1), proof.path[0]!] }).included).toBe(false);
    const otherRoot = { ...proof, root: merkleRoot([proof.leafHash]), entry: { ...proof.entry, details: { ...proof.entry.details, root: merkleRoot([proof.leafHash]) } } };
    expect(checkInclusionProof(otherRoot)).toMatchObject({ entryHolds: false });
  });

  it('changing one member event on the record, or removing it, breaks the check at its group entry', async () => {
    const events = await applyGroup('tamper');
    const { member, entry } = await groupOf(events[4]!.id);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });

    await asOwner(`UPDATE audit_members SET details = jsonb_set(details, '{type}', '"email.bounced"') WHERE id = $1`, [member.id]);
    let r = await verifyAuditChain(t.deps.db);
    expect(r).toMatchObject({ intact: false, brokenAt: { id: entry.id, fault: { key: 'audit.faultGroupAltered' } } });
    expect(r.brokenAt!.reason).toMatch(/Merkle root/);

    await asOwner(`UPDATE audit_members SET details = $2 WHERE id = $1`, [member.id, JSON.stringify(member.details)]);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });

    await asOwner(`DELETE FROM audit_members WHERE id = $1`, [member.id]);
    r = await verifyAuditChain(t.deps.db);
    expect(r).toMatchObject({ intact: false, brokenAt: { id: entry.id, fault: { key: 'audit.faultGroupAltered' } } });
  });
});

describe('GET /api/v1/audit/proof', () => {
  it('gives an auditor the proof of one event, which checks out with nothing but the response; an unknown event is 404', async () => {
    const events = await applyGroup('api');
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'GET', `/api/v1/audit/proof?event=${encodeURIComponent(events[10]!.id)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Awaited<ReturnType<typeof deliveryEventProof>> & { check: unknown };
    expect(body).toMatchObject({ index: 10, size: 36, member: { subjectId: events[10]!.id }, check: { included: true, entryHolds: true } });
    // What an auditor does with it: the leaf from the event's content, the root from the path.
    expect(verifyInclusion(body.leafHash, body.index, body.size, body.path, body.root)).toBe(true);
    expect(body.entry.details).toMatchObject({ root: body.root, members: 36 });
    expect((await t.api(auditor.token, 'GET', '/api/v1/audit/proof?event=msg_never_received')).status).toBe(404);
  });
});
