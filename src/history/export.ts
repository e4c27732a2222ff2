import { recordAudit, type Actor } from '../audit/log.ts';
import { csvStream, type CsvCell } from '../csv-stream.ts';
import type { Db } from '../db/connection.ts';
import { contactIdsFor, describeFilter, filterNames, listHistory, type HistoryCursor, type HistoryFilter, type HistoryRow } from './queries.ts';

/** Rows fetched per keyset query while exporting: enough to amortise the round trip, small enough to keep memory flat. */
const CHUNK = 2_000;

export const HISTORY_COLUMNS = [
  'delivery_id',
  'situation_id',
  'situation',
  'update_id',
  'update_number',
  'email',
  'name',
  'locale',
  'timezone',
  'status',
  'reason',
  'bounce_type',
  'subject',
  'body_sha256',
  'contact_point',
  'promised_at',
  'released_at',
  'sent_at',
  'last_event_at',
  'provider_id',
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : '');

function csvRecord(r: HistoryRow): CsvCell[] {
  return [
    r.id,
    r.situationId,
    r.situationTitle,
    r.updateId,
    r.updateNumber ?? '',
    r.email,
    r.name,
    r.locale,
    r.timezone,
    r.status,
    r.reason ?? '',
    r.bounceType ?? '',
    r.subject ?? '',
    r.bodyHash ?? '',
    r.contactPoint ?? '',
    iso(r.promisedAt),
    iso(r.releasedAt),
    iso(r.sentAt),
    iso(r.lastEventAt),
    r.providerId ?? '',
  ];
}

async function* historyRecords(db: Db, filter: HistoryFilter): AsyncGenerator<CsvCell[]> {
  let cursor: HistoryCursor | undefined;
  for (;;) {
    const page = await listHistory(db, filter, cursor, CHUNK);
    for (const row of page.rows) yield csvRecord(row);
    if (!page.next) return;
    cursor = page.next;
  }
}

export function historyCsv(db: Db, filter: HistoryFilter, description: string): ReadableStream<Uint8Array> {
  return csvStream(description, HISTORY_COLUMNS, historyRecords(db, filter));
}

/** An export is on the record (rule 9). The address searched for is kept as contact ids, so an erasure leaves nothing behind. */
async function auditExport(db: Db, actor: Actor, filter: HistoryFilter): Promise<void> {
  const contactIds = filter.email ? await contactIdsFor(db, filter.email) : undefined;
  const { email: _email, ...rest } = filter;
  await db.transaction().execute((tx) =>
    recordAudit(tx, actor, {
      action: 'history.export',
      subjectType: 'deliveries',
      details: { ...rest, from: rest.from?.toISOString(), to: rest.to?.toISOString(), ...(contactIds ? { contactIds } : {}), format: 'csv' },
    }),
  );
}

/** Exports the history a filter selects as CSV, audited before the first row is read. */
export async function exportHistory(db: Db, actor: Actor, filter: HistoryFilter): Promise<{ csv: ReadableStream<Uint8Array>; exportedAt: Date }> {
  await auditExport(db, actor, filter);
  const exportedAt = new Date();
  const description = `tidings send history: ${describeFilter(filter, await filterNames(db, filter), true)}; exported ${exportedAt.toISOString()} by ${actor.label}`;
  return { csv: historyCsv(db, filter, description), exportedAt };
}
