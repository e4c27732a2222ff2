import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

function csp(res: Response): Record<string, string> {
  const header = res.headers.get('content-security-policy') ?? '';
  return Object.fromEntries(header.split(';').map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name!, values.join(' ')]));
}

describe('the API reference page', () => {
  it('loads Scalar from this server under a CSP that allows inline styles on this page only', async () => {
    const res = await t.app.request('http://localhost/api/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    // Every script is served by tidings itself; none comes from a CDN.
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/api/docs/reference.js', '/assets/api-docs.js']);
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    const policy = csp(res);
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self' 'unsafe-inline'");
    expect(policy['connect-src']).toBe("'self'");
    expect(policy['font-src']).toBe("'self' data:");
    expect(policy['frame-ancestors']).toBe("'none'");
    // Without JavaScript the page still lists every operation.
    expect(html).toContain('<noscript>');
    expect(html).toContain('POST /api/v1/contact-points');

    // Every other page keeps the strict site-wide policy.
    for (const path of ['/login', '/api/openapi.json']) {
      const other = csp(await t.app.request(`http://localhost${path}`));
      expect(other['style-src'], path).toBe("'self'");
      expect(other['script-src'], path).toBe("'self'");
    }
  });

  it('serves the installed package’s standalone bundle and the script that mounts it', async () => {
    const res = await t.app.request('http://localhost/api/docs/reference.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const installed = readFileSync(createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'), 'utf8');
    expect(await res.text()).toBe(installed);

    const mount = await t.app.request('http://localhost/assets/api-docs.js');
    expect(mount.status).toBe(200);
    const source = await mount.text();
    expect(source).toContain('createApiReference');
    expect(source).toContain('withDefaultFonts: false');
  });
});
