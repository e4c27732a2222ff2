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
  // Named by the number customers saw, in the promise's own situation (ids are for URLs and the API).
  if (p.state === 'kept') return `Kept${p.keptByUpdateNumber ? ` by update ${p.keptByUpdateNumber} of ${p.situationTitle}` : ''}`;
  if (p.state === 'broken') return 'Broken: written to after the date';
  return 'Open';
}
