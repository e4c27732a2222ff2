import type { ArgValue, MessageKey, ValuesArg } from '../i18n/catalogue.ts';
import { translator } from '../i18n/translate.ts';

/** Every failure the product reports on purpose. Mapped to HTTP in src/http/errors.ts only. */
export const ERROR_CODES = {
  /** The request's shape is wrong: a missing or mistyped field, bad JSON. */
  validation_failed: 400,
  /** Well-formed, but a rule refuses the value now (a schedule time already past). */
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  /** Rule 8: someone who wrote or changed an update may not approve it. */
  four_eyes: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  /** An Idempotency-Key (or a form's one-time token) used again for a different request. */
  idempotency_key_reused: 422,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** The mail provider did not take an email; what was prepared is kept. */
  provider_failed: 502,
  /** The mail provider cannot be reached or is not configured; try again later (Retry-After says when). */
  provider_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A refusal's text as a catalogue message, so a page can say it in its reader's language. */
export interface LocalizedMessage {
  key: MessageKey;
  values?: Record<string, ArgValue>;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds after which a retry may succeed; sent as Retry-After. */
    readonly retryAfterSeconds?: number,
    /** The message as catalogue text; pages show it in the reader's language, the API in English. */
    readonly localized?: LocalizedMessage,
  ) {
    super(message);
  }

  /**
   * A refusal people read on pages: its message is the English text of `key`
   * (what the API returns), and pages show it in their reader's language.
   */
  static localized<K extends MessageKey>(code: ErrorCode, key: K, ...values: ValuesArg<K>): AppError {
    const args = values[0] as Record<string, ArgValue> | undefined;
    return new AppError(code, translator('en').t(key, ...values), undefined, undefined, args ? { key, values: args } : { key });
  }

  /** The same refusal carrying field details or a Retry-After: `AppError.localized(...).with({ details })`. */
  with(extra: { details?: unknown; retryAfterSeconds?: number }): AppError {
    return new AppError(this.code, this.message, extra.details ?? this.details, extra.retryAfterSeconds ?? this.retryAfterSeconds, this.localized);
  }

  get status(): (typeof ERROR_CODES)[ErrorCode] {
    return ERROR_CODES[this.code];
  }
}

export const invalid = (message: string, details?: unknown) => new AppError('validation_failed', message, details);
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

export interface FieldIssue {
  field: string;
  message: string;
}

/** A zod issue as the error shape reads it. */
export interface SchemaIssue {
  path: readonly PropertyKey[];
  message: string;
  params?: unknown;
}

/**
 * The `params` of a schema refinement whose refusal is a rule's, not a
 * malformed request's: a well-formed value the product does not accept (a
 * language it does not know, an unknown time zone). Such an issue, when it is
 * the first, makes the refusal 400 `invalid_input` instead of `validation_failed`.
 */
export const RULE_REFUSAL = { refusal: 'invalid_input' } as const;

/** Formats zod issues as the one error shape's details, naming each field. */
export function zodIssues(issues: readonly SchemaIssue[], fallbackField = ''): FieldIssue[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || fallbackField, message: i.message }));
}

/** The one validation failure: the message names the first field, details list them all. */
export function invalidFields(details: FieldIssue[], code: 'validation_failed' | 'invalid_input' = 'validation_failed'): AppError {
  const first = details[0]!;
  return new AppError(code, first.field ? `${first.field}: ${first.message}` : first.message, details);
}

/** The refusal of a value a schema did not accept: `invalid_input` when the first issue is a rule's (RULE_REFUSAL). */
export function schemaRefusal(issues: readonly SchemaIssue[], fallbackField = ''): AppError {
  const rule = (issues[0]?.params as { refusal?: unknown } | undefined)?.refusal === RULE_REFUSAL.refusal;
  return invalidFields(zodIssues(issues, fallbackField), rule ? 'invalid_input' : 'validation_failed');
}

/** Parses with a zod schema, or throws the one validation failure. */
export function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly SchemaIssue[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw schemaRefusal(r.error.issues);
  return r.data;
}
