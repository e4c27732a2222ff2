/** Every failure the product reports on purpose. Mapped to HTTP in src/http/errors.ts only. */
export const ERROR_CODES = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** The mail provider did not take an email; what was prepared is kept. */
  provider_failed: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): (typeof ERROR_CODES)[ErrorCode] {
    return ERROR_CODES[this.code];
  }
}

export const invalid = (message: string, details?: unknown) => new AppError('validation_failed', message, details);
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
