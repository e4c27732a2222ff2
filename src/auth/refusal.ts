import { AppError, type ErrorCode } from '../errors.ts';
import type { MessageKey, ValuesArg } from '../../i18n/catalogue.ts';

/**
 * A refusal with catalogue text (see AppError.localized) that also carries
 * field details or a Retry-After: the API keeps the English text and those,
 * pages show the text in their reader's language.
 */
export function localizedRefusal<K extends MessageKey>(code: ErrorCode, extra: { details?: unknown; retryAfterSeconds?: number }, key: K, ...values: ValuesArg<K>): AppError {
  const plain = AppError.localized(code, key, ...values);
  return new AppError(plain.code, plain.message, extra.details, extra.retryAfterSeconds, plain.localized);
}
