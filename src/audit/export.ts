import type { Db } from '../db/connection.ts';
import { csvStream } from '../csv-stream.ts';
import { listAudit, type AuditFilter } from './queries.ts';

export const AUDIT_COLUMNS = ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'details', 'prev_hash', 'hash'] as const;

async function* auditRecords(db: Db, filter: AuditFilter): AsyncGenerator<string[]> {
  let beforeId = filter.beforeId;
  for (;;) {
    const page = await listAudit(db, { ...filter, beforeId, limit: 500 });
    for (const e of page.entries) {
      yield [String(e.id), e.at.toISOString(), e.actor, e.action, e.subject_type ?? '', e.subject_id ?? '', JSON.stringify(e.details), e.prev_hash, e.hash];
    }
    if (!page.nextBeforeId) return;
    beforeId = page.nextBeforeId;
  }
}

/** Words for the filter, for the first line of an export. */
export function describeAuditFilter(f: AuditFilter): string {
  const parts: string[] = [];
  if (f.action) parts.push(`action starting with ${f.action}`);
  if (f.actor) parts.push(`actor containing ${f.actor}`);
  if (f.from) parts.push(`from ${f.from.toISOString()}`);
  if (f.to) parts.push(`before ${f.to.toISOString()}`);
  return parts.length ? parts.join(', ') : 'all entries';
}

/** The audit log as CSV, newest first, with both hashes so a reader can re-check the chain offline. */
export function auditCsv(db: Db, filter: AuditFilter, description: string): ReadableStream<Uint8Array> {
  return csvStream(description, AUDIT_COLUMNS, auditRecords(db, filter));
}
