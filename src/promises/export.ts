import { recordAudit, type Actor } from '../audit/log.ts';
import { csvStream, type CsvCell } from '../csv-stream.ts';
import type { Db } from '../db/connection.ts';
import { filterWords, promiseOutcome } from './labels.ts';
import { listPromises, type PromiseFilter, type PromiseView } from './queries.ts';

const COLUMNS = ['promise_id', 'situation_id', 'situation', 'update_id', 'update_number', 'due_at', 'state', 'overdue', 'outcome', 'recipients', 'reached', 'kept_by_update_id', 'kept_by_update_number', 'settled_at', 'reminders_sent'];

async function* promiseRecords(rows: PromiseView[]): AsyncGenerator<CsvCell[]> {
  for (const p of rows) {
    yield [
      p.id,
      p.situationId,
      p.situationTitle,
      p.updateId,
      p.updateNumber ?? '',
      p.dueAt,
      p.state,
      p.overdue ? 'yes' : 'no',
      promiseOutcome(p),
      p.recipients,
      p.reached,
      p.keptByUpdateId ?? '',
      p.keptByUpdateNumber ?? '',
      p.settledAt ?? '',
      p.reminders
        .filter((r) => r.sentAt)
        .map((r) => `${r.kind} ${r.sentAt}`)
        .join('; '),
    ];
  }
}

/** The promises as a CSV document, the export recorded on the audit log first. */
export async function exportPromisesCsv(db: Db, actor: Actor, state: PromiseFilter | undefined): Promise<{ csv: ReadableStream<Uint8Array>; exportedAt: Date }> {
  await db.transaction().execute((tx) => recordAudit(tx, actor, { action: 'promises.export', details: { state: state ?? 'all', format: 'csv' } }));
  const rows = await listPromises(db, state);
  const exportedAt = new Date();
  const description = `tidings promises: ${state ? filterWords(state).toLowerCase() : 'all'}; exported ${exportedAt.toISOString()} by ${actor.label}`;
  return { csv: csvStream(description, COLUMNS, promiseRecords(rows)), exportedAt };
}
