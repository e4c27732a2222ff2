import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { importContacts, type ImportResult } from '../../src/contacts/import.ts';
import { useTestApp } from '../helpers/app.ts';
import { chunked, signIn } from './helpers.ts';

/*
 * Real spreadsheets: names with line breaks (valid CSV, spreadsheet exports
 * write them) and double quotes typed into values that do not start with one
 * (hand-made files: 37°36'37.8"N, 6'2"). Both land; an unbalanced quote is
 * still found, from how its record or the file ends.
 */

const t = useTestApp();

const importCsv = (text: string, chunkSize: number): Promise<ImportResult> => importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(text, chunkSize) });
const contact = (email: string) => t.deps.db.selectFrom('contacts').selectAll().where('email_lower', '=', email.toLowerCase()).executeTakeFirst();
const truncate = () => sql`TRUNCATE contacts RESTART IDENTITY CASCADE`.execute(t.deps.db);

// Every byte its own chunk, a few bytes, and the whole file at once.
const CHUNKS = [1, 3, 4096];

describe('importing real spreadsheets', () => {
  beforeEach(truncate);

  it('accepts a quoted name with a line break and folds the break into a space', async () => {
    for (const size of CHUNKS) {
      await truncate();
      const r = await importCsv('email,name,locale,note\r\nann@example.org,"Ann\r\nBerg",nb,"first\r\nsecond"\r\nbo@example.org,"Bo \n  Ek",sv,\nkim@example.org,Kim,,\n', size);
      expect(r, `chunks of ${size}`).toEqual({ created: 3, updated: 0, rejected: [], warnings: [] });
      expect(await contact('ann@example.org')).toMatchObject({ name: 'Ann Berg', locale: 'nb', attributes: { note: 'first\r\nsecond' } });
      expect(await contact('bo@example.org')).toMatchObject({ name: 'Bo Ek', locale: 'sv' });
      expect(await contact('kim@example.org')).toMatchObject({ name: 'Kim' });
    }
  });

  it('folds a line break in a JSON name the same way', async () => {
    const r = await importContacts(t.deps.db, CLI_ACTOR, { kind: 'json', rows: [{ email: 'jo@example.org', name: 'Jo\nvan Dijk' }] });
    expect(r).toEqual({ created: 1, updated: 0, rejected: [], warnings: [] });
    expect(await contact('jo@example.org')).toMatchObject({ name: 'Jo van Dijk' });
  });

  it('takes a double quote inside an unquoted value literally and lists the row as a warning', async () => {
    for (const size of CHUNKS) {
      await truncate();
      const r = await importCsv(
        [
          'email,name,location', //                                                 row 1
          `modesto@example.org,Modesto office,37°36'37.8"N 121°2'17.9"W`, //       row 2
          `tall@example.org,Tall 6'2" Person,"quoted, fine"`, //                   row 3
          'plain@example.org,Plain,Oslo', //                                       row 4
          'both@example.org,Say "hi",12" pipe', //                                 row 5
          'bad-address,Bad 5" Address,x', //                                       row 6: rejected, not warned
        ].join('\n') + '\n',
        size,
      );
      expect(r.created, `chunks of ${size}`).toBe(4);
      expect(r.rejected).toEqual([{ row: 6, email: 'bad-address', reason: 'not a valid email address' }]);
      expect(r.warnings).toEqual([
        { row: 2, email: 'modesto@example.org', reason: expect.stringMatching(/^column 3 \(location\) holds a double quote .* kept as written/) },
        { row: 3, email: 'tall@example.org', reason: expect.stringMatching(/^column 2 \(name\) holds/) },
        { row: 5, email: 'both@example.org', reason: expect.stringMatching(/^columns 2 \(name\) and 3 \(location\) hold/) },
      ]);
      expect(await contact('modesto@example.org')).toMatchObject({ name: 'Modesto office', attributes: { location: `37°36'37.8"N 121°2'17.9"W` } });
      expect(await contact('tall@example.org')).toMatchObject({ name: `Tall 6'2" Person`, attributes: { location: 'quoted, fine' } });
      expect(await contact('both@example.org')).toMatchObject({ name: 'Say "hi"', attributes: { location: '12" pipe' } });
    }
  });

  it('still finds an unbalanced quote from how its record ends, rejects that row naming it, and keeps the rows it ran into', async () => {
    for (const size of CHUNKS) {
      await truncate();
      const r = await importCsv(
        [
          'email,name,height', //                     row 1
          `ann@example.org,"Ann,5'3`, //              row 2: the quote never closes here…
          `bob@example.org,Bob,5'11"`, //             row 3: …and a quote typed at the end of a value closes it: 2 values, not 3
          `cy@example.org,"Cy",6'`, //                row 4
          'di@example.org,"Di,1', //                  row 5: never closed; the file ends inside it
          'eve@example.org,Eve,2', //                 row 6
        ].join('\n') + '\n',
        size,
      );
      expect(r.rejected, `chunks of ${size}`).toEqual([
        { row: 2, email: 'ann@example.org', reason: expect.stringMatching(/^unbalanced quote: the quoted value that starts in row 2 \(column 2, name\)/) },
        { row: 5, email: 'di@example.org', reason: expect.stringMatching(/^unbalanced quote: the quoted value that starts in row 5 \(column 2, name\) is still open at the end of the file/) },
      ]);
      expect(r.created).toBe(3);
      expect(r.warnings).toEqual([{ row: 3, email: 'bob@example.org', reason: expect.stringMatching(/^column 3 \(height\) holds a double quote/) }]);
      expect(await contact('bob@example.org')).toMatchObject({ name: 'Bob', attributes: { height: `5'11"` } });
      expect(await contact('cy@example.org')).toMatchObject({ name: 'Cy', attributes: { height: `6'` } });
      expect(await contact('eve@example.org')).toMatchObject({ name: 'Eve', attributes: { height: 2 } });
    }
  });

  it('answers warnings in the API and shows them on the import page', async () => {
    const officer = await t.userWithToken('officer');
    const csv = `email,name,location\nmodesto@example.org,Modesto,37°36'37.8"N\nnot-an-email,X,\n`;
    const res = await t.app.request('http://localhost/api/v1/contacts/import', { method: 'POST', headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      created: 1,
      updated: 0,
      rejected: [{ row: 3, email: 'not-an-email', reason: 'not a valid email address' }],
      warnings: [{ row: 2, email: 'modesto@example.org', reason: expect.stringMatching(/^column 3 \(location\) holds a double quote/) }],
    });

    const session = await signIn(t, officer.email, officer.password);
    const form = new FormData();
    form.set('_csrf', session.csrf);
    form.set('file', new File([csv], 'contacts.csv', { type: 'text/csv' }));
    const page = await t.app.request('http://localhost/contacts/import', { method: 'POST', headers: { cookie: session.cookie }, body: form });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('0 created, 1 updated, 1 rejected, 1 imported with a warning');
    expect(html).toMatch(/<h3[^>]*>Imported with a warning: check these rows<\/h3>/);
    expect(html).toMatch(/<caption>Rows imported with a warning<\/caption>/);
    expect(html).toMatch(/<td>2<\/td><td class="mono">modesto@example.org<\/td><td>column 3 \(location\) holds a double quote/);

    // The API document describes the answer as it is.
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const answer = doc.components.schemas.ContactImportResult;
    expect(answer.required).toEqual(expect.arrayContaining(['created', 'updated', 'rejected', 'warnings']));
    expect(answer.properties.warnings.description).toMatch(/double quote inside a CSV value that does not start with one/);
    expect(answer.properties.warnings.items.required).toEqual(['row', 'email', 'reason']);
  });
});
