import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { previewRule } from '../../src/segments/queries.ts';
import { compileRule } from '../../src/segments/rule-sql.ts';
import { parseRule } from '../../src/segments/rule.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

const EVIL_KEY = "x'); DROP TABLE contacts;--";
const EVIL_VALUE = "1' OR '1'='1";

const CONTACTS: { email: string; name?: string; locale?: string; timezone?: string; attributes: Record<string, unknown> }[] = [
  {
    email: 'a@example.org',
    name: 'Ada Berg',
    locale: 'nb',
    timezone: 'Europe/Oslo',
    attributes: { refund_claim: 120, tier: 'gold', vip: true, tags: ['vip', 'Pension'], city: 'Oslo', joined: '2021-03-01', note: 'Waiting for REFUND' },
  },
  { email: 'b@example.org', name: 'Bo Lind', locale: 'sv', attributes: { refund_claim: 0, tier: 'silver', vip: false, tags: ['new'], city: 'Stockholm', joined: '2023-07-15' } },
  // refund_claim is a string here: numeric gt/lt must not match it.
  { email: 'c@example.org', name: 'Cas Smit', locale: 'en', attributes: { refund_claim: '500', tier: 'gold', city: 'oslo' } },
  { email: 'd@example.org', name: 'Dirk de Vries', locale: 'nl', attributes: { refund_claim: 30.5, tags: [1, 2], phone: null } },
  { email: 'E@Example.org', name: 'Éva Kovács', locale: 'hu', timezone: 'Europe/Budapest', attributes: {} },
  { email: 'inj@example.org', name: "' OR 1=1 --", attributes: { [EVIL_KEY]: EVIL_VALUE } },
];

beforeAll(async () => {
  await t.deps.db
    .insertInto('contacts')
    .values(CONTACTS.map((c) => ({ email: c.email, name: c.name ?? '', locale: c.locale ?? 'en', timezone: c.timezone ?? 'UTC', attributes: JSON.stringify(c.attributes) })))
    .execute();
});

/** The emails (lower-case, sorted) a rule selects. */
async function match(rule: unknown): Promise<string[]> {
  const rows = await t.deps.db.selectFrom('contacts as c').select('c.email_lower').where(compileRule(parseRule(rule))).orderBy('c.email_lower').execute();
  return rows.map((r) => r.email_lower.split('@')[0]!);
}

const one = (attribute: string, op: string, value?: unknown) => ({ all: [{ attribute, op, ...(value === undefined ? {} : { value }) }] });

function problem(rule: unknown): string {
  try {
    parseRule(rule);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    return (err as AppError).message;
  }
  throw new Error('expected the rule to be refused');
}

describe('rule operators against real contacts', () => {
  it('eq matches strings, numbers and booleans exactly, by type', async () => {
    expect(await match(one('tier', 'eq', 'gold'))).toEqual(['a', 'c']);
    expect(await match(one('refund_claim', 'eq', 0))).toEqual(['b']);
    expect(await match(one('refund_claim', 'eq', 120))).toEqual(['a']);
    expect(await match(one('refund_claim', 'eq', '500'))).toEqual(['c']);
    expect(await match(one('refund_claim', 'eq', 500))).toEqual([]);
    expect(await match(one('vip', 'eq', true))).toEqual(['a']);
    expect(await match(one('vip', 'eq', false))).toEqual(['b']);
    expect(await match(one('tier', 'eq', 'Gold'))).toEqual([]);
  });

  it('neq matches every contact without that value, including those without the attribute', async () => {
    expect(await match(one('tier', 'neq', 'gold'))).toEqual(['b', 'd', 'e', 'inj']);
  });

  it('in matches any of the values', async () => {
    expect(await match(one('tier', 'in', ['gold', 'silver']))).toEqual(['a', 'b', 'c']);
    expect(await match(one('refund_claim', 'in', [0, 30.5]))).toEqual(['b', 'd']);
    expect(await match(one('vip', 'in', [true]))).toEqual(['a']);
  });

  it('contains is a case-insensitive substring on text and (exact) membership on lists', async () => {
    expect(await match(one('note', 'contains', 'refund'))).toEqual(['a']);
    expect(await match(one('city', 'contains', 'OSL'))).toEqual(['a', 'c']);
    expect(await match(one('tags', 'contains', 'Pension'))).toEqual(['a']);
    expect(await match(one('tags', 'contains', 'vi'))).toEqual([]); // an element, not a substring of one
    expect(await match(one('note', 'contains', '%'))).toEqual([]); // LIKE wildcards are literal
    expect(await match(one('note', 'contains', 'for_R'))).toEqual([]);
    expect(await match(one('note', 'contains', 'for r'))).toEqual(['a']);
    expect(await match(one('tags', 'contains', 2))).toEqual(['d']);
    expect(await match(one('refund_claim', 'contains', '5'))).toEqual(['c']); // only the text value
  });

  it('gt/lt with a number compare numeric attributes only; a numeric-looking string never matches', async () => {
    expect(await match(one('refund_claim', 'gt', 10))).toEqual(['a', 'd']);
    expect(await match(one('refund_claim', 'gt', 100))).toEqual(['a']);
    expect(await match(one('refund_claim', 'lt', 1))).toEqual(['b']);
    expect(await match(one('refund_claim', 'lt', 30.6))).toEqual(['b', 'd']);
    expect(await match(one('vip', 'gt', 0))).toEqual([]);
  });

  it('gt/lt with a string compare text (ISO dates)', async () => {
    expect(await match(one('joined', 'gt', '2022-01-01'))).toEqual(['b']);
    expect(await match(one('joined', 'lt', '2022-01-01'))).toEqual(['a']);
    expect(await match(one('refund_claim', 'gt', '4'))).toEqual(['c']); // text attributes only
  });

  it('exists matches a present, non-null attribute', async () => {
    expect(await match(one('tags', 'exists'))).toEqual(['a', 'b', 'd']);
    expect(await match(one('phone', 'exists'))).toEqual([]);
    expect(await match(one('nothing', 'exists'))).toEqual([]);
  });

  it('email, name, locale and timezone refer to the contact columns', async () => {
    expect(await match(one('locale', 'eq', 'nb'))).toEqual(['a']);
    expect(await match(one('locale', 'in', ['nb', 'sv']))).toEqual(['a', 'b']);
    expect(await match(one('locale', 'neq', 'en'))).toEqual(['a', 'b', 'd', 'e']);
    expect(await match(one('email', 'eq', 'E@EXAMPLE.ORG'))).toEqual(['e']);
    expect(await match(one('email', 'in', ['A@example.org', 'b@EXAMPLE.org']))).toEqual(['a', 'b']);
    expect(await match(one('email', 'contains', 'INJ@'))).toEqual(['inj']);
    expect(await match(one('name', 'contains', 'kovács'))).toEqual(['e']);
    expect(await match(one('timezone', 'eq', 'Europe/Budapest'))).toEqual(['e']);
    expect(await match(one('timezone', 'lt', 'UTC'))).toEqual(['a', 'e']);
    expect(await match(one('timezone', 'gt', 'Europe/Oslo'))).toEqual(['b', 'c', 'd', 'inj']);
    expect(await match(one('timezone', 'exists'))).toHaveLength(CONTACTS.length);
  });

  it('combines nested all/any groups', async () => {
    const rule = { all: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { any: [{ attribute: 'locale', op: 'eq', value: 'nb' }, { attribute: 'refund_claim', op: 'gt', value: 100 }] }] };
    expect(await match(rule)).toEqual(['a']);
    const rule2 = { any: [{ all: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { attribute: 'locale', op: 'eq', value: 'en' }] }, { attribute: 'locale', op: 'eq', value: 'hu' }] };
    expect(await match(rule2)).toEqual(['c', 'e']);
    expect(await match({ any: [{ any: [{ all: [{ attribute: 'vip', op: 'exists' }] }] }] })).toEqual(['a', 'b']);
  });
});

describe('rule validation names the first problem and where it is', () => {
  const ok = { attribute: 'tier', op: 'eq', value: 'gold' };

  it('unknown operator', () => {
    expect(problem({ all: [ok, ok, { attribute: 'tier', op: 'like', value: 'g%' }] })).toBe('rule.all[2].op: unknown operator "like" (use one of eq, neq, in, contains, gt, lt, exists)');
    expect(problem({ all: [{ attribute: 'tier', value: 1 }] })).toMatch(/^rule\.all\[0\]\.op: is required/);
  });

  it('wrong value types', () => {
    expect(problem({ any: [{ attribute: 'refund_claim', op: 'gt', value: true }] })).toBe('rule.any[0].value: gt needs a number or a string, not a boolean');
    expect(problem({ all: [{ attribute: 'tier', op: 'eq', value: { $ne: 1 } }] })).toBe('rule.all[0].value: eq needs a string, number or boolean, not an object');
    expect(problem({ all: [{ attribute: 'tier', op: 'eq', value: null }] })).toMatch(/^rule\.all\[0\]\.value: eq needs a string, number or boolean/);
    expect(problem({ all: [{ attribute: 'tier', op: 'in', value: 'gold' }] })).toMatch(/^rule\.all\[0\]\.value: in needs a non-empty list/);
    expect(problem({ all: [{ attribute: 'tier', op: 'in', value: [] }] })).toBe('rule.all[0].value: in needs at least one value');
    expect(problem({ all: [{ attribute: 'tier', op: 'in', value: ['a', ['b']] }] })).toBe('rule.all[0].value[1]: must be a string, number or boolean, not a list');
    expect(problem({ all: [{ attribute: 'tags', op: 'exists', value: 1 }] })).toBe('rule.all[0].value: exists takes no value');
    expect(problem({ all: [{ attribute: 'locale', op: 'eq', value: 5 }] })).toBe('rule.all[0].value: locale is text; eq needs a string here');
  });

  it('missing value and missing attribute', () => {
    expect(problem({ all: [ok, { attribute: 'tier', op: 'eq' }] })).toBe('rule.all[1].value: eq needs a value (a string, number or boolean)');
    expect(problem({ all: [{ op: 'eq', value: 1 }] })).toBe('rule.all[0].attribute: is required');
    expect(problem({ all: [{ attribute: '', op: 'eq', value: 1 }] })).toBe('rule.all[0].attribute: must not be empty');
  });

  it('empty groups, unknown keys and bad shapes', () => {
    expect(problem({ all: [] })).toBe('rule.all: a group needs at least one condition');
    expect(problem({ all: [ok, { any: [] }] })).toBe('rule.all[1].any: a group needs at least one condition');
    expect(problem({ all: [{ ...ok, val: 1 }] })).toBe('rule.all[0].val: unknown key (a condition has attribute, op and value)');
    expect(problem({ all: [ok], any: [ok] })).toBe('rule: a group has either "all" or "any", not both');
    expect(problem({ all: [ok], name: 'x' })).toBe('rule.name: unknown key (a group has "all" or "any")');
    expect(problem(ok)).toMatch(/^rule: must be a group/);
    expect(problem([ok])).toMatch(/^rule: must be a group .* not a list/);
    expect(problem({ all: [ok, 'tier=gold'] })).toMatch(/^rule\.all\[1\]: must be a condition/);
    expect(problem({ all: 'x' })).toBe('rule.all: must be a list of conditions, not a string');
  });

  it('limits: attribute length, string length, condition count, depth', () => {
    expect(problem(one('a'.repeat(101), 'exists'))).toBe('rule.all[0].attribute: is 101 characters long; the limit is 100');
    expect(problem(one('note', 'eq', 'x'.repeat(1001)))).toBe('rule.all[0].value: is 1001 characters long; the limit is 1000');
    expect(() => parseRule(one('a'.repeat(100), 'eq', 'x'.repeat(1000)))).not.toThrow();
    expect(problem({ all: Array.from({ length: 201 }, () => ok) })).toBe('rule has 201 conditions; the limit is 200');
    expect(() => parseRule({ all: Array.from({ length: 200 }, () => ok) })).not.toThrow();

    const nest = (levels: number) => {
      let rule: Record<string, unknown> = { all: [ok] };
      for (let i = 1; i < levels; i++) rule = { any: [rule] };
      return rule;
    };
    expect(() => parseRule(nest(10))).not.toThrow();
    expect(problem(nest(11))).toBe('rule is nested 11 levels deep; the limit is 10');
    // Far deeper than any stack could recurse: still a clear refusal.
    expect(problem(nest(200_000))).toBe('rule is nested 200000 levels deep; the limit is 10');
  });

  it('returns a clean copy', () => {
    const input = { any: [{ attribute: 'tier', op: 'in', value: ['gold'] }] };
    const rule = parseRule(input);
    expect(rule).toEqual(input);
    expect(rule).not.toBe(input);
  });
});

describe('SQL safety', () => {
  it('matches injection-looking attribute names and values literally and leaves the table alone', async () => {
    expect(await match(one(EVIL_KEY, 'eq', EVIL_VALUE))).toEqual(['inj']);
    expect(await match(one(EVIL_KEY, 'exists'))).toEqual(['inj']);
    expect(await match(one(EVIL_KEY, 'in', ['x"}\\', EVIL_VALUE, "'{}'"]))).toEqual(['inj']);
    expect(await match(one(EVIL_KEY, 'neq', EVIL_VALUE))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await match(one(EVIL_KEY, 'contains', "OR '1'"))).toEqual(['inj']);
    expect(await match(one(EVIL_KEY, 'gt', "1'"))).toEqual(['inj']);
    expect(await match(one('tier', 'eq', EVIL_VALUE))).toEqual([]);
    expect(await match(one('name', 'eq', "' OR 1=1 --"))).toEqual(['inj']);
    expect(await match(one('name', 'contains', "'); DROP TABLE contacts;--"))).toEqual([]);
    expect(await match(one('locale', 'in', ["en' OR '1'='1"]))).toEqual([]);

    const compiled = t.deps.db.selectFrom('contacts as c').select('c.id').where(compileRule(parseRule({ all: [{ attribute: EVIL_KEY, op: 'eq', value: EVIL_VALUE }, { attribute: 'name', op: 'contains', value: "x'; --" }] }))).compile();
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.sql).not.toContain("'1'='1");
    expect(compiled.sql).not.toContain("x'; --");
    expect(compiled.parameters).toContain(JSON.stringify({ [EVIL_KEY]: EVIL_VALUE }));

    const { n } = await t.deps.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(CONTACTS.length);
  });
});

describe('index use', () => {
  async function plan(rule: unknown): Promise<string> {
    return t.deps.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const r = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT count(*) FROM contacts c WHERE ${compileRule(parseRule(rule))}`.execute(tx);
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it('eq, in and exists on attributes can use the GIN index contacts_attributes_gin', async () => {
    expect(await plan(one('tier', 'eq', 'gold'))).toContain('contacts_attributes_gin');
    expect(await plan(one('tier', 'in', ['gold', 'silver']))).toContain('contacts_attributes_gin');
    expect(await plan(one('tags', 'exists'))).toContain('contacts_attributes_gin');
    expect(await plan({ all: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { attribute: 'refund_claim', op: 'gt', value: 5 }] })).toContain('contacts_attributes_gin');
  });
});

describe('previewRule', () => {
  it('parses and previews in one call, and refuses a bad rule by name', async () => {
    const p = await previewRule(t.deps.db, one('tier', 'eq', 'gold'));
    expect(p.eligible).toBe(2);
    await expect(previewRule(t.deps.db, one('tier', 'like', 'g'))).rejects.toThrow(/rule\.all\[0\]\.op: unknown operator "like"/);
  });
});
