import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The benchmark's other processes: the loopback provider, and sending
 * processes like `tidings worker`, so that neither's work counts as the other's.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FakeProcess {
  url: string;
  control: string;
  child: ChildProcess;
  stats(): Promise<{ calls: number; status429: number; accepted: number; extraCopies: number; recipients: number; rss: number }>;
  setRateLimit(rps: number | null): Promise<void>;
  reset(): Promise<void>;
}

/** The loopback provider runs as its own process so its work is not counted as ours. */
export async function startFakeProvider(): Promise<FakeProcess> {
  const profile = process.env.TIDINGS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TIDINGS_BENCH_PROFILE}/provider`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'test/fakes/serve.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const first: string = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the fake provider exited (${code})`)));
  });
  const { url, control } = JSON.parse(first) as { url: string; control: string };
  return {
    url,
    control,
    child,
    stats: async () => (await fetch(`${control}/stats`)).json() as never,
    setRateLimit: async (rps) => void (await fetch(`${control}/rate-limit${rps ? `?rps=${rps}` : ''}`)),
    reset: async () => void (await fetch(`${control}/reset`)),
  };
}

export interface SendRun {
  seconds: number;
  peakRss: number;
  calls: number;
  sustainedCallsPerSecond: number;
}

/** Runs the send loops of one update in a fresh process, as `tidings worker` would. */
export async function sendInChild(dbUrl: string, updateId: number, loops: number, providerUrl: string, rate: number, secret: string): Promise<SendRun> {
  const profile = process.env.TIDINGS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TIDINGS_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'src/bench/send-child.ts'), dbUrl, String(updateId), String(loops), providerUrl, String(rate), secret], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code: number | null = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the sending process failed (exit ${code})`);
  return JSON.parse(out.trim().split('\n').pop()!) as SendRun;
}
