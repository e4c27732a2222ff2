import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { importContacts, type ImportProgress } from '../../src/contacts/import.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();
const ROWS = 100_000;

/** Generates the CSV as it is read, ~64 KiB at a time: the file never exists as a whole. */
async function* generatedCsv(rows: number): AsyncGenerator<Uint8Array> {
  yield Buffer.from('email,name,locale,timezone,tier,score,vip\n');
  const locales = ['en', 'nb', 'sv', 'nl', 'hu'];
  const zones = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Amsterdam', 'Europe/Budapest', 'UTC'];
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(`bulk${i}@example.org,Customer ${i},${locales[i % 5]},${zones[i % 5]},${i % 3 === 0 ? 'gold' : 'silver'},${i % 100},${i % 2 === 0}`);
    if (lines.length === 1000) {
      yield Buffer.from(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) yield Buffer.from(lines.join('\n') + '\n');
}

describe('large contact import', () => {
  it(`imports ${ROWS.toLocaleString('en')} rows streamed, in batches, with progress`, async () => {
    const progress: ImportProgress[] = [];
    const started = performance.now();
    const result = await importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: generatedCsv(ROWS) }, { onProgress: (p) => progress.push(p) });
    const seconds = (performance.now() - started) / 1000;
    console.log(`imported ${ROWS} rows in ${seconds.toFixed(2)} s: ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`);

    expect(result).toEqual({ created: ROWS, updated: 0, rejected: [], warnings: [] });
    const stats = await t.deps.db
      .selectFrom('contacts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('email_lower').distinct().as('distinct')])
      .executeTakeFirstOrThrow();
    expect(Number(stats.n)).toBe(ROWS);
    expect(Number(stats.distinct)).toBe(ROWS);
    const sample = await t.deps.db.selectFrom('contacts').selectAll().where('email_lower', '=', 'bulk99999@example.org').executeTakeFirstOrThrow();
    expect(sample).toMatchObject({ name: 'Customer 99999', locale: 'hu', timezone: 'UTC', attributes: { tier: 'gold', score: 99, vip: false } });

    const batches = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'contacts.import.batch').executeTakeFirstOrThrow();
    expect(Number(batches.n)).toBe(ROWS / 1000);
    // Progress grows as the stream is read and ends at the whole file.
    expect(progress.length).toBeGreaterThan(50);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
      expect(progress[i]!.rows).toBeGreaterThanOrEqual(progress[i - 1]!.rows);
    }
    expect(progress.at(-1)!.rows).toBe(ROWS);
    expect(seconds).toBeLessThan(30);
  });
});
