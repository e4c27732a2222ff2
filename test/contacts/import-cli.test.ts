import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { cleanEnv, runTidings } from '../helpers/process.ts';

// `tidings import` as an operator runs it: the real binary, a file on disk.

const SECRET = 'import-cli-test-secret-of-enough-length-0123456789';
const home = mkdtempSync(path.join(os.tmpdir(), 'tidings-import-cli-'));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
  rmSync(home, { recursive: true, force: true });
});

describe('tidings import', { timeout: 120_000 }, () => {
  it('lists rows imported with a warning after the summary, and exits 0 when none was rejected', async () => {
    const file = path.join(home, 'hand-made.csv');
    writeFileSync(file, `email,name,location\nmodesto@example.org,"Modesto\noffice",37°36'37.8"N 121°2'17.9"W\nplain@example.org,Plain,Oslo\n`);
    const p = runTidings(['import', file], cleanEnv({ DATABASE_URL: db.url, TIDINGS_HOME: home, TIDINGS_SECRET: SECRET }));
    const code = await p.exited;
    const output = p.output();
    expect(code, output).toBe(0);
    expect(output).toMatch(/created 2, updated 0, rejected 0/);
    expect(output).toMatch(/^1 imported with a warning \(check these rows\):$/m);
    expect(output).toMatch(/^ {2}row 2 \(modesto@example\.org\): column 3 \(location\) holds a double quote inside a value that does not start with one; it was kept as written/m);
    const rows = await db.db.selectFrom('contacts').select(['email', 'name', 'attributes']).orderBy('email').execute();
    expect(rows).toEqual([
      { email: 'modesto@example.org', name: 'Modesto office', attributes: { location: `37°36'37.8"N 121°2'17.9"W` } },
      { email: 'plain@example.org', name: 'Plain', attributes: { location: 'Oslo' } },
    ]);
  });
});
