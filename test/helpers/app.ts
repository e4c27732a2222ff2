import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createToken } from '../../src/auth/tokens.ts';
import { createUser } from '../../src/auth/users.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Role } from '../../src/db/types.ts';
import type PgBoss from 'pg-boss';
import { createApp } from '../../src/web.ts';
import { bossJobs, startBoss } from '../../src/jobs.ts';
import type { AppDeps } from '../../src/app-env.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ TIDINGS_SECRET: TEST_SECRET, DATABASE_URL: 'postgres://unused/unused', LOG_LEVEL: 'silent' }), ...overrides };
}

/** A user made by `userWithToken`, with the password to sign in and an API token. */
export interface TestUser {
  email: string;
  password: string;
  token: string;
  id: number;
}

export interface TestContext {
  tdb: TestDatabase;
  /** The job queue on the test database (not working jobs unless a test starts a worker). */
  boss: PgBoss;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** Creates a user of that role and an API token for it. */
  userWithToken(role: Role, email?: string): Promise<TestUser>;
  /** Calls the app with a bearer token; JSON bodies are serialised. */
  api(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

let counter = 0;

/** Sets up a database and an app for the test file; torn down after it. */
export function useTestApp(configOverrides: Partial<Config> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.tdb = await createTestDatabase();
    ctx.boss = await startBoss(ctx.tdb.url, { worker: false });
    ctx.deps = { db: ctx.tdb.db, config: testConfig(configOverrides), log: pino({ level: 'silent' }), jobs: bossJobs(ctx.boss) };
    ctx.app = createApp(ctx.deps);
    ctx.userWithToken = async (role, email) => {
      const address = email ?? `${role}${++counter}@example.org`;
      const password = 'correct horse battery staple';
      const user = await createUser(ctx.deps.db, CLI_ACTOR, { email: address, name: `Test ${role}`, role, password });
      const t = await createToken(ctx.deps.db, CLI_ACTOR, { userEmail: address, name: 'test' });
      return { email: address, password, token: t.token, id: user.id };
    };
    ctx.api = async (token, method, path, body, headers = {}) => {
      const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
      if (body !== undefined) {
        if (typeof body === 'string') init.body = body;
        else {
          init.body = JSON.stringify(body);
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
        }
      }
      return ctx.app.request(`http://localhost${path}`, init);
    };
  });
  afterAll(async () => {
    await ctx.boss?.stop({ graceful: false, wait: true });
    await ctx.tdb?.drop();
  });
  return ctx;
}
