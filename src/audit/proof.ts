import type { DbOrTx } from '../db/connection.ts';
import { notFound } from '../errors.ts';
import { chainKey, keyedEntryHash } from './chain.ts';
import { GROUP_ACTION, groupDetails, memberHash } from './group.ts';
import { inclusionPath, verifyInclusion } from './merkle.ts';

/** One member of the record as its proof carries it: the content its leaf hash is taken over. */
export interface ProvenMember {
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/**
 * An inclusion proof: one member (e.g. one provider event), its leaf hash, its
 * place in its group and the audit path to the group's root, and the chain
 * entry holding that root, with the fields its keyed hash is taken over.
 */
export interface InclusionProof {
  member: ProvenMember;
  leafHash: string;
  index: number;
  size: number;
  path: string[];
  root: string;
  entry: { seq: number; at: string; actor: string; action: string; subjectType: string | null; subjectId: string | null; details: Record<string, unknown>; prevHash: string; hash: string };
}

/** The proof that the record holds one provider event (by its Svix id, as the webhook gave it). */
export async function deliveryEventProof(db: DbOrTx, eventId: string): Promise<InclusionProof> {
  const member = await db.selectFrom('audit_members').selectAll().where('subject_type', '=', 'delivery_event').where('subject_id', '=', eventId).orderBy('id').limit(1).executeTakeFirst();
  if (!member) throw notFound('a grouped record of that event');
  const [siblings, entry] = await Promise.all([
    db.selectFrom('audit_members').select(['at', 'actor', 'action', 'subject_type', 'subject_id', 'details']).where('group_key', '=', member.group_key).orderBy('position').execute(),
    db.selectFrom('audit_log').selectAll().where('action', '=', GROUP_ACTION).where('subject_id', '=', member.group_key).executeTakeFirst(),
  ]);
  if (!entry) throw notFound('the chain entry of that event\'s group');
  const hashes = siblings.map(memberHash);
  return {
    member: { at: member.at.toISOString(), actor: member.actor, action: member.action, subjectType: member.subject_type, subjectId: member.subject_id, details: member.details },
    leafHash: hashes[member.position]!,
    index: member.position,
    size: hashes.length,
    path: inclusionPath(hashes, member.position),
    root: groupDetails(entry)!.root,
    entry: { seq: entry.id, at: entry.at.toISOString(), actor: entry.actor, action: entry.action, subjectType: entry.subject_type, subjectId: entry.subject_id, details: entry.details, prevHash: entry.prev_hash, hash: entry.hash },
  };
}

export interface ProofCheck {
  /** The member's content gives its leaf hash, and the path leads from it to the root the entry holds. */
  included: boolean;
  /** The entry's keyed hash holds for its content (checked with this tidings' key); null without the key. */
  entryHolds: boolean | null;
}

/**
 * Checks a proof without the database: the leaf hash recomputed from the
 * member's content, the root from the path, the root against the entry's
 * details, and (with the key) the entry's own keyed hash. Where the entry sits
 * in the chain, and that the chain holds up to an anchor, is verifyAuditChain's.
 */
export function checkInclusionProof(proof: InclusionProof, options: { key?: Buffer | null } = {}): ProofCheck {
  const m = proof.member;
  const leaf = memberHash({ at: new Date(m.at), actor: m.actor, action: m.action, subject_type: m.subjectType, subject_id: m.subjectId, details: m.details });
  const group = groupDetails(proof.entry);
  const included = leaf === proof.leafHash && group !== undefined && group.root === proof.root && group.members === proof.size && verifyInclusion(leaf, proof.index, proof.size, proof.path, proof.root);
  let key: Buffer | null = options.key === undefined ? null : options.key;
  if (options.key === undefined) {
    try {
      key = chainKey();
    } catch {
      key = null;
    }
  }
  const e = proof.entry;
  const entryHolds = key
    ? keyedEntryHash(key, e.prevHash, { at: new Date(e.at), actor: e.actor, actorUserId: null, action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, details: e.details }) === e.hash
    : null;
  return { included, entryHolds };
}
