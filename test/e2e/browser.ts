import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createApp } from '../../src/web.ts';
import { useTestApp, type TestContext } from '../helpers/app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserContext extends TestContext {
  browser: Browser;
  baseUrl: string;
  newPage(): Promise<Page>;
}

/** A real HTTP server for the app and a headless Debian Chromium, per test file. */
export function useBrowser(configOverrides: Partial<Config> = {}): BrowserContext {
  const ctx = useTestApp(configOverrides) as BrowserContext;
  let server: ServerType;
  beforeAll(async () => {
    const app = createApp(ctx.deps);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const address = server.address();
    ctx.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    ctx.deps.config.publicUrl = ctx.baseUrl;
    // launch() gives every browser a fresh temporary profile of its own.
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    ctx.newPage = async () => {
      const context = await ctx.browser.newContext({ baseURL: ctx.baseUrl });
      return context.newPage();
    };
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return ctx;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core for WCAG 2.2 A/AA on the page and fails with the violations listed. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP stays as strict as in production.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations, `accessibility violations on ${page.url()}`).toEqual([]);
}
