import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { showRefusal } from '../http/errors.tsx';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { readSettings, settingsFields, settingsFromForm, writeSettings } from './settings.ts';
import { SettingsPage } from './settings-page.tsx';
import { t } from '../../i18n/current.ts';

const SettingsSchema = z
  .object({
    allowSelfApproval: settingsFields.allowSelfApproval.openapi({ description: 'An author may approve their own update (a team of one); every such approval is on the audit record' }),
    organisationName: settingsFields.organisationName.openapi({ description: 'Named in every email' }),
    tracking: settingsFields.tracking.openapi({ description: 'Show opens and clicks from provider events (default off)' }),
    requireTwoFactor: settingsFields.requireTwoFactor.openapi({ description: 'Who must sign in to the pages with a one-time code after the password: off, admins or everyone (default off). API tokens are not affected.' }),
    promiseReminderHours: settingsFields.promiseReminderHours.openapi({ description: 'How many hours before a promised next-update date the situation\'s officers are reminded (default 24)' }),
    quietHours: settingsFields.quietHours.openapi({
      description: "Updates marked for quiet hours reach each customer between these local hours (start inclusive, end exclusive; default 8–20) in the customer's own time zone",
    }),
  })
  .openapi('Settings');

export function settingsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/settings',
      tags: ['Settings'],
      summary: 'Organisation settings',
      security: [{ bearer: [] }],
      middleware: [allow('read')] as const,
      responses: { 200: jsonBody(SettingsSchema, 'Current settings'), ...errorResponses },
    }),
    async (c) => c.json(await readSettings(c.get('deps').db), 200),
  );
  api.openapi(
    createRoute({
      method: 'patch',
      path: '/settings',
      tags: ['Settings'],
      summary: 'Change settings (admin); each change is audited',
      security: [{ bearer: [] }],
      middleware: [allow('settings:manage')] as const,
      request: { body: { content: { 'application/json': { schema: SettingsSchema.partial().strict() } }, required: true } },
      responses: { 200: jsonBody(SettingsSchema, 'Settings after the change'), ...errorResponses },
    }),
    async (c) => c.json(await writeSettings(c.get('deps').db, c.get('actor'), c.req.valid('json')), 200),
  );
}

async function settingsPage(c: Context<AppEnv>, extra: { flash?: string; error?: string } = {}) {
  const settings = await readSettings(c.get('deps').db);
  return c.html(<SettingsPage settings={settings} user={c.get('user')} csrfToken={c.get('csrfToken')} {...extra} />);
}

export function settingsPages(app: Hono<AppEnv>): void {
  app.get('/settings', allow('settings:manage'), (c) => settingsPage(c));
  app.post('/settings', allow('settings:manage'), async (c) => {
    try {
      await writeSettings(c.get('deps').db, c.get('actor'), settingsFromForm(await c.req.parseBody()));
      return settingsPage(c, { flash: t('settings.saved') });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed'], (refusal) => settingsPage(c, { error: refusal.message }));
    }
  });
}
