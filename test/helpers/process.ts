import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/tidings.js');

/** The environment a user's machine would have: no DATABASE_URL unless given. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'DATABASE_URL' || k.startsWith('TIDINGS_') || k.startsWith('RESEND_') || k === 'PORT' || k.startsWith('VITEST')) delete env[k];
  env.NODE_ENV = 'development';
  return { ...env, ...extra };
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function runTidings(args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForHealth(port: number, timeoutMs: number, spawned?: Spawned): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (spawned && spawned.child.exitCode !== null) throw new Error(`tidings exited early:\n${spawned.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`tidings did not answer /health within ${timeoutMs} ms${spawned ? `:\n${spawned.output()}` : ''}`);
}
