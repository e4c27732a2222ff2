import type { ColumnType } from 'kysely';

/* The kinds of column the table types are made of. */

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/**
 * A jsonb column: read as the shape stored in it, written as JSON text
 * (`JSON.stringify(value)`, or a `sql` expression). Text, not the object:
 * node-postgres would send a JavaScript array as a PostgreSQL array.
 */
export type JsonColumn<T> = ColumnType<T, string, string>;
/** A jsonb column with a default: it may be left out of an insert. */
export type JsonColumnWithDefault<T> = ColumnType<T, string | undefined, string>;
export type NullableJsonColumn<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Anything JSON.parse can give back: a column whose shape its readers check themselves. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
