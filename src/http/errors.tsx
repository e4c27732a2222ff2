import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '../errors.ts';
import type { HttpEnv } from './context.ts';
import { ErrorPage } from './layout.tsx';

function isApi(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/webhooks/') || path === '/health';
}

/** Turns anything thrown into an AppError; unknown failures become `internal`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : err.status === 403 ? 'forbidden' : err.status === 404 ? 'not_found' : err.status < 500 ? 'validation_failed' : 'internal';
    return new AppError(code, err.message || 'request refused');
  }
  if (err instanceof SyntaxError) return new AppError('validation_failed', `the request body is not valid JSON: ${err.message}`);
  return new AppError('internal', 'something went wrong on our side; the error was logged');
}

/** The one place where errors become HTTP responses: JSON for the API, a page for people. */
export function handleError(err: unknown, c: Context<HttpEnv>): Response {
  const appError = toAppError(err);
  if (appError.code === 'internal') c.get('deps')?.log.error({ err, path: c.req.path }, 'request failed');
  const body = { error: { code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) } };
  if (appError.retryAfterSeconds !== undefined) c.header('retry-after', String(appError.retryAfterSeconds));
  if (isApi(c.req.path) || c.req.header('accept')?.includes('application/json')) {
    return c.json(body, appError.status);
  }
  c.status(appError.status);
  return c.html(<ErrorPage status={appError.status} message={appError.message} user={c.get('user')} />) as unknown as Response;
}

/**
 * For pages that show a refusal in place (the form again, with its problem):
 * rethrows anything that is not an AppError of one of `codes`, and answers the
 * rest with the refusal's own status from the one code list.
 */
export async function showRefusal(c: Context, err: unknown, codes: readonly ErrorCode[], render: (refusal: AppError) => Response | Promise<Response>): Promise<Response> {
  if (!(err instanceof AppError) || !codes.includes(err.code)) throw err;
  c.status(err.status);
  if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
  return render(err);
}
