import { AppError } from '../errors.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';

/*
 * The segment rule language.
 *
 *   { "all": [ ...items ] }  or  { "any": [ ...items ] }
 *
 * where each item is a condition or a nested group:
 *
 *   { "attribute": "refund_claim", "op": "gt", "value": 0 }
 *   { "attribute": "tags", "op": "contains", "value": "vip" }   (element of a list, or substring of text)
 *   { "attribute": "locale", "op": "in", "value": ["nb", "sv"] }
 *   { "attribute": "phone", "op": "exists" }
 *
 * Attribute names email, name, locale and timezone are the contact's own columns;
 * every other name is a key in contacts.attributes. Compiled SQL refers to the
 * contacts table aliased `c` and carries every piece of user text (attribute
 * keys included) as a bound parameter.
 */

export type Scalar = string | number | boolean;

export const OPERATORS = ['eq', 'neq', 'in', 'contains', 'gt', 'lt', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

export type Condition =
  | { attribute: string; op: 'eq' | 'neq'; value: Scalar }
  | { attribute: string; op: 'in'; value: Scalar[] }
  | { attribute: string; op: 'contains'; value: Scalar }
  | { attribute: string; op: 'gt' | 'lt'; value: number | string }
  | { attribute: string; op: 'exists' };

export type Group = { all: RuleNode[] } | { any: RuleNode[] };
export type RuleNode = Condition | Group;
/** A rule is always a group at the top. */
export type Rule = Group;

export const RULE_LIMITS = {
  depth: 10,
  conditions: 200,
  attributeLength: 100,
  stringLength: 1000,
  inValues: 1000,
} as const;

/** Attribute names that refer to the contact's columns rather than to attributes. */
export const COLUMN_ATTRIBUTES = ['email', 'name', 'locale', 'timezone'] as const;
export type ColumnAttribute = (typeof COLUMN_ATTRIBUTES)[number];

export function isColumnAttribute(name: string): name is ColumnAttribute {
  return (COLUMN_ATTRIBUTES as readonly string[]).includes(name);
}

/** Each operator as the builder names it (the catalogue holds the words in every language). */
export const OPERATOR_LABELS: Record<Operator, PlainKey> = {
  eq: 'segments.opEq',
  neq: 'segments.opNeq',
  in: 'segments.opIn',
  contains: 'segments.opContains',
  gt: 'segments.opGt',
  lt: 'segments.opLt',
  exists: 'segments.opExists',
};

const OP_LIST = OPERATORS.join(', ');
/** Upper bound on the nodes the depth walk visits. */
const MAX_PARTS = 1_000_000;

function fail(path: string, message: string): never {
  throw new AppError('validation_failed', `${path}: ${message}`, [{ field: path, message }]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function isGroupLike(v: Record<string, unknown>): boolean {
  return 'all' in v || 'any' in v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isFinite(v)) return 'a non-finite number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Measures nesting depth and condition count without recursion, so a
 * pathological input (thousands of levels) cannot exhaust the stack.
 */
function measure(input: Record<string, unknown>, path: string): { depth: number; conditions: number } {
  const stack: [unknown, number][] = [[input, 1]];
  let depth = 0;
  let conditions = 0;
  let visited = 0;
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    // Also ends the walk over a cyclic object handed in by code.
    if (++visited > MAX_PARTS) fail(path, `is too large (more than ${MAX_PARTS.toLocaleString('en-GB')} parts)`);
    if (!isObject(node)) continue;
    if (isGroupLike(node)) {
      if (level > depth) depth = level;
      for (const key of ['all', 'any'] as const) {
        const items = node[key];
        if (Array.isArray(items)) for (const item of items) stack.push([item, level + 1]);
      }
    } else {
      conditions++;
    }
  }
  return { depth, conditions };
}

function checkString(path: string, v: string, what = 'is'): void {
  if (v.length > RULE_LIMITS.stringLength) fail(path, `${what} ${v.length} characters long; the limit is ${RULE_LIMITS.stringLength}`);
}

function parseCondition(node: Record<string, unknown>, path: string): Condition {
  for (const key of Object.keys(node)) {
    if (key !== 'attribute' && key !== 'op' && key !== 'value') fail(`${path}.${key}`, 'unknown key (a condition has attribute, op and value)');
  }
  const attribute = node['attribute'];
  if (attribute === undefined) fail(`${path}.attribute`, 'is required');
  if (typeof attribute !== 'string') fail(`${path}.attribute`, `must be a string, not ${describe(attribute)}`);
  if (attribute.length === 0) fail(`${path}.attribute`, 'must not be empty');
  if (attribute.length > RULE_LIMITS.attributeLength) fail(`${path}.attribute`, `is ${attribute.length} characters long; the limit is ${RULE_LIMITS.attributeLength}`);

  const op = node['op'];
  if (op === undefined) fail(`${path}.op`, `is required (use one of ${OP_LIST})`);
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    fail(`${path}.op`, `unknown operator ${typeof op === 'string' ? JSON.stringify(op.slice(0, 50)) : describe(op)} (use one of ${OP_LIST})`);
  }
  const column = isColumnAttribute(attribute);
  const vpath = `${path}.value`;
  const hasValue = 'value' in node && node['value'] !== undefined;
  const value = node['value'];

  switch (op as Operator) {
    case 'exists':
      if (hasValue) fail(vpath, 'exists takes no value');
      return { attribute, op: 'exists' };
    case 'eq':
    case 'neq': {
      if (!hasValue) fail(vpath, `${op} needs a value (a string, number or boolean)`);
      if (!isScalar(value)) fail(vpath, `${op} needs a string, number or boolean, not ${describe(value)}`);
      if (column && typeof value !== 'string') fail(vpath, `${attribute} is text; ${op} needs a string here`);
      if (typeof value === 'string') checkString(vpath, value);
      return { attribute, op: op as 'eq' | 'neq', value };
    }
    case 'in': {
      if (!hasValue) fail(vpath, 'in needs a non-empty list of strings, numbers or booleans');
      if (!Array.isArray(value)) fail(vpath, `in needs a non-empty list of strings, numbers or booleans, not ${describe(value)}`);
      if (value.length === 0) fail(vpath, 'in needs at least one value');
      if (value.length > RULE_LIMITS.inValues) fail(vpath, `in has ${value.length} values; the limit is ${RULE_LIMITS.inValues} (use a static list segment for more)`);
      const out: Scalar[] = [];
      value.forEach((v: unknown, i: number) => {
        if (!isScalar(v)) fail(`${vpath}[${i}]`, `must be a string, number or boolean, not ${describe(v)}`);
        if (column && typeof v !== 'string') fail(`${vpath}[${i}]`, `${attribute} is text; in needs strings here`);
        if (typeof v === 'string') checkString(`${vpath}[${i}]`, v);
        out.push(v);
      });
      return { attribute, op: 'in', value: out };
    }
    case 'contains': {
      if (!hasValue) fail(vpath, 'contains needs a value (a string to look for)');
      if (!isScalar(value)) fail(vpath, `contains needs a string (or a number or boolean to find in a list), not ${describe(value)}`);
      if (column && typeof value !== 'string') fail(vpath, `${attribute} is text; contains needs a string here`);
      if (typeof value === 'string') {
        if (value.length === 0) fail(vpath, 'contains needs a non-empty string');
        checkString(vpath, value);
      }
      return { attribute, op: 'contains', value };
    }
    case 'gt':
    case 'lt': {
      if (!hasValue) fail(vpath, `${op} needs a number or a string`);
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) fail(vpath, `${op} needs a number or a string, not ${describe(value)}`);
      if (column && typeof value !== 'string') fail(vpath, `${attribute} is text; ${op} needs a string here`);
      if (typeof value === 'string') checkString(vpath, value);
      return { attribute, op: op as 'gt' | 'lt', value };
    }
  }
}

function parseGroup(node: Record<string, unknown>, path: string): Group {
  const keys = Object.keys(node);
  if ('all' in node && 'any' in node) fail(path, 'a group has either "all" or "any", not both');
  for (const key of keys) {
    if (key !== 'all' && key !== 'any') fail(`${path}.${key}`, 'unknown key (a group has "all" or "any")');
  }
  const kind: 'all' | 'any' = 'all' in node ? 'all' : 'any';
  const items = node[kind];
  const gpath = `${path}.${kind}`;
  if (!Array.isArray(items)) fail(gpath, `must be a list of conditions, not ${describe(items)}`);
  if (items.length === 0) fail(gpath, 'a group needs at least one condition');
  const out: RuleNode[] = items.map((item: unknown, i: number) => {
    const ipath = `${gpath}[${i}]`;
    if (!isObject(item)) fail(ipath, `must be a condition {"attribute", "op", "value"} or a group {"all": [...]} / {"any": [...]}, not ${describe(item)}`);
    return isGroupLike(item) ? parseGroup(item, ipath) : parseCondition(item, ipath);
  });
  return kind === 'all' ? { all: out } : { any: out };
}

/**
 * Validates untrusted input and returns a clean rule. Throws a
 * `validation_failed` AppError naming the first problem and where it is,
 * e.g. `rule.all[2].op: unknown operator "like" (use one of ...)`.
 */
export function parseRule(input: unknown, path = 'rule'): Rule {
  if (input === undefined || input === null) fail(path, 'is required: a group {"all": [...]} or {"any": [...]}');
  if (!isObject(input)) fail(path, `must be a group {"all": [...]} or {"any": [...]}, not ${describe(input)}`);
  if (!isGroupLike(input)) fail(path, 'must be a group {"all": [...]} or {"any": [...]} at the top');
  const { depth, conditions } = measure(input, path);
  if (depth > RULE_LIMITS.depth) {
    throw new AppError('validation_failed', `${path} is nested ${depth} levels deep; the limit is ${RULE_LIMITS.depth}`, [{ field: path, message: `nested ${depth} levels deep; the limit is ${RULE_LIMITS.depth}` }]);
  }
  if (conditions > RULE_LIMITS.conditions) {
    throw new AppError('validation_failed', `${path} has ${conditions} conditions; the limit is ${RULE_LIMITS.conditions}`, [{ field: path, message: `${conditions} conditions; the limit is ${RULE_LIMITS.conditions}` }]);
  }
  return parseGroup(input, path);
}

export function isGroup(node: RuleNode): node is Group {
  return 'all' in node || 'any' in node;
}

export function groupItems(group: Group): { kind: 'all' | 'any'; items: RuleNode[] } {
  return 'all' in group ? { kind: 'all', items: group.all } : { kind: 'any', items: group.any };
}
