/**
 * What the dashboard shows of the promises (DESIGN.md rule 2): the pending ones,
 * overdue first, the ones settled this week, and how urgent each is. The view
 * is promises-section.tsx.
 */
import type { Db } from '../db/connection.ts';
import { getSetting } from '../settings/queries.ts';
import { translator, type Translator } from '../../i18n/translate.ts';
import { loadPromises, type PromiseView } from './queries.ts';

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Within this, an open promise is "near" (before it is "soon", the reminder lead). */
export const NEAR_MS = 72 * HOUR;
/** Settled promises stay listed this long. */
const RECENT_MS = 7 * DAY;

export type Urgency = 'overdue' | 'due-soon' | 'due-near' | 'due-far';

export interface DashboardPromises {
  /** Overdue first (the longest overdue at the top), then open ones by due date. */
  pending: PromiseView[];
  /** Kept or broken within the last week, most recent first. */
  settled: PromiseView[];
  leadHours: number;
  now: Date;
}

export async function dashboardPromises(db: Db, now = new Date()): Promise<DashboardPromises> {
  const [pending, settled, leadHours] = await Promise.all([
    loadPromises(db, ['overdue', 'open'], now),
    loadPromises(db, ['kept', 'broken'], now, { settledSince: new Date(now.getTime() - RECENT_MS) }),
    getSetting(db, 'promise_reminder_hours'),
  ]);
  return {
    pending: [...pending.filter((p) => p.overdue), ...pending.filter((p) => !p.overdue)],
    settled: settled.sort((a, b) => (b.settledAt ?? '').localeCompare(a.settledAt ?? '')).slice(0, 5),
    leadHours,
    now,
  };
}

/** How urgent a pending promise is: the colour class and the words that say the same. */
export function urgencyOf(p: Pick<PromiseView, 'overdue' | 'secondsLeft'>, leadHours: number): Urgency {
  if (p.overdue || p.secondsLeft <= 0) return 'overdue';
  const left = p.secondsLeft * 1000;
  if (left <= leadHours * HOUR) return 'due-soon';
  if (left <= NEAR_MS) return 'due-near';
  return 'due-far';
}

/** A short span for the dashboard: "45 min", "20 h", "2 d 4 h" (in English unless `words` says otherwise). */
export function shortSpan(ms: number, words: Translator = translator('en')): string {
  const span = Math.abs(ms);
  if (span < HOUR) return words.t('promises.spanMinutes', { count: Math.max(1, Math.floor(span / MINUTE)) });
  if (span < 2 * DAY) return words.t('promises.spanHours', { count: Math.floor(span / HOUR) });
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  return hours ? words.t('promises.spanDaysHours', { days, hours }) : words.t('promises.spanDays', { days });
}
