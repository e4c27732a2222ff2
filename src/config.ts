import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// The locales are the emails' (they carry the text); the rest of tidings knows them from here.
export { SUPPORTED_LOCALES, type Locale } from '../i18n/locales.ts';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  TIDINGS_MIGRATION_DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: optionalText.pipe(z.url('must be a URL').optional()),
  RESEND_WEBHOOK_SECRET: optionalText,
  TIDINGS_HOME: optionalText,
  TIDINGS_FROM: optionalText,
  TIDINGS_PUBLIC_URL: optionalText.pipe(z.url('must be a URL such as https://tidings.example.org').optional()),
  TIDINGS_REPLY_DOMAIN: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name such as replies.example.org')
      .optional(),
  ),
  TIDINGS_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  TIDINGS_SEND_RATE: optionalText.pipe(z.coerce.number<string | undefined>().positive('must be a positive number of requests per second').max(1000).optional()),
  TIDINGS_MAX_UPLOAD_MB: optionalText.pipe(z.coerce.number<string | undefined>().positive().max(1024).optional()),
  TIDINGS_BATCH_LEASE_SECONDS: optionalText.pipe(z.coerce.number<string | undefined>().min(1).max(3600).optional()),
  TIDINGS_WORKER_CONCURRENCY: optionalText.pipe(z.coerce.number<string | undefined>().int().min(1).max(64).optional()),
  TIDINGS_WORKERS: optionalText.pipe(z.coerce.number<string | undefined>().int('must be a whole number').min(0, 'must be 0 (send in the one process) or more').max(64).optional()),
  TIDINGS_TRUST_PROXY: optionalText.pipe(
    z
      .enum(['false', 'true', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], { error: 'must be false, true or the number of proxies in front of tidings (0 to 9)' })
      .transform((v) => (v === 'false' ? 0 : v === 'true' ? 1 : Number(v)))
      .optional(),
  ),
  PORT: optionalText.pipe(z.coerce.number<string | undefined>().int('must be a whole number').min(0).max(65535).optional()),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
});

export interface Config {
  /** Absent: an embedded PostgreSQL under `home` is started. */
  databaseUrl: string | undefined;
  /** The role that owns the schema, for migrations; the app then runs as DATABASE_URL's role, which may not alter the audit log. */
  migrationDatabaseUrl: string | undefined;
  /** Where the embedded database, the generated secret and other local state live. */
  home: string;
  resendApiKey: string | undefined;
  resendBaseUrl: string | undefined;
  resendWebhookSecret: string | undefined;
  from: string;
  publicUrl: string;
  replyDomain: string | undefined;
  secret: string;
  sendRate: number;
  /** How long a worker holds a batch before another may retry it. */
  batchLeaseSeconds: number;
  workerConcurrency: number;
  /** Sending processes `tidings start` runs beside its web process; 0 sends in the one process. */
  workers: number;
  maxUploadBytes: number;
  /** How many proxies in front of tidings append to X-Forwarded-For; 0: the header is ignored. */
  trustProxyHops: number;
  port: number;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose value is a secret: an error names them but never prints them. */
const SECRET_VARIABLES = new Set(['TIDINGS_SECRET', 'RESEND_API_KEY', 'RESEND_WEBHOOK_SECRET']);

/**
 * What an error shows of a bad value, which helps to spot a typo: nothing of a
 * secret, and a URL (any `*_URL`) without its user part or password, even when
 * it is too mangled to parse (`app:pw@db/x`, `postgres//app:pw@db`).
 */
function shownValue(name: string, value: string): string {
  if (SECRET_VARIABLES.has(name)) return ' (the value is secret and not shown)';
  if (!name.endsWith('_URL')) return ` (got ${JSON.stringify(value)})`;
  const at = value.lastIndexOf('@');
  let shown = value;
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(value.slice(0, at))?.[0] ?? '';
    shown = `${scheme}***${value.slice(at)}`;
  }
  shown = shown.replace(/([?&][a-z]*pass(word)?=)[^&#]*/gi, '$1***');
  return ` (got ${JSON.stringify(shown)})`;
}

/**
 * Reads and validates the whole configuration in one place. A bad value throws a
 * ConfigError whose message is one line naming the variable and what is wrong
 * (never a secret's value or a URL's password: the line ends up in logs).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name} ${issue.message.replace(/^Invalid input: /, '')}${shownValue(name, env[name] ?? '')}`);
  }
  const e = parsed.data;
  if (e.TIDINGS_MIGRATION_DATABASE_URL && !e.DATABASE_URL) throw new ConfigError('TIDINGS_MIGRATION_DATABASE_URL needs DATABASE_URL (the role the app runs as)');
  const home = path.resolve(cwd, e.TIDINGS_HOME ?? '.tidings');
  const port = e.PORT ?? 3000;
  return {
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.TIDINGS_MIGRATION_DATABASE_URL,
    home,
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    resendWebhookSecret: e.RESEND_WEBHOOK_SECRET,
    from: e.TIDINGS_FROM ?? 'updates@tidings.localhost',
    publicUrl: (e.TIDINGS_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    replyDomain: e.TIDINGS_REPLY_DOMAIN,
    secret: e.TIDINGS_SECRET ?? localSecret(home, e.DATABASE_URL),
    sendRate: e.TIDINGS_SEND_RATE ?? 2,
    batchLeaseSeconds: e.TIDINGS_BATCH_LEASE_SECONDS ?? 60,
    workerConcurrency: e.TIDINGS_WORKER_CONCURRENCY ?? 8,
    workers: e.TIDINGS_WORKERS ?? availableParallelism(),
    maxUploadBytes: Math.round((e.TIDINGS_MAX_UPLOAD_MB ?? 25) * 1024 * 1024),
    trustProxyHops: e.TIDINGS_TRUST_PROXY ?? 0,
    port,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

/**
 * In the embedded mode a secret is generated once and kept beside the data, so
 * signed links survive restarts. With an external database the secret must be
 * shared by every machine, so it has to come from the environment.
 */
function localSecret(home: string, databaseUrl: string | undefined): string {
  if (databaseUrl && process.env.NODE_ENV === 'production') {
    throw new ConfigError('TIDINGS_SECRET must be set when DATABASE_URL is set in production (every machine must share it)');
  }
  const file = path.join(home, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(home, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
