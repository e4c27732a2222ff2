import type { Context } from 'hono';
import type { User } from '../db/types.ts';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '../errors.ts';
import type { HttpEnv } from './context.ts';
import { t, tr } from '../../i18n/current.ts';
import { ErrorPage, Layout } from './layout.tsx';

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
  return AppError.localized('internal', 'shell.somethingWentWrong');
}

/** Not-found errors raised because no route matched (not because a record is missing): the page then names the address. */
const routeMisses = new WeakSet<AppError>();

/** The app's not-found handler: the API keeps its JSON message, people get the not-found page. */
export function notFoundRoute(c: Context<HttpEnv>): Response {
  const err = new AppError('not_found', `nothing at ${c.req.method} ${c.req.path}`);
  routeMisses.add(err);
  return handleError(err, c);
}

/** The page that sent a person here, when it is one of ours (never a link to another site). */
function sameSiteReferrer(c: Context): string | undefined {
  const referrer = c.req.header('referer');
  if (!referrer) return undefined;
  try {
    const from = new URL(referrer);
    const here = new URL(c.req.url);
    if (from.origin !== here.origin || from.pathname === here.pathname) return undefined;
    return from.pathname + from.search;
  } catch {
    return undefined;
  }
}

/** What a person sees for an address that leads nowhere, or a record that is gone: what happened, and ways on. */
const NotFoundPage = (p: { path: string; what: string | undefined; back: string | undefined; user: User | undefined }) => (
  <Layout title={t('shell.notFoundTitle')} user={p.user}>
    <h1>{t('shell.notFoundTitle')}</h1>
    {p.what ? (
      <p>{t('shell.notFoundWhat', { what: p.what })}</p>
    ) : (
      <p>
        {tr()
          .parts('shell.notFoundPath')
          .map((part) => (typeof part === 'string' ? part : <code>{p.path}</code>))}
      </p>
    )}
    <ul>
      <li>
        <a href="/">{t('shell.goToDashboard')}</a>
      </li>
      {p.back ? (
        <li>
          <a href={p.back}>{t('shell.goBack')}</a>
        </li>
      ) : null}
    </ul>
  </Layout>
);

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
  const shown = inReadersLanguage(appError);
  if (appError.code === 'not_found') return c.html(<NotFoundPage path={c.req.path} what={routeMisses.has(appError) ? undefined : shown.message} back={sameSiteReferrer(c)} user={c.get('user')} />) as unknown as Response;
  return c.html(<ErrorPage status={appError.status} message={shown.message} user={c.get('user')} />) as unknown as Response;
}

/**
 * For pages that show a refusal in place (the form again, with its problem):
 * rethrows anything that is not an AppError of one of `codes`, and answers the
 * rest with the refusal's own status from the one code list.
 */
/** The refusal with its message in the language of the page being served, when it has catalogue text. */
export function inReadersLanguage(err: AppError): AppError {
  if (!err.localized) return err;
  const text = (tr().t as (k: string, v?: Record<string, unknown>) => string)(err.localized.key, err.localized.values);
  return new AppError(err.code, text, err.details, err.retryAfterSeconds, err.localized);
}

export async function showRefusal(c: Context, err: unknown, codes: readonly ErrorCode[], render: (refusal: AppError) => Response | Promise<Response>): Promise<Response> {
  if (!(err instanceof AppError) || !codes.includes(err.code)) throw err;
  c.status(err.status);
  if (err.retryAfterSeconds !== undefined) c.header('retry-after', String(err.retryAfterSeconds));
  return render(inReadersLanguage(err));
}
