import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx } from '../db/connection.ts';
import type { AuditEntry, AuditMember } from '../db/types.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import { canonicalJson } from './chain.ts';
import { recordAudit, type AuditInput } from './log.ts';
import { leafHash, merkleRoot } from './merkle.ts';

/**
 * Grouped entries. One chain means one writer at a time, which is fine for
 * staff actions but not for the provider's events of a large send (a million
 * and more). So those are hashed one by one (a member: its own content, hashed
 * on its own) and committed in groups: a group adds ONE entry to the chain,
 * whose details hold the Merkle root of its members and their number. The chain
 * entry is keyed as every entry is (src/audit/chain.ts), so its root cannot be
 * changed; the root covers each member, so no member can be changed, removed
 * or added without the check (src/audit/verify.ts) finding it; and each member
 * stays provable on its own by an inclusion proof (src/audit/proof.ts).
 */
export const GROUP_ACTION = 'audit.group';
export const GROUP_SUBJECT = 'audit_group';

/** What a grouped entry's details say about its members. */
export interface GroupDetails {
  /** The Merkle root of the members' leaf hashes, in position order. */
  root: string;
  /** How many members the group has. */
  members: number;
  /** The action its members record (one kind per group). */
  of: string;
}

export interface MemberInput extends AuditInput {
  actor: Actor;
}

/** What a member's hash is taken over: its content, canonical, as it reads back from the database. */
export function memberText(m: Pick<AuditMember, 'at' | 'actor' | 'action' | 'subject_type' | 'subject_id' | 'details'>): string {
  return canonicalJson({ at: m.at.toISOString(), actor: m.actor, action: m.action, subjectType: m.subject_type, subjectId: m.subject_id, details: m.details });
}

export const memberHash = (m: Parameters<typeof memberText>[0]): string => leafHash(memberText(m));

/** Reads a grouped entry's details, or undefined when the entry is not a group. */
export function groupDetails(entry: Pick<AuditEntry, 'action' | 'details'>): GroupDetails | undefined {
  if (entry.action !== GROUP_ACTION) return undefined;
  const d = entry.details as Partial<GroupDetails>;
  return { root: String(d.root ?? ''), members: Number(d.members ?? -1), of: String(d.of ?? '') };
}

/**
 * Records many entries of one kind as one group, in the caller's transaction:
 * the members first (they take no lock), then the chain entry holding their
 * root. The chain's lock is taken by that last append only, so it is held from
 * there to the commit, not while the caller did its work.
 */
export async function recordAuditGroup(tx: DbOrTx, members: MemberInput[], options: { at?: Date | undefined } = {}): Promise<AuditEntry | null> {
  if (!tx.isTransaction) throw new Error('recordAuditGroup needs the transaction that makes the change');
  if (members.length === 0) return null;
  const of = members[0]!.action;
  if (members.some((m) => m.action !== of)) throw new Error('a group records one kind of entry');
  const key = randomBytes(16).toString('hex');
  const now = Date.now();
  const rows = members.map((m, position) => {
    const row = {
      group_key: key,
      position,
      // Millisecond precision: the stored value must read back exactly as hashed.
      at: new Date(Math.floor(m.at?.getTime() ?? now)),
      actor: m.actor.label,
      action: m.action,
      subject_type: m.subjectType ?? null,
      subject_id: m.subjectId === undefined ? null : String(m.subjectId),
      details: JSON.parse(JSON.stringify(m.details ?? {})) as Record<string, unknown>,
    };
    return { ...row, hash: memberHash(row) };
  });
  // One statement with one array per column, whatever the group's size (a VALUES list would be nine parameters a member).
  await sql`
    INSERT INTO audit_members (group_key, position, at, actor, action, subject_type, subject_id, details, hash)
    SELECT ${key}, m.position, m.at, m.actor, m.action, m.subject_type, m.subject_id, m.details::jsonb, m.hash
      FROM unnest(${rows.map((r) => r.position)}::int[], ${rows.map((r) => r.at)}::timestamptz[], ${rows.map((r) => r.actor)}::text[],
                  ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.subject_type)}::text[], ${rows.map((r) => r.subject_id)}::text[],
                  ${rows.map((r) => JSON.stringify(r.details))}::text[], ${rows.map((r) => r.hash)}::text[])
           AS m(position, at, actor, action, subject_type, subject_id, details, hash)`.execute(tx);
  const details: GroupDetails = { root: merkleRoot(rows.map((r) => r.hash)), members: rows.length, of };
  return await recordAudit(tx, SYSTEM_ACTOR, { action: GROUP_ACTION, subjectType: GROUP_SUBJECT, subjectId: key, details: { ...details }, at: options.at });
}
