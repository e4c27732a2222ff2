import type { PromiseFilter, PromiseView } from './queries.ts';

/** The words for each filter, on the page and in the CSV's description line. */
export const FILTER_WORDS: Record<PromiseFilter, string> = {
  open: 'Open',
  overdue: 'Overdue (waiting for the team)',
  kept: 'Kept',
  broken: 'Broken (overdue or written to late)',
};

/** What happened to the promise, in words an auditor can quote. */
export function promiseOutcome(p: PromiseView): string {
  if (p.overdue) return 'Overdue: the date passed and no update has been sent since';
  if (p.state === 'kept') return `Kept${p.keptByUpdateId ? ` by update #${p.keptByUpdateId}` : ''}`;
  if (p.state === 'broken') return 'Broken: written to after the date';
  return 'Open';
}
