/* How the benchmark prints its figures: one aligned line per measurement, with its target. */

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const line = (label: string, value: string, target = '') => console.log(`  ${label.padEnd(46)} ${value.padEnd(30)} ${target}`);
export const pass = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

export function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  return fn().then((r) => [r, Number(process.hrtime.bigint() - started) / 1e9]);
}
