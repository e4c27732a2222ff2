import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

/*
 * The sending processes of `tidings start`: one `tidings worker` per core,
 * forked from the running CLI, restarted when one dies, stopped before the
 * database they share. Their log lines go straight to the same stdout (one
 * JSON line per event, each tagged with its worker number).
 */

/** Set in a supervised child: its number, which tags its log lines. */
export const WORKER_NUMBER_VARIABLE = 'TIDINGS_WORKER_NUMBER';

export interface SupervisedWorkers {
  /** The running children's process ids, by worker number (1-based; undefined while one restarts). */
  pids(): Array<number | undefined>;
  /** Asks every child to stop (SIGTERM), waits for them (SIGKILL after `graceMs`), and restarts none. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  count: number;
  /** The CLI entry to fork and its arguments (`worker`). */
  script: string;
  args: string[];
  execArgv: string[];
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** A child that ran this long before dying is restarted at once; sooner, with a doubling delay. */
  healthyAfterMs?: number;
  maxBackoffMs?: number;
  graceMs?: number;
}

interface Slot {
  number: number;
  child: ChildProcess | undefined;
  exited: Promise<void>;
  /** Deaths in a row without a healthy run between them. */
  failures: number;
  restartTimer: NodeJS.Timeout | undefined;
}

export function superviseWorkers(opts: SuperviseOptions): SupervisedWorkers {
  const healthyAfterMs = opts.healthyAfterMs ?? 30_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  let stopping = false;
  const slots: Slot[] = Array.from({ length: opts.count }, (_, i) => ({ number: i + 1, child: undefined, exited: Promise.resolve(), failures: 0, restartTimer: undefined }));

  const launch = (slot: Slot) => {
    slot.restartTimer = undefined;
    if (stopping) return;
    const started = Date.now();
    const child = fork(opts.script, opts.args, {
      execArgv: opts.execArgv,
      env: { ...opts.env, [WORKER_NUMBER_VARIABLE]: String(slot.number) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.child = child;
    // A fork that cannot start at all also ends in 'exit', which restarts it.
    child.on('error', (err) => opts.log.error({ worker: slot.number, err: err.message }, `sending worker ${slot.number} failed`));
    slot.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        slot.child = undefined;
        resolve();
        if (stopping) return;
        slot.failures = Date.now() - started >= healthyAfterMs ? 0 : slot.failures + 1;
        // The first death after a healthy run restarts at once; a crash loop backs off to maxBackoffMs.
        const delay = slot.failures === 0 ? 0 : Math.min(maxBackoffMs, 500 * 2 ** (slot.failures - 1));
        opts.log.warn({ worker: slot.number, pid: child.pid, code, signal, restartInMs: delay }, `sending worker ${slot.number} exited; restarting it`);
        slot.restartTimer = setTimeout(() => launch(slot), delay);
      });
    });
  };
  slots.forEach(launch);

  return {
    pids: () => slots.map((s) => s.child?.pid),
    async stop() {
      stopping = true;
      for (const slot of slots) if (slot.restartTimer) clearTimeout(slot.restartTimer);
      await Promise.all(
        slots.map(async (slot) => {
          const child = slot.child;
          if (!child) return;
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), opts.graceMs ?? 20_000);
          await slot.exited;
          clearTimeout(kill);
        }),
      );
    },
  };
}
