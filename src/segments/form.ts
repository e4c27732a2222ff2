import { AppError } from '../errors.ts';
import type { MessageKey, ValuesArg } from '../../i18n/catalogue.ts';
import { translator } from '../../i18n/translate.ts';
import type { Segment } from '../db/types.ts';
import type { PreviewTarget } from './audience.ts';
import { parseEmailList } from './input.ts';
import { groupItems, isColumnAttribute, isGroup, OPERATORS, parseRule, RULE_LIMITS, type Condition, type Operator, type Rule, type Scalar } from './rule.ts';

/*
 * The segment builder form <-> rule. The form is flat (match all/any + rows of
 * attribute/op/value), with an "Advanced (JSON)" textarea for nested rules and
 * a textarea of addresses for static lists.
 */

export interface FormRow {
  attribute: string;
  op: string;
  value: string;
}

export interface BuilderState {
  name: string;
  kind: 'rule' | 'list';
  match: 'all' | 'any';
  rows: FormRow[];
  json: string;
  emails: string;
}

/** Where a form problem is, so the page can put the message next to it. */
export interface FormProblem {
  /** In English, as the live count's JSON says it; pages show the refusal's catalogue text. */
  message: string;
  row?: number | undefined;
  field?: 'attribute' | 'op' | 'value' | 'json' | 'emails' | 'name' | 'rows' | undefined;
}

export const emptyRow = (): FormRow => ({ attribute: '', op: 'eq', value: '' });

export function emptyState(): BuilderState {
  return { name: '', kind: 'rule', match: 'all', rows: [emptyRow()], json: '', emails: '' };
}

export type FormBody = Record<string, unknown>;
type Body = FormBody;

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
}

/** Reads the builder's fields from a parsed form body. */
export function readForm(body: Body): BuilderState {
  const declared = Number.parseInt(str(body, 'rows'), 10);
  const count = Number.isFinite(declared) ? Math.max(1, Math.min(RULE_LIMITS.conditions, declared)) : 1;
  const rows: FormRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({ attribute: str(body, `attribute_${i}`), op: str(body, `op_${i}`) || 'eq', value: str(body, `value_${i}`) });
  }
  return {
    name: str(body, 'name'),
    kind: str(body, 'kind') === 'list' ? 'list' : 'rule',
    match: str(body, 'match') === 'any' ? 'any' : 'all',
    rows,
    json: str(body, 'json'),
    emails: str(body, 'emails'),
  };
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Splits "a, b, "c, d"" on commas outside double quotes. */
export function splitList(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quoted) {
      cur += ch;
      if (ch === '\\' && i + 1 < raw.length) cur += raw[++i];
      else if (ch === '"') quoted = false;
    } else if (ch === '"') {
      quoted = true;
      cur += ch;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function unquote(s: string): string | undefined {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      /* not JSON: take it literally */
    }
    return s.slice(1, -1);
  }
  return undefined;
}

/**
 * A typed value from text: numbers and true/false become numbers and booleans;
 * "quoted" text is always a string. Column attributes are always text.
 */
export function formScalar(raw: string, textOnly: boolean): Scalar {
  const s = raw.trim();
  const q = unquote(s);
  if (q !== undefined) return q;
  if (textOnly) return s;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (NUMBER.test(s) && s.length <= 20) return Number(s);
  return s;
}

/** The value to put in a form field for a rule value (the inverse of formScalar). */
export function formatScalar(v: Scalar, textOnly: boolean, inList = false): string {
  if (typeof v !== 'string') return String(v);
  if (textOnly && !(inList && /[,"]/.test(v))) return v;
  const ambiguous = v === 'true' || v === 'false' || NUMBER.test(v.trim()) || v !== v.trim() || (v.startsWith('"') && v.endsWith('"')) || (inList && /[,"]/.test(v));
  return ambiguous ? JSON.stringify(v) : v;
}

function rowValue(row: FormRow): unknown {
  const attribute = row.attribute.trim();
  const textOnly = isColumnAttribute(attribute);
  const raw = row.value.trim();
  switch (row.op as Operator) {
    case 'exists':
      return undefined;
    case 'in':
      return raw === '' ? undefined : splitList(raw).map((t) => formScalar(t, textOnly));
    case 'contains':
      // Text is looked for in text attributes and in lists alike.
      return raw === '' ? undefined : (unquote(raw) ?? raw);
    default:
      return raw === '' ? undefined : formScalar(raw, textOnly);
  }
}

const FIELD_WORDS: Record<string, FormProblem['field']> = { attribute: 'attribute', op: 'op', value: 'value' };
const FIELD_PROBLEMS = { attribute: 'segments.conditionAttributeProblem', op: 'segments.conditionOperatorProblem', value: 'segments.conditionValueProblem' } as const;

/** Builds the rule from the form, or throws a FormError naming the row. */
export function ruleFromForm(state: BuilderState): Rule {
  if (state.json.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(state.json);
    } catch (err) {
      throw FormError.at({ field: 'json' }, 'segments.jsonNotValid', { detail: (err as Error).message });
    }
    try {
      return parseRule(parsed);
    } catch (err) {
      if (err instanceof AppError) throw FormError.at({ field: 'json' }, 'segments.jsonProblem', { detail: err.message });
      throw err;
    }
  }
  const used: number[] = [];
  const items: unknown[] = [];
  state.rows.forEach((row, i) => {
    if (row.attribute.trim() === '' && row.value.trim() === '') return;
    used.push(i);
    const value = rowValue(row);
    items.push({ attribute: row.attribute.trim(), op: row.op, ...(value === undefined ? {} : { value }) });
  });
  if (items.length === 0) throw FormError.at({ row: 0, field: 'attribute' }, 'segments.firstConditionEmpty');
  try {
    return parseRule({ [state.match]: items });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = (err.details as { field?: string }[] | undefined)?.[0]?.field ?? '';
    const m = /^rule\.(?:all|any)\[(\d+)\](?:\.(attribute|op|value))?/.exec(field);
    if (!m) throw new FormError({ message: err.message, field: 'rows' });
    const row = used[Number(m[1])] ?? 0;
    const which = (m[2] ?? 'attribute') as keyof typeof FIELD_PROBLEMS;
    const detail = err.message.slice(err.message.indexOf(': ') + 2);
    throw FormError.at({ row, field: FIELD_WORDS[which] }, FIELD_PROBLEMS[which], { number: row + 1, detail });
  }
}

export class FormError extends AppError {
  constructor(
    readonly problem: FormProblem,
    localized?: AppError['localized'],
  ) {
    super('validation_failed', problem.message, [{ field: problem.field ?? 'form', row: problem.row, message: problem.message }], undefined, localized);
  }

  /** A problem said by a catalogue message: English for the JSON, the reader's language on the page. */
  static at<K extends MessageKey>(where: Omit<FormProblem, 'message'>, key: K, ...values: ValuesArg<K>): FormError {
    const args = values[0] as Record<string, string | number> | undefined;
    return new FormError({ ...where, message: translator('en').t(key, ...values) }, args ? { key, values: args } : { key });
  }
}

export function emailsFromForm(state: BuilderState): string[] {
  try {
    return parseEmailList(state.emails.split(/[\r\n,;]+/));
  } catch (err) {
    if (err instanceof AppError) throw FormError.at({ field: 'emails' }, 'segments.emailsProblem', { detail: err.message.replace(/^emails(\[\d+\])?: /, '') });
    throw err;
  }
}

export function nameFromForm(state: BuilderState): string {
  const name = state.name.trim();
  if (name === '') throw FormError.at({ field: 'name' }, 'segments.nameMissing');
  if (name.length > 200) throw FormError.at({ field: 'name' }, 'segments.nameTooLong');
  return name;
}

/** The input to createSegment / updateSegment. */
export function segmentInputFromForm(state: BuilderState): { name: string; rule: Rule } | { name: string; emails: string[] } {
  const name = nameFromForm(state);
  return state.kind === 'list' ? { name, emails: emailsFromForm(state) } : { name, rule: ruleFromForm(state) };
}

/** What to preview for the form as it stands (no name needed). */
export function previewTargetFromForm(state: BuilderState): PreviewTarget {
  return state.kind === 'list' ? { emails: emailsFromForm(state) } : ruleFromForm(state);
}

/** A flat rule fills the rows; anything nested goes to the JSON box. */
export function stateFromSegment(segment: Pick<Segment, 'name' | 'kind' | 'rule'>, memberEmails: string[] = []): BuilderState {
  const base: BuilderState = { ...emptyState(), name: segment.name, kind: segment.kind };
  if (segment.kind === 'list') return { ...base, emails: memberEmails.join('\n') };
  let rule: Rule;
  try {
    rule = parseRule(segment.rule);
  } catch {
    return { ...base, json: JSON.stringify(segment.rule, null, 2) };
  }
  const { kind, items } = groupItems(rule);
  if (items.some(isGroup)) return { ...base, json: JSON.stringify(rule, null, 2) };
  const rows = (items as Condition[]).map((cond): FormRow => {
    const textOnly = isColumnAttribute(cond.attribute);
    if (cond.op === 'exists') return { attribute: cond.attribute, op: cond.op, value: '' };
    if (cond.op === 'in') return { attribute: cond.attribute, op: cond.op, value: cond.value.map((v) => formatScalar(v, textOnly, true)).join(', ') };
    if (cond.op === 'contains') {
      if (typeof cond.value !== 'string') return { attribute: cond.attribute, op: cond.op, value: '' };
      return { attribute: cond.attribute, op: cond.op, value: cond.value.startsWith('"') && cond.value.endsWith('"') ? JSON.stringify(cond.value) : cond.value };
    }
    return { attribute: cond.attribute, op: cond.op, value: formatScalar(cond.value, textOnly) };
  });
  // A rule that the rows cannot show exactly (contains with a number) stays JSON.
  const roundTrips = (() => {
    try {
      return JSON.stringify(ruleFromForm({ ...base, match: kind, rows })) === JSON.stringify(rule);
    } catch {
      return false;
    }
  })();
  if (!roundTrips) return { ...base, json: JSON.stringify(rule, null, 2) };
  return { ...base, match: kind, rows };
}

export function isOperator(op: string): op is Operator {
  return (OPERATORS as readonly string[]).includes(op);
}
