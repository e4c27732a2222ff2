import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../errors.ts';
import type { HttpDeps, HttpEnv } from './context.ts';
import { handleError, notFoundRoute } from './errors.tsx';
import { refuseControlCharacters, validationHook, type ControlCharacterOptions } from './validation.ts';

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const ASSET_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'tidings API',
    version: '1',
    description: 'Crisis-communication mailer. Authenticate with `Authorization: Bearer <token>` (create one with `tidings token create`). Errors are JSON: { "error": { "code", "message", "details"? } }. Text (paths, query parameters, JSON keys and values) may hold no control characters but tab and line breaks (CR only in CRLF): anything else is refused with 400 invalid_input naming the field. A list\'s cursor is the nextCursor of its previous page; any other is refused with 400 invalid_input naming cursor.',
  },
  servers: [{ url: '/' }],
};

/**
 * The HTTP shell every route runs in: the one error mapper, secure headers and
 * CSP, the upload limit, the refusal of control characters and static assets. It knows no domain; the web app
 * (src/web.ts) registers the routes.
 */
export function createHttpShell<E extends Env & HttpEnv>(deps: HttpDeps & { config: { maxUploadBytes: number } }, text: ControlCharacterOptions = {}): OpenAPIHono<E> {
  const app = new OpenAPIHono<E>({ defaultHook: validationHook });
  app.onError((err, c) => handleError(err, c as never));
  app.notFound((c) => notFoundRoute(c as never));
  app.use('*', async (c, next) => {
    (c as unknown as { set(k: 'deps', v: HttpDeps): void }).set('deps', deps);
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
        throw AppError.localized('payload_too_large', 'shell.uploadTooLarge', { mb: String(Math.round(deps.config.maxUploadBytes / 1048576)) });
      },
    }),
  );
  // One place for the one text rule: no control characters but tab and line breaks, anywhere in a request.
  app.use('*', refuseControlCharacters(text));
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
  return app;
}

/** A sub-application for the JSON API: validated by zod, documented by OpenAPI, bearer-authenticated. */
export function createApiApp<E extends Env>(): OpenAPIHono<E> {
  const api = new OpenAPIHono<E>({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return api;
}

export function openApiDocument<E extends Env>(app: OpenAPIHono<E>) {
  return app.getOpenAPI31Document(OPENAPI_INFO as Parameters<typeof app.getOpenAPI31Document>[0]);
}
