import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set (CI uses the machine's
 * server), otherwise an embedded server in a temporary directory. Migrations run
 * once into a template database that every test file clones.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let home: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    home = mkdtempSync(path.join(os.tmpdir(), 'tidings-test-'));
    embedded = await startEmbeddedPostgres(home);
    adminUrl = embedded.url;
  }
  const runId = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const templateDb = `tidings_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const db = createDb(withDatabase(adminUrl, templateDb), { max: 1 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);

  return async () => {
    const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`tidings_%${runId}%`]);
    for (const { datname } of left.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
    }
    await admin.end();
    await embedded?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  };
}
