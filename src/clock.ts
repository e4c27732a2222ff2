import { sql, type RawBuilder } from 'kysely';

/*
 * The time a change is stamped with. Production leaves it out: rows take the
 * database's now() (or the process clock where the code already read it) as
 * before. A caller that replays a story in order, as the demo does (src/demo/),
 * passes the moment each step happened, so every stamp of that step (the row,
 * its audit entry) agrees with the others and with the steps before it.
 */

/** A source of the current time; the sending engine reads it once per batch. */
export type Clock = () => Date;

/** Options of a domain function that stamps what it changes. */
export interface Stamp {
  /** When the change happens; the real time when left out. */
  now?: Date | undefined;
}

/** The given time as a SQL value, else the database's now() (the transaction's start), as the statement read before. */
export function nowSql(now: Date | undefined): RawBuilder<Date> {
  return now ? sql<Date>`${now}::timestamptz` : sql<Date>`now()`;
}

/** Values for the time columns of a new or changed row: the given time, or nothing (the column default, or the value set elsewhere). */
export function stamped<K extends string>(now: Date | undefined, ...columns: K[]): Partial<Record<K, Date>> {
  if (!now) return {};
  return Object.fromEntries(columns.map((c) => [c, now])) as Record<K, Date>;
}
