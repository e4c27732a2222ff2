import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { COLUMN_ATTRIBUTES, groupItems, isColumnAttribute, isGroup, type ColumnAttribute, type Condition, type Rule, type RuleNode } from './rule.ts';

// ---------------------------------------------------------------------------
// Compilation to SQL. Only fixed SQL text is written here; every user-supplied
// string, number and key goes in as a bound parameter.

type Bool = RawBuilder<SqlBool>;

const COLUMN_SQL: Record<ColumnAttribute, RawBuilder<string>> = {
  email: sql<string>`c.email_lower`,
  name: sql<string>`c.name`,
  locale: sql<string>`c.locale`,
  timezone: sql<string>`c.timezone`,
};

/** Values compared against the email column are lower-cased like email_lower. */
function columnValue(col: ColumnAttribute, v: string): RawBuilder<string> {
  return col === 'email' ? sql<string>`lower(${v}::text)` : sql<string>`${v}::text`;
}

function compileColumn(col: ColumnAttribute, cond: Condition): Bool {
  const ref = COLUMN_SQL[col];
  switch (cond.op) {
    case 'eq':
      return sql<SqlBool>`${ref} = ${columnValue(col, String(cond.value))}`;
    case 'neq':
      return sql<SqlBool>`${ref} <> ${columnValue(col, String(cond.value))}`;
    case 'in': {
      const values = cond.value.map(String);
      return col === 'email' ? sql<SqlBool>`${ref} = ANY(SELECT lower(v) FROM unnest(${values}::text[]) AS v)` : sql<SqlBool>`${ref} = ANY(${values}::text[])`;
    }
    case 'contains':
      return sql<SqlBool>`${ref} ILIKE ${likePattern(String(cond.value))}::text`;
    case 'gt':
      return sql<SqlBool>`${ref} COLLATE "C" > ${columnValue(col, String(cond.value))}`;
    case 'lt':
      return sql<SqlBool>`${ref} COLLATE "C" < ${columnValue(col, String(cond.value))}`;
    case 'exists':
      return sql<SqlBool>`${ref} <> ''`;
  }
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** `{"key": value}` as jsonb text, for GIN-indexable containment. */
function containment(key: string, value: unknown): string {
  return JSON.stringify({ [key]: value });
}

function compileAttribute(cond: Condition): Bool {
  const k = cond.attribute;
  const a = sql`(c.attributes -> ${k}::text)`;
  /*
   * `test` applied only where the attribute has that JSON type. Written as
   * CASE rather than AND on purpose: PostgreSQL has no statistics for
   * jsonb_typeof(...) = '...' and would estimate a tiny match, then pick a
   * nested-loop join against suppressions that probes an index once per
   * matching contact; a CASE is estimated at one half, which keeps the
   * preview's plan on a hash join whatever the rule.
   */
  const whenType = (type: 'number' | 'string', test: RawBuilder<unknown>) =>
    sql<SqlBool>`(CASE WHEN jsonb_typeof(${a}) = ${sql.lit(type)} THEN ${test} ELSE false END)`;
  switch (cond.op) {
    case 'eq':
      return sql<SqlBool>`c.attributes @> ${containment(k, cond.value)}::jsonb`;
    case 'neq':
      // Contacts without the attribute are "not equal" too.
      return sql<SqlBool>`NOT (c.attributes @> ${containment(k, cond.value)}::jsonb)`;
    case 'in':
      // One containment per value, as one array parameter: the GIN index serves
      // `@> ANY(...)` with a bitmap scan per value.
      return sql<SqlBool>`c.attributes @> ANY(${cond.value.map((v) => containment(k, v))}::jsonb[])`;
    case 'contains': {
      // A list attribute contains the value as an element (exact, GIN-indexable).
      const member = sql<SqlBool>`c.attributes @> ${containment(k, [cond.value])}::jsonb`;
      if (typeof cond.value !== 'string') return member;
      // A text attribute contains it as a case-insensitive substring.
      return sql<SqlBool>`(${member} OR ${whenType('string', sql`(c.attributes ->> ${k}::text) ILIKE ${likePattern(cond.value)}::text`)})`;
    }
    case 'gt':
    case 'lt': {
      const cmp = sql.raw(cond.op === 'gt' ? '>' : '<');
      if (typeof cond.value === 'number') {
        // jsonb compares numbers numerically and never fails on other types;
        // the type test keeps strings, booleans and lists out.
        return whenType('number', sql`${a} ${cmp} ${JSON.stringify(cond.value)}::jsonb`);
      }
      // Text comparison in byte order, so ISO dates and codes sort as written.
      return whenType('string', sql`(c.attributes ->> ${k}::text) COLLATE "C" ${cmp} ${cond.value}::text`);
    }
    case 'exists':
      return sql<SqlBool>`(c.attributes ? ${k}::text AND ${a} <> 'null'::jsonb)`;
  }
}

function compileNode(node: RuleNode): Bool {
  if (isGroup(node)) {
    const { kind, items } = groupItems(node);
    const parts = items.map(compileNode);
    if (parts.length === 1) return parts[0]!;
    return sql<SqlBool>`(${sql.join(parts, kind === 'all' ? sql` AND ` : sql` OR `)})`;
  }
  return isColumnAttribute(node.attribute) ? compileColumn(node.attribute, node) : compileAttribute(node);
}

/**
 * Compiles a parsed rule to a boolean SQL expression over `contacts c`. Built
 * only with the sql tag and bound parameters. Call parseRule first: compileRule
 * trusts its input's shape.
 */
export function compileRule(rule: Rule): Bool {
  return compileNode(rule);
}
