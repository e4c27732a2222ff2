import { AppError } from '../errors.ts';

/** A refusal with catalogue text (AppError.localized) that also carries details: the field it names, the editors. */
export function withDetails(refusal: AppError, details: unknown): AppError {
  return new AppError(refusal.code, refusal.message, details, refusal.retryAfterSeconds, refusal.localized);
}
