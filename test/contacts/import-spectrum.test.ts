import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { importContacts } from '../../src/contacts/import.ts';
import { useTestApp } from '../helpers/app.ts';
import { chunked } from './helpers.ts';

/*
 * The published corpus of CSV edge cases csv-spectrum (Max Ogden and
 * contributors, BSD-2-Clause; a devDependency): each case is a CSV file and the
 * JSON records a parser must read from it. Each case is imported with an email
 * column put in front, and every record must land as a contact whose
 * attributes are the corpus's values; then with each column in turn as the
 * name, which must be the value with its line breaks folded into a space.
 */

const t = useTestApp();

/** Where the corpus's JSON contradicts its own CSV (its CSV holds 2095257564): the CSV is what is imported. */
const ERRATA: Record<string, Record<string, string>> = { location_coordinates: { 'Contact Phone Number': '2095257564' } };

const root = path.dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const cases = readdirSync(path.join(root, 'csvs'))
  .filter((f) => f.endsWith('.csv'))
  .map((f) => {
    const name = path.basename(f, '.csv');
    const csv = readFileSync(path.join(root, 'csvs', f), 'utf8');
    const json = JSON.parse(readFileSync(path.join(root, 'json', `${name}.json`), 'utf8')) as Record<string, string> | Record<string, string>[];
    const expected = Array.isArray(json) ? json : [json]; // location_coordinates gives its one record without the array
    return { name, csv, expected: expected.map((r) => ({ ...r, ...ERRATA[name] })) };
  });

/** Rows whose values hold a double quote in a value that does not start with one: imported, with a warning. */
const WARNED: Record<string, { row: number; column: string }[]> = { location_coordinates: [{ row: 2, column: 'column 3 (Location Coordinates)' }] };

const email = (i: number) => `record${i + 1}@spectrum.example.org`;

/**
 * The case's CSV with an email column in front. A record starts on a line
 * before which the file has an even number of quotes (every quote in the corpus
 * is balanced or, in location_coordinates, paired within one value).
 */
function withEmails(csv: string, headerOf: (h: string) => string = (h) => h): string {
  const lines = csv.split(/(?<=\n)/);
  let quotes = 0;
  let record = -1;
  return lines
    .map((line) => {
      const starts = quotes % 2 === 0;
      quotes += line.split('"').length - 1;
      if (!starts) return line;
      if (record++ === -1) return `email,${headerOf(line)}`;
      return line.trim() === '' ? line : `${email(record - 1)},${line}`;
    })
    .join('');
}

const folded = (v: string) => v.replace(/\s*[\r\n]+\s*/g, ' ').trim();
const truncate = () => sql`TRUNCATE contacts RESTART IDENTITY CASCADE`.execute(t.deps.db);
const contactsInOrder = () => t.deps.db.selectFrom('contacts').select(['email', 'name', 'attributes']).orderBy('id').execute();

describe('the csv-spectrum corpus', () => {
  beforeEach(truncate);

  it('has its cases', () => {
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(['comma_in_quotes', 'escaped_quotes', 'location_coordinates', 'newlines', 'newlines_crlf', 'quotes_and_newlines', 'utf8']));
  });

  it.each(cases)('$name: every record lands with the values the corpus expects', async ({ name, csv, expected }) => {
    for (const size of [1, 4096]) {
      await truncate();
      const result = await importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(withEmails(csv), size) });
      const warned = (WARNED[name] ?? []).map((w) => ({ row: w.row, email: email(w.row - 2), reason: expect.stringContaining(`${w.column} holds a double quote`) }));
      expect(result, `chunks of ${size}`).toEqual({ created: expected.length, updated: 0, rejected: [], warnings: warned });
      const rows = await contactsInOrder();
      expect(rows.map((r) => r.email)).toEqual(expected.map((_, i) => email(i)));
      rows.forEach((row, i) => {
        const given = Object.entries(expected[i]!).filter(([, v]) => v !== ''); // an empty cell sets nothing
        const stored = row.attributes as Record<string, unknown>;
        expect(Object.keys(stored).sort(), `${name} record ${i + 1}`).toEqual(given.map(([k]) => k).sort());
        // Numbers are stored typed ("08123" stays text); as text each reads back as the corpus wrote it.
        for (const [k, v] of given) expect(String(stored[k]), `${name} record ${i + 1} ${k}`).toBe(v);
      });
    }
  });

  it.each(cases)('$name: each column read as the name lands with its line breaks folded into a space', async ({ csv, expected }) => {
    const columns = Object.keys(expected[0]!);
    for (const column of columns) {
      await truncate();
      const asName = withEmails(csv, (h) => h.replace(/[^,\r\n]+/g, (c) => (c === column ? 'name' : c)));
      const result = await importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(asName, 4096) });
      expect(result.rejected, column).toEqual([]);
      expect((await contactsInOrder()).map((r) => r.name)).toEqual(expected.map((r) => folded(r[column]!)));
    }
  });

  it('folds the corpus multi-line values into names a person reads on one line', async () => {
    const byName = Object.fromEntries(cases.map((c) => [c.name, c]));
    const names = async (name: string, column: string) => {
      await truncate();
      await importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(withEmails(byName[name]!.csv, (h) => h.replace(column, 'name')), 4096) });
      return (await contactsInOrder()).map((r) => r.name);
    };
    expect(await names('newlines', 'a')).toEqual(['1', 'Once upon a time', '7']);
    expect(await names('newlines_crlf', 'a')).toEqual(['1', 'Once upon a time', '7']);
    expect(await names('quotes_and_newlines', 'b')).toEqual(['ha "ha" ha', '4']);
  });
});
