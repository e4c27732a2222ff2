import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { importContacts, importCsvFile, type ImportResult } from '../../src/contacts/import.ts';
import { useTestApp } from '../helpers/app.ts';
import { chunked } from './helpers.ts';

const t = useTestApp();

async function contacts() {
  return t.deps.db.selectFrom('contacts').selectAll().orderBy('email_lower').execute();
}

async function contact(email: string) {
  return t.deps.db.selectFrom('contacts').selectAll().where('email_lower', '=', email.toLowerCase()).executeTakeFirst();
}

function importCsv(text: string | Uint8Array, chunkSize = 7): Promise<ImportResult> {
  return importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(text, chunkSize) });
}

async function postCsv(token: string, body: string | Uint8Array<ArrayBuffer>, type = 'text/csv') {
  return t.app.request('http://localhost/api/v1/contacts/import', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
}

describe('contact import', () => {
  let officer: { token: string };
  beforeEach(async () => {
    officer ??= await t.userWithToken('officer');
    await sql`TRUNCATE contacts RESTART IDENTITY CASCADE`.execute(t.deps.db);
  });

  it('lands the valid rows and rejects each bad row with its spreadsheet row number and reason', async () => {
    const csv = Buffer.concat([
      Buffer.from(
        [
          'email,name,locale,timezone,tier', //                              row 1
          'good1@example.org,Good One,nb,Europe/Oslo,gold', //                 row 2
          'not-an-email,Bad Email,en,UTC,gold', //                             row 3
          'badlocale@example.org,Bad Locale,xx,UTC,gold', //                   row 4
          'badzone@example.org,Bad Zone,en,Mars/Olympus,gold', //              row 5
          'GOOD1@Example.org,Second Good One,en,UTC,silver', //                row 6: duplicate of row 2
          'quote@example.org,"Unclosed,en,UTC,gold', //                       row 7: quote never closed
          'good2@example.org,Good Two,sv,America/New_York,silver', //          row 8
          'columns@example.org,Too Many,en,UTC,gold,extra', //                 row 9
          'latin1@example.org,Ren', //                                         row 10 (continues below)
        ].join('\n'),
      ),
      Buffer.from([0xe9]), // "é" in Latin-1: not UTF-8
      Buffer.from(
        [
          ',en,UTC,gold',
          'mid@example.org,Ma"ry,en,UTC,gold', //                              row 11: quote inside a value: kept as written, a warning
          'good3@example.org,Good Three,,,', //                                row 12: defaults
          'nul@example.org,Nul\u0000Name,en,UTC,gold', //                      row 13
          'short@example.org,Too Few', //                                      row 14
          '', //                                                               row 15: blank
          'good4@example.org,"Quoted, with comma",hu,Europe/Budapest,"said ""hi"""', // row 16
          'badlocale2@example.org,,nb-NO,,', //                                row 17
        ].join('\n') + '\n',
      ),
    ]);
    const res = await postCsv(officer.token, csv);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportResult;
    expect({ created: body.created, updated: body.updated }).toEqual({ created: 5, updated: 0 });
    const byRow = Object.fromEntries(body.rejected.map((r) => [r.row, r]));
    expect(body.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 9, 10, 13, 14, 17]);
    expect(byRow[3]).toMatchObject({ email: 'not-an-email', reason: expect.stringMatching(/not a valid email/) });
    expect(byRow[4]).toMatchObject({ email: 'badlocale@example.org', reason: expect.stringMatching(/unknown locale "xx".*en, nb, sv, nl, hu/) });
    expect(byRow[5]).toMatchObject({ email: 'badzone@example.org', reason: expect.stringMatching(/unknown time zone "Mars\/Olympus"/) });
    expect(byRow[6]).toMatchObject({ email: 'GOOD1@Example.org', reason: 'duplicate of row 2' });
    expect(byRow[7]).toMatchObject({ email: 'quote@example.org', reason: expect.stringMatching(/unbalanced quote: the quoted value that starts in row 7 \(column 2, name\)/) });
    expect(byRow[9]).toMatchObject({ email: 'columns@example.org', reason: 'has 6 values but the header has 5 columns' });
    expect(byRow[10]).toMatchObject({ email: 'latin1@example.org', reason: expect.stringMatching(/not valid UTF-8; save the file as UTF-8/) });
    expect(body.warnings).toEqual([{ row: 11, email: 'mid@example.org', reason: expect.stringMatching(/^column 2 \(name\) holds a double quote/) }]);
    expect(byRow[13]).toMatchObject({ email: 'nul@example.org', reason: expect.stringMatching(/NUL/) });
    expect(byRow[14]).toMatchObject({ email: 'short@example.org', reason: 'has 2 values but the header has 5 columns' });
    expect(byRow[17]).toMatchObject({ email: 'badlocale2@example.org', reason: expect.stringMatching(/unknown locale "nb-NO"/) });

    const rows = await contacts();
    expect(rows.map((r) => r.email)).toEqual(['good1@example.org', 'good2@example.org', 'good3@example.org', 'good4@example.org', 'mid@example.org']);
    expect(rows[0]).toMatchObject({ name: 'Good One', locale: 'nb', timezone: 'Europe/Oslo', attributes: { tier: 'gold' } });
    // The row after the unclosed quote was not swallowed by it.
    expect(rows[1]).toMatchObject({ name: 'Good Two', locale: 'sv', timezone: 'America/New_York', attributes: { tier: 'silver' } });
    expect(rows[2]).toMatchObject({ name: 'Good Three', locale: 'en', timezone: 'UTC', attributes: {} });
    expect(rows[3]).toMatchObject({ name: 'Quoted, with comma', locale: 'hu', timezone: 'Europe/Budapest', attributes: { tier: 'said "hi"' } });
    expect(rows[4]).toMatchObject({ name: 'Ma"ry', attributes: { tier: 'gold' } });
  });

  it('recovers the rows a runaway quote would swallow, and reads BOM, CRLF, multi-line values and semicolons', async () => {
    // A quote that opens and never closes, followed by good rows that contain quotes of their own.
    const runaway = await importCsv('email,name,note\r\na@example.org,"Ann,x\r\nb@example.org,"Bob",y\r\nc@example.org,Cy,"two\r\nlines"\r\nd@example.org,"Di\r\n', 5);
    expect(runaway.rejected).toEqual([
      { row: 2, email: 'a@example.org', reason: expect.stringMatching(/unbalanced quote/) },
      { row: 5, email: 'd@example.org', reason: expect.stringMatching(/unbalanced quote/) },
    ]);
    expect(runaway.created).toBe(2);
    expect(await contact('b@example.org')).toMatchObject({ name: 'Bob', attributes: { note: 'y' } });
    expect(await contact('c@example.org')).toMatchObject({ name: 'Cy', attributes: { note: 'two\r\nlines' } });

    // Excel in nb/sv/nl/hu saves with semicolons and a byte-order mark; every byte its own chunk.
    const excel = await importCsv('\ufeffE-mail;Name\r\n'.replace('E-mail', 'Email') + 'e@example.org;Åse Ødegård\r\nf@example.org;"Fa; Fi"\r\n', 1);
    expect(excel).toEqual({ created: 2, updated: 0, rejected: [], warnings: [] });
    expect(await contact('e@example.org')).toMatchObject({ name: 'Åse Ødegård' });
    expect(await contact('f@example.org')).toMatchObject({ name: 'Fa; Fi' });
  });

  it('refuses a file without an email column, naming the columns it found, and imports nothing', async () => {
    const res = await postCsv(officer.token, 'Email Address,Full Name,Tier\nann@example.org,Ann,gold\n');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/no "email" column/);
    expect(body.error.message).toContain('"Email Address"');
    expect(body.error.message).toContain('"Full Name"');
    expect(body.error.message).toContain('"Tier"');
    expect(await contacts()).toHaveLength(0);
  });

  it('refuses a header that names a column twice, naming it', async () => {
    const res = await postCsv(officer.token, 'email,Tier,name,tier\nann@example.org,gold,Ann,silver\n');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/"tier" twice/);
    expect(await contacts()).toHaveLength(0);
  });

  it('refuses an empty file', async () => {
    const res = await postCsv(officer.token, '');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/empty/);
  });

  it('imports a JSON array, numbering rejected rows by their 1-based index', async () => {
    const res = await t.api(officer.token, 'POST', '/api/v1/contacts/import', [
      { email: 'json1@example.org', name: 'Jo', locale: 'nl', timezone: 'Europe/Amsterdam', attributes: { tier: 'gold', score: 7 } },
      { email: 'json2@example.org', vip: true, region: 'north' },
      'not an object',
      { email: 'bad email', name: 'X' },
      { email: 'json3@example.org', attributes: { nested: { no: 1 } } },
      { email: 'json4@example.org', timezone: 'Nowhere/Land' },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ImportResult;
    expect(body.created).toBe(2);
    expect(body.rejected).toEqual([
      { row: 3, email: '', reason: expect.stringMatching(/not an object/) },
      { row: 4, email: 'bad email', reason: expect.stringMatching(/not a valid email/) },
      { row: 5, email: 'json3@example.org', reason: expect.stringMatching(/"nested" must be text, a number or true\/false/) },
      { row: 6, email: 'json4@example.org', reason: expect.stringMatching(/unknown time zone/) },
    ]);
    expect(await contact('json1@example.org')).toMatchObject({ name: 'Jo', locale: 'nl', timezone: 'Europe/Amsterdam', attributes: { tier: 'gold', score: 7 } });
    expect(await contact('json2@example.org')).toMatchObject({ attributes: { vip: true, region: 'north' } });

    const notArray = await t.api(officer.token, 'POST', '/api/v1/contacts/import', { email: 'x@example.org' });
    expect(notArray.status).toBe(400);
    expect((await notArray.json()).error.message).toMatch(/array/);
  });

  it('types attribute values: numbers, true/false, text; keeps leading zeros and empty cells out', async () => {
    const r = await importCsv('email,score,ratio,debt,vip,churned,postcode,account,city,blank\nty@example.org,42,1.5,-3,TRUE,false,0150,12345678901234567890,Oslo,\n');
    expect(r.rejected).toEqual([]);
    const row = await sql<{ attributes: Record<string, unknown>; types: Record<string, string> }>`
      SELECT attributes, (SELECT jsonb_object_agg(key, jsonb_typeof(value)) FROM jsonb_each(attributes)) AS types
      FROM contacts WHERE email_lower = 'ty@example.org'`.execute(t.deps.db);
    expect(row.rows[0]!.attributes).toEqual({ score: 42, ratio: 1.5, debt: -3, vip: true, churned: false, postcode: '0150', account: '12345678901234567890', city: 'Oslo' });
    expect(row.rows[0]!.types).toEqual({ score: 'number', ratio: 'number', debt: 'number', vip: 'boolean', churned: 'boolean', postcode: 'string', account: 'string', city: 'string' });
  });

  it('upserts on the email in any case: updates, never duplicates, merges attributes, keeps what an empty cell does not give', async () => {
    const first = await importCsv('email,name,locale,timezone,tier,city\nAnn@Example.org,Ann Berg,nb,Europe/Oslo,gold,Bergen\n');
    expect(first).toMatchObject({ created: 1, updated: 0 });
    await sql`UPDATE contacts SET unsubscribed_at = now() WHERE email_lower = 'ann@example.org'`.execute(t.deps.db);

    const again = await importCsv('EMAIL,Name,Locale,TimeZone,tier,segment\nann@EXAMPLE.ORG,,,,,b2b\n');
    expect(again).toEqual({ created: 0, updated: 1, rejected: [], warnings: [] });
    const rows = await contacts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'Ann@Example.org', name: 'Ann Berg', locale: 'nb', timezone: 'Europe/Oslo', attributes: { tier: 'gold', city: 'Bergen', segment: 'b2b' } });
    expect(rows[0]!.unsubscribed_at).not.toBeNull(); // an import never re-subscribes anyone

    const third = await importCsv('email,name,locale,timezone,tier\nANN@example.org,Ann B. Berg,sv,Europe/Stockholm,platinum\nnew@example.org,New,,,\n');
    expect(third).toEqual({ created: 1, updated: 1, rejected: [], warnings: [] });
    expect(await contact('ann@example.org')).toMatchObject({ name: 'Ann B. Berg', locale: 'sv', timezone: 'Europe/Stockholm', attributes: { tier: 'platinum', city: 'Bergen', segment: 'b2b' } });
    // Mixed in one batch: one row gives a locale, another leaves it empty.
    const mixed = await importCsv('email,locale\nann@example.org,\nnew@example.org,hu\n');
    expect(mixed).toMatchObject({ created: 0, updated: 2 });
    expect(await contact('ann@example.org')).toMatchObject({ locale: 'sv' });
    expect(await contact('new@example.org')).toMatchObject({ locale: 'hu', timezone: 'UTC' });
  });

  it('stores SQL-looking names and values literally and the table survives', async () => {
    const header = "email,name,x'); DROP TABLE contacts;--,\"a\"\"b\"";
    const res = await postCsv(officer.token, `${header}\no'neil@example.org,"Robert'); DROP TABLE contacts;--",1 OR 1=1,'; SELECT pg_sleep(10);--\n`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 1, updated: 0, rejected: [], warnings: [] });
    const row = await contact("o'neil@example.org");
    expect(row).toMatchObject({ name: "Robert'); DROP TABLE contacts;--", attributes: { "x'); DROP TABLE contacts;--": '1 OR 1=1', 'a"b': "'; SELECT pg_sleep(10);--" } });
    const search = await t.api(officer.token, 'GET', `/api/v1/contacts?q=${encodeURIComponent("'); DROP")}`);
    expect(search.status).toBe(200);
    expect((await search.json()).contacts).toHaveLength(1);
    expect(await contacts()).toHaveLength(1);
  });

  it('rejects rows over the length limits and values in columns without a header', async () => {
    const long = 'x'.repeat(201);
    const r = await importCsv(`email,name,note,\nlong@example.org,${long},,\nvalue@example.org,V,${'y'.repeat(1001)},\nnameless@example.org,N,,oops\nfine@example.org,${'z'.repeat(200)},${'y'.repeat(1000)},\n`);
    expect(r.rejected).toEqual([
      { row: 2, email: 'long@example.org', reason: 'name is longer than 200 characters' },
      { row: 3, email: 'value@example.org', reason: 'value of "note" is longer than 1000 characters' },
      { row: 4, email: 'nameless@example.org', reason: 'column 4 has a value but no name in the header row' },
    ]);
    expect(r.created).toBe(1);
  });

  it('answers 415 for other content types and 403 for an auditor', async () => {
    const plain = await postCsv(officer.token, 'email\na@example.org\n', 'text/plain');
    expect(plain.status).toBe(415);
    expect((await plain.json()).error.code).toBe('unsupported_media_type');
    const latin1 = await postCsv(officer.token, 'email\na@example.org\n', 'text/csv; charset=iso-8859-1');
    expect(latin1.status).toBe(415);

    const auditor = await t.userWithToken('auditor');
    const refused = await postCsv(auditor.token, 'email\naudited@example.org\n');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    expect(await contacts()).toHaveLength(0);
    // …but the auditor may read.
    expect((await t.api(auditor.token, 'GET', '/api/v1/contacts')).status).toBe(200);
  });

  it('writes the import to the audit log in batches and as a whole, and the chain holds', async () => {
    const before = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const lines = ['email,name'];
    for (let i = 0; i < 2500; i++) lines.push(`audit${i}@example.org,A ${i}`);
    lines.push('broken,B');
    const res = await postCsv(officer.token, lines.join('\n'));
    expect(res.status).toBe(200);
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', Number(before.id ?? 0))
      .where('action', 'like', 'contacts.import%')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['contacts.import.batch', 'contacts.import.batch', 'contacts.import.batch', 'contacts.import']);
    expect(entries.map((e) => e.details)).toEqual([
      { created: 1000, updated: 0, firstRow: 2, lastRow: 1001 },
      { created: 1000, updated: 0, firstRow: 1002, lastRow: 2001 },
      { created: 500, updated: 0, firstRow: 2002, lastRow: 2501 },
      expect.objectContaining({ source: 'api:csv', created: 2500, updated: 0, rejected: 1 }),
    ]);
    expect(new Set(entries.map((e) => e.subject_id)).size).toBe(1);
    expect(entries[3]!.actor).toMatch(/^token:/);
    expect((await verifyAuditChain(t.deps.db)).intact).toBe(true);
  });

  it('keeps the batches committed before a crash, records the failure, and resumes by importing the file again', async () => {
    const lines = ['email,name'];
    for (let i = 0; i < 3000; i++) lines.push(`resume${i}@example.org,R ${i}`);
    const whole = lines.join('\n') + '\n';
    const cut = whole.indexOf('resume2500@');
    async function* dropsAfter2500() {
      yield* chunked(whole.slice(0, cut), 4096);
      throw new Error('connection reset by peer');
    }
    await expect(importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: dropsAfter2500() })).rejects.toThrow('connection reset');
    expect(await contacts()).toHaveLength(2000); // two full batches landed; the half-filled third did not
    const failed = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'contacts.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(failed.details).toMatchObject({ failed: 'connection reset by peer', created: 2000 });

    expect(await importCsv(whole, 4096)).toEqual({ created: 1000, updated: 2000, rejected: [], warnings: [] });
    expect(await contacts()).toHaveLength(3000);
  });

  it('imports a file from disk for the CLI, reporting progress against the file size', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-'));
    try {
      const file = path.join(dir, 'customers.csv');
      const lines = ['email,name,tier'];
      for (let i = 0; i < 1500; i++) lines.push(`file${i}@example.org,F ${i},${i % 2 ? 'gold' : 'silver'}`);
      lines.push('broken-address,X,gold');
      writeFileSync(file, lines.join('\n') + '\n');
      const seen: { bytes: number; rows: number; totalBytes: number }[] = [];
      const result = await importCsvFile(t.deps.db, CLI_ACTOR, file, (p) => seen.push(p));
      expect(result.created).toBe(1500);
      expect(result.rejected).toEqual([{ row: 1502, email: 'broken-address', reason: 'not a valid email address' }]);
      const size = Buffer.byteLength(lines.join('\n') + '\n');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.totalBytes === size)).toBe(true);
      expect(seen.at(-1)).toEqual({ bytes: size, rows: 1501, totalBytes: size });
      const audit = await t.deps.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'contacts.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: 'cli', details: { source: 'file:customers.csv', created: 1500, rejected: 1 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs two overlapping imports at once without duplicates, deadlocks or lost attributes', async () => {
    // 1500 shared contacts (0..1499) first in both files: A in ascending, B in
    // descending order, so batches that cover the same contacts meet head-on
    // (without one lock order they deadlock). Then 1500 contacts of each file's own.
    const email = (i: number) => `p${String(i).padStart(5, '0')}@example.org`;
    const a = ['email,name,alpha'];
    for (let i = 0; i < 1000; i++) a.push(`${email(i)},Person ${i},a${i}`);
    for (let i = 1000; i < 3000; i++) a.push(`${email(i)},Person ${i},a${i}`);
    const b = ['Email,beta'];
    for (let i = 999; i >= 0; i--) b.push(`${email(i).toUpperCase()},${i}`);
    for (let i = 1499; i >= 1000; i--) b.push(`${email(i).toUpperCase()},${i}`);
    for (let i = 3000; i < 4500; i++) b.push(`${email(i)},${i}`);
    // Warm two pooled connections so both imports really run side by side.
    await Promise.all([sql`SELECT pg_sleep(0.05)`.execute(t.deps.db), sql`SELECT pg_sleep(0.05)`.execute(t.deps.db)]);
    const [ra, rb] = await Promise.all([importCsv(a.join('\n'), 4096), importCsv(b.join('\n'), 4096)]);
    expect(ra.rejected).toEqual([]);
    expect(rb.rejected).toEqual([]);
    expect(ra.created + rb.created).toBe(4500);
    expect(ra.updated + rb.updated).toBe(1500);
    const stats = await sql<{ total: number; distinct_emails: number; both: number; alpha: number; beta: number }>`
      SELECT count(*)::int AS total, count(DISTINCT email_lower)::int AS distinct_emails,
             count(*) FILTER (WHERE attributes ? 'alpha' AND attributes ? 'beta')::int AS both,
             count(*) FILTER (WHERE attributes ? 'alpha')::int AS alpha,
             count(*) FILTER (WHERE attributes ? 'beta')::int AS beta
      FROM contacts`.execute(t.deps.db);
    expect(stats.rows[0]).toEqual({ total: 4500, distinct_emails: 4500, both: 1500, alpha: 3000, beta: 3000 });
    expect(await contact('p01200@example.org')).toMatchObject({ name: 'Person 1200', attributes: { alpha: 'a1200', beta: 1200 } });
  });
});
