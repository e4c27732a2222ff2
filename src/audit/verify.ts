import type { DbOrTx } from '../db/connection.ts';
import type { AuditEntry } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { translator } from '../../i18n/translate.ts';
import { chainKey, entryHash, GENESIS_HASH, keyedEntryHash, KEYED_SCHEME } from './chain.ts';
import { groupDetails, memberHash } from './group.ts';
import { merkleRoot } from './merkle.ts';

/** An entry of the chain as someone outside the database noted it: its id and its hash. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/** What is wrong with a link, as a catalogue message (pages say it in their reader's language). */
export type LinkFault = { key: Extract<PlainKey, `audit.fault${string}`>; values?: undefined } | { key: 'audit.faultUnkeyed'; values: { keyedFrom: string } };

export interface VerifyResult {
  intact: boolean;
  entries: number;
  /** The first entry whose link does not hold, with what is wrong (`reason` in English, as the API and CLI say it). */
  brokenAt?: { id: number; reason: string; fault: LinkFault };
  /** The first entry hashed with the key; those before it carry the old plain SHA-256. Null: none yet. */
  keyedFrom: number | null;
  /** The newest entry: note it (an anchor) to find a later cut of the record. Null: the log is empty. */
  head: ChainPoint | null;
  /** The anchor that was checked, and whether that entry still exists with that hash. */
  anchor?: ChainPoint & { holds: boolean };
}

/** An anchor as written: the entry id, a colon, its hash. */
export const ANCHOR_FORMAT = /^([1-9][0-9]{0,15}):([0-9a-fA-F]{64})$/;

/** Reads an anchor written as SEQ:HASH (the head as the API, page and daily email give it). */
export function parseAnchor(text: string): ChainPoint {
  const m = ANCHOR_FORMAT.exec(text.trim());
  if (!m || !Number.isSafeInteger(Number(m[1]))) throw AppError.localized('validation_failed', 'audit.badAnchor', { got: JSON.stringify(text.slice(0, 100)) });
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

export const formatAnchor = (p: ChainPoint): string => `${p.seq}:${p.hash}`;

function expectedHash(row: AuditEntry, prevHash: string): string {
  const content = {
    at: row.at,
    actor: row.actor,
    actorUserId: row.actor_user_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
  };
  return row.scheme === KEYED_SCHEME ? keyedEntryHash(chainKey(), prevHash, content) : entryHash(prevHash, content);
}

/** The newest entry of the chain, null while the log is empty. */
export async function chainHead(db: DbOrTx): Promise<ChainPoint | null> {
  const last = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? { seq: last.id, hash: last.hash } : null;
}

/** What is wrong with one link, or undefined when it holds. `roots`: each group's root as recomputed from its members. */
function linkFault(row: AuditEntry, prevHash: string, keyedFrom: number | null, roots: Map<string, { root: string; members: number }>): LinkFault | undefined {
  if (row.prev_hash !== prevHash) return { key: 'audit.faultUnlinked' };
  // Once the key is in use, an unkeyed entry can only be a forgery: tidings writes none.
  if (keyedFrom !== null && row.scheme !== KEYED_SCHEME) return { key: 'audit.faultUnkeyed', values: { keyedFrom: String(keyedFrom) } };
  if (expectedHash(row, prevHash) !== row.hash) return { key: row.scheme === KEYED_SCHEME ? 'audit.faultKeyedAltered' : 'audit.faultAltered' };
  // A group entry holds (keyed) the root of its members: recomputed from their stored content, it must be the same.
  const group = groupDetails(row);
  if (group) {
    const found = roots.get(row.subject_id ?? '');
    if (!found || found.members !== group.members || found.root !== group.root) return { key: 'audit.faultGroupAltered' };
  }
  return undefined;
}

/** Members read per query while recomputing roots. */
const MEMBERS_PER_READ = 20_000;

/** The root of each group among `rows`, recomputed from the members' stored content (hashes recomputed, not read). */
async function groupRoots(db: DbOrTx, rows: AuditEntry[]): Promise<Map<string, { root: string; members: number }>> {
  const keys = rows.filter((r) => groupDetails(r)).map((r) => r.subject_id ?? '');
  const leaves = new Map<string, string[]>(keys.map((k) => [k, []]));
  // Groups in chunks whose members fit one read.
  let chunk: string[] = [];
  let size = 0;
  const read = async () => {
    if (chunk.length === 0) return;
    const members = await db
      .selectFrom('audit_members')
      .select(['group_key', 'position', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
      .where('group_key', 'in', chunk)
      .orderBy('group_key')
      .orderBy('position')
      .execute();
    for (const m of members) leaves.get(m.group_key)!.push(memberHash(m));
    chunk = [];
    size = 0;
  };
  for (const row of rows) {
    const g = groupDetails(row);
    if (!g) continue;
    chunk.push(row.subject_id ?? '');
    size += Math.max(g.members, 1);
    if (size >= MEMBERS_PER_READ) await read();
  }
  await read();
  return new Map([...leaves].map(([k, hashes]) => [k, { root: merkleRoot(hashes), members: hashes.length }]));
}

/** A broken link as the result reports it: the fault, and its English text. */
function brokenLink(id: number, fault: LinkFault): NonNullable<VerifyResult['brokenAt']> {
  const reason = fault.values ? translator('en').t(fault.key, fault.values) : translator('en').t(fault.key);
  return { id, reason, fault };
}

/**
 * Walks the chain in order, streaming, and reports the first broken link (a
 * group entry's link holds only when its members give the root it holds), the
 * entry the keyed scheme starts at and the head. With an anchor, the chain is
 * broken too when that entry is gone or has another hash: the record was cut
 * back, or rewritten, after the anchor was noted.
 */
export async function verifyAuditChain(db: DbOrTx, options: { anchor?: ChainPoint; pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? 5000;
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let count = 0;
  let keyedFrom: number | null = null;
  let brokenAt: VerifyResult['brokenAt'];
  let anchorRow: AuditEntry | undefined;
  walk: for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) break;
    const roots = await groupRoots(db, rows);
    for (const row of rows) {
      if (options.anchor && row.id === options.anchor.seq) anchorRow = row;
      if (keyedFrom === null && row.scheme === KEYED_SCHEME) keyedFrom = row.id;
      const fault = linkFault(row, prevHash, keyedFrom, roots);
      if (fault) {
        brokenAt = brokenLink(row.id, fault);
        break walk;
      }
      prevHash = row.hash;
      count++;
      afterId = row.id;
    }
  }
  const result: VerifyResult = { intact: !brokenAt, entries: count, keyedFrom, head: await chainHead(db) };
  if (brokenAt) result.brokenAt = brokenAt;
  if (options.anchor) {
    const a = options.anchor;
    anchorRow ??= await db.selectFrom('audit_log').selectAll().where('id', '=', a.seq).executeTakeFirst();
    const holds = anchorRow?.hash === a.hash;
    result.anchor = { ...a, holds };
    if (!holds && result.intact) {
      result.intact = false;
      result.brokenAt = brokenLink(a.seq, { key: anchorRow ? 'audit.faultAnchorRewritten' : 'audit.faultAnchorCut' });
    }
  }
  return result;
}
