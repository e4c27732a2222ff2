import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './app-env.ts';
import { pingDatabase } from './db/connection.ts';
import { postgresIdempotency } from './idempotency/store.ts';
import { AppError } from './errors.ts';
import { auditApi, auditPages } from './audit/routes.tsx';
import { useChainKey } from './audit/chain.ts';
import { allow } from './http/access.ts';
import { bearerAuth, sessionAuth } from './http/authenticate.ts';
import { identifySession, identifyToken } from './auth/identify.ts';
import { authPages } from './auth/login-routes.tsx';
import { accountTwoFactorPages, twoFactorLoginPages } from './auth/two-factor-routes.tsx';
import { usersApi } from './auth/api.ts';
import { accountPages, usersPages } from './auth/users-routes.tsx';
import { contactPointsApi, contactPointsPages } from './contact-points/routes.tsx';
import { contactsApi } from './contacts/api.ts';
import { contactsPages } from './contacts/pages.tsx';
import { conversationsApi } from './conversations/api.ts';
import { conversationsPages, unmatchedPages } from './conversations/pages.tsx';
import { dashboardPages } from './dashboard/routes.tsx';
import { historyApi } from './history/api.ts';
import { historyPages } from './history/pages.tsx';
import { apiDocsPage, apiReferenceScript, API_REFERENCE_SCRIPT } from './http/api-docs.tsx';
import { createApiApp, createHttpShell, openApiDocument } from './http/app.ts';
import { csrf } from './http/middleware.ts';
import { portalRoutes } from './portal/routes.tsx';
import { promisesApi } from './promises/api.ts';
import { promisesPages } from './promises/pages.tsx';
import { segmentsApi } from './segments/api.ts';
import { segmentsPages } from './segments/pages.tsx';
import { outboxPages } from './outbox/routes.tsx';
import { settingsApi, settingsPages } from './settings/routes.tsx';
import { situationsPages } from './situations/pages.tsx';
import { suppressionsApi, suppressionsPages } from './suppressions/routes.tsx';
import { unsubscribeRoutes } from './unsubscribe/routes.tsx';
import { updatesApi } from './updates/api.ts';
import { updatesPages } from './updates/pages.tsx';
import { webhookRoutes } from './webhooks/routes.ts';
import { inLocale } from '../i18n/current.ts';
import { localeFromAcceptLanguage, localeOr } from '../i18n/locales.ts';

/** A user's own language; a value from before the languages were checked reads as English. */

export { openApiDocument };

/** The tab icon browsers ask for unprompted; read once, served to anyone. */
const FAVICON = readFileSync(new URL('./http/assets/favicon.ico', import.meta.url));

/**
 * The web app, a composition root: the HTTP shell, then every domain's API,
 * open and page routes. Each route declares who may call it with `allow`.
 */
export function createApp(given: AppDeps): OpenAPIHono<AppEnv> {
  // Idempotency keys are kept in PostgreSQL for every web process; the HTTP layer only sees the store.
  const deps: AppDeps = { ...given, idempotency: given.idempotency ?? postgresIdempotency(given.db) };
  useChainKey(deps.config.secret);
  // A JSON import's rows are checked one by one, like a CSV's: a bad row is rejected, the others land.
  const app = createHttpShell<AppEnv>(deps, { bodyCheckedRowByRow: ['/api/v1/contacts/import'] });
  // Before sign-in (and for anyone without an account) pages follow the browser's language.
  app.use('*', (c, next) => inLocale(localeFromAcceptLanguage(c.req.header('accept-language')), next));
  app.get('/health', allow('public'), async (c) => {
    await pingDatabase(deps.db);
    return c.json({ ok: true });
  });
  app.get('/favicon.ico', allow('public'), (c) => c.body(new Uint8Array(FAVICON), 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=604800' }));

  const api = createApiApp<AppEnv>();
  api.use('*', bearerAuth((token) => identifyToken(deps.db, token)));
  contactsApi(api);
  segmentsApi(api);
  contactPointsApi(api);
  usersApi(api);
  auditApi(api);
  updatesApi(api);
  settingsApi(api);
  suppressionsApi(api);
  promisesApi(api);
  historyApi(api);
  conversationsApi(api);
  app.route('/api/v1', api);
  // An API path that matches no route answers the API's 404, not the sign-in page the pages would redirect to.
  app.all('/api/v1/*', allow('public'), (c) => {
    throw new AppError('not_found', `nothing at ${c.req.method} ${c.req.path}`);
  });
  app.get('/api/openapi.json', allow('public'), (c) => c.json(openApiDocument(app)));
  app.get('/api/docs', allow('public'), (c) => apiDocsPage(c, openApiDocument(app)));
  app.get(API_REFERENCE_SCRIPT, allow('public'), apiReferenceScript);

  // Routes that customers and the provider reach without a session.
  const open = new Hono<AppEnv>();
  webhookRoutes(open);
  unsubscribeRoutes(open);
  portalRoutes(open);
  app.route('/', open);

  const pages = new Hono<AppEnv>();
  pages.use('*', csrf);
  authPages(pages);
  twoFactorLoginPages(pages);
  pages.use('*', sessionAuth((token) => identifySession(deps.db, token)));
  // Signed in, a person reads every page in their own language.
  pages.use('*', (c, next) => inLocale(localeOr(c.get('user').locale), next));
  accountTwoFactorPages(pages);
  dashboardPages(pages);
  contactsPages(pages);
  segmentsPages(pages);
  contactPointsPages(pages);
  usersPages(pages);
  accountPages(pages);
  auditPages(pages);
  historyPages(pages);
  promisesPages(pages);
  settingsPages(pages);
  situationsPages(pages);
  updatesPages(pages);
  outboxPages(pages);
  suppressionsPages(pages);
  conversationsPages(pages);
  unmatchedPages(pages);
  app.route('/', pages);
  return app;
}
