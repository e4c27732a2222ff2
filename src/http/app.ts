import { conversationsApi } from '../conversations/api.ts';
import { promisesPages } from '../promises/pages.tsx';
import { historyApi, historyPages } from '../history/routes.tsx';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { sql } from 'kysely';
import { authPages, usersApi, usersPages } from '../auth/routes.tsx';
import { auditApi, auditPages } from '../audit/routes.tsx';
import { contactPointsApi, contactPointsPages } from '../contact-points/routes.tsx';
import { contactsApi, contactsPages } from '../contacts/routes.tsx';
import { AppError } from '../errors.ts';
import { segmentsApi, segmentsPages } from '../segments/routes.tsx';
import { updatesApi } from '../updates/api.ts';
import { promisesApi } from '../promises/api.ts';
import { settingsApi, settingsPages } from '../settings/routes.tsx';
import { unsubscribeRoutes } from '../unsubscribe/routes.tsx';
import { webhookRoutes } from '../webhooks/routes.ts';
import { portalRoutes } from '../portal/routes.tsx';
import { updatesPages } from '../updates/pages.tsx';
import { situationsPages } from '../situations/pages.tsx';
import { suppressionsApi, suppressionsPages } from '../suppressions/routes.tsx';
import { outboxPages } from '../sending/outbox-pages.tsx';
import { conversationsPages } from '../conversations/pages.tsx';
import { unmatchedPages } from '../conversations/unmatched.tsx';
import { apiDocsPage } from './api-docs.tsx';
import type { AppDeps, AppEnv } from './context.ts';
import { dashboardPages } from './dashboard.tsx';
import { handleError } from './errors.tsx';
import { validationHook } from './validation.ts';
import { apiAuth, csrf, pageAuth } from './middleware.ts';

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const ASSET_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'tidings API',
    version: '1',
    description: 'Crisis-communication mailer. Authenticate with "Authorization: Bearer <token>" (create one with `tidings token create`). Errors are JSON: { "error": { "code", "message", "details"? } }.',
  },
  servers: [{ url: '/' }],
};

/** Builds the whole HTTP application: pages, JSON API, assets and health check. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(handleError);
  app.notFound((c) => handleError(new AppError('not_found', `nothing at ${c.req.method} ${c.req.path}`), c));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      overwrite: false,
    }),
  );
  // Uploads are streamed, but a limit still protects the server and says so clearly.
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.maxUploadBytes,
      onError: () => {
        throw new AppError('payload_too_large', `the upload is larger than the limit of ${Math.round(deps.config.maxUploadBytes / 1048576)} MB; split the file or raise TIDINGS_MAX_UPLOAD_MB`);
      },
    }),
  );

  app.get('/health', async (c) => {
    await sql`SELECT 1`.execute(deps.db);
    return c.json({ ok: true });
  });
  const assets = new Map<string, string>();
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!/^[a-z0-9-]+\.(css|js)$/.test(file)) throw new AppError('not_found', 'no such asset');
    let body = assets.get(file);
    if (body === undefined) {
      try {
        body = readFileSync(path.join(ASSETS_DIR, file), 'utf8');
      } catch {
        throw new AppError('not_found', 'no such asset');
      }
      assets.set(file, body);
    }
    return c.body(body, 200, { 'content-type': ASSET_TYPES[path.extname(file)]!, 'cache-control': 'public, max-age=300' });
  });

  // JSON API
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.use('*', apiAuth);
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
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(app)));
  app.get('/api/docs', (c) => c.html(apiDocsPage(openApiDocument(app) as Parameters<typeof apiDocsPage>[0])));

  // Routes that customers and the provider reach without a session.
  const open = new Hono<AppEnv>();
  webhookRoutes(open);
  unsubscribeRoutes(open);
  portalRoutes(open);
  app.route('/', open);

  // Pages
  const pages = new Hono<AppEnv>();
  pages.use('*', csrf);
  authPages(pages);
  pages.use('*', pageAuth);
  dashboardPages(pages);
  contactsPages(pages);
  segmentsPages(pages);
  contactPointsPages(pages);
  usersPages(pages);
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

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(OPENAPI_INFO as Parameters<typeof app.getOpenAPI31Document>[0]);
}
