/**
 * The words for promises: on pages in the reader's language (pass tr()), in the
 * CSV export in English (the default), from the one catalogue.
 */
import type { PlainKey } from '../../i18n/catalogue.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import type { PromiseFilter, PromiseView } from './queries.ts';

const FILTER_KEYS = {
  open: 'promises.filterOpen',
  overdue: 'promises.filterOverdue',
  kept: 'promises.filterKept',
  broken: 'promises.filterBroken',
} as const satisfies Record<PromiseFilter, PlainKey>;

/** The words for each filter, on the page and in the CSV's description line. */
export function filterWords(f: PromiseFilter, words: Translator = translator('en')): string {
  return words.t(FILTER_KEYS[f]);
}

/** What happened to the promise, in words an auditor can quote. */
export function promiseOutcome(p: PromiseView, words: Translator = translator('en')): string {
  if (p.overdue) return words.t('promises.outcomeOverdue');
  // Named by the number customers saw, in the promise's own situation (ids are for URLs and the API).
  if (p.state === 'kept') return p.keptByUpdateNumber ? words.t('promises.outcomeKeptBy', { number: p.keptByUpdateNumber, situation: p.situationTitle }) : words.t('promises.outcomeKept');
  if (p.state === 'broken') return words.t('promises.outcomeBroken');
  return words.t('promises.outcomeOpen');
}
