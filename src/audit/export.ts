import type { Db } from '../db/connection.ts';
import { csvStream, type CsvCell } from '../csv-stream.ts';
import { recordAudit, type Actor } from './log.ts';
import { listAudit, type AuditFilter } from './queries.ts';

export const AUDIT_COLUMNS = ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'details', 'prev_hash', 'hash'] as const;

async function* auditRecords(db: Db, filter: AuditFilter): AsyncGenerator<CsvCell[]> {
  let beforeId = filter.beforeId;
  for (;;) {
    const page = await listAudit(db, { ...filter, beforeId, limit: 500 });
    for (const e of page.entries) {
      yield [e.id, e.at.toISOString(), e.actor, e.action, e.subject_type ?? '', e.subject_id ?? '', JSON.stringify(e.details), e.prev_hash, e.hash];
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

/** Exports the filtered log as CSV; the export itself goes on the record first (rule 9). */
export async function exportAudit(db: Db, actor: Actor, filter: AuditFilter, now: Date): Promise<ReadableStream<Uint8Array>> {
  await db.transaction().execute((tx) =>
    recordAudit(tx, actor, { action: 'audit.export', details: { action: filter.action, actor: filter.actor, from: filter.from?.toISOString(), to: filter.to?.toISOString(), format: 'csv' } }),
  );
  return auditCsv(db, filter, `tidings audit log: ${describeAuditFilter(filter)}; exported ${now.toISOString()} by ${actor.label}`);
}
