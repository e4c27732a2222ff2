import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Context } from 'hono';
import { HtmlDocument } from './layout.tsx';
import { t, tr } from '../../i18n/current.ts';

interface OpenApiDoc {
  info: { title: string };
  paths?: Record<string, object>;
}

/** Where the reference's script is served: from the installed package, by tidings itself, never from a CDN. */
export const API_REFERENCE_SCRIPT = '/api/docs/reference.js';

/**
 * The reference page's own CSP. Scalar's bundle injects its styles at run time,
 * so this page (and only this page) allows inline styles; scripts, requests,
 * fonts and images stay on this server, as on every other page.
 */
export const API_DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const SCALAR_BUNDLE = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
let bundle: string | undefined;

/** Scalar's self-contained browser bundle (3.5 MB), read once on first request. */
export function apiReferenceScript(c: Context) {
  bundle ??= readFileSync(SCALAR_BUNDLE, 'utf8');
  return c.body(bundle, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
}

/**
 * The API reference: Scalar renders the live OpenAPI document (navigation by tag,
 * request and response schemas, Markdown descriptions, "try it" against this
 * server); /assets/api-docs.js mounts it. Without JavaScript the page still lists
 * every operation and links the machine-readable document.
 */
export function apiDocsPage(c: Context, doc: OpenApiDoc) {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods as Record<string, { summary?: string }>).map(([method, op]) => ({ path, method: method.toUpperCase(), summary: op.summary })));
  const page = (
    <HtmlDocument lang={tr().locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('shell.apiDocsTitle', { title: doc.info.title })}</title>
        <script src={API_REFERENCE_SCRIPT} defer></script>
        <script src="/assets/api-docs.js" defer></script>
      </head>
      <body>
        <noscript>
          <h1>{doc.info.title}</h1>
          <p>
            {tr()
              .parts('shell.apiDocsNoScript')
              .map((part) => (typeof part === 'string' ? part : <a href="/api/openapi.json">/api/openapi.json</a>))}
          </p>
          <ul>
            {ops.map((o) => (
              <li>
                {o.method} {o.path}
                {o.summary ? ` — ${o.summary}` : ''}
              </li>
            ))}
          </ul>
        </noscript>
        {/* Not id="api-reference": the bundle would mount a second, unconfigured reference there by itself. */}
        <div id="api-reference-root" data-document="/api/openapi.json"></div>
      </body>
    </HtmlDocument>
  );
  return c.html(page, 200, { 'content-security-policy': API_DOCS_CSP });
}
