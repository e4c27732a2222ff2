import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { invalid } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, Layout } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { getSetting, setSetting } from './queries.ts';

const SettingsSchema = z
  .object({
    allowSelfApproval: z.boolean().openapi({ description: 'An author may approve their own update (a team of one); every such approval is on the audit record' }),
    organisationName: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .refine((v) => !/[\r\n]/.test(v), 'must be on one line')
      .openapi({ description: 'Named in every email' }),
    tracking: z.boolean().openapi({ description: 'Show opens and clicks from provider events (default off)' }),
    promiseReminderHours: z
      .number()
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1 hour')
      .max(336, 'must be at most 336 hours (two weeks)')
      .openapi({ description: 'How many hours before a promised next-update date the situation\'s officers are reminded (default 24)' }),
    quietHours: z
      .object({
        daytimeStart: z.number().int('must be a whole hour').min(0, 'must be from 0 to 23').max(23, 'must be from 0 to 23'),
        daytimeEnd: z.number().int('must be a whole hour').min(1, 'must be from 1 to 24').max(24, 'must be from 1 to 24'),
      })
      .refine((w) => w.daytimeEnd > w.daytimeStart, { message: 'the daytime window must end after it starts', path: ['daytimeEnd'] })
      .openapi({ description: "Updates marked for quiet hours reach each customer between these local hours (start inclusive, end exclusive; default 8–20) in the customer's own time zone" }),
  })
  .openapi('Settings');
type Settings = z.infer<typeof SettingsSchema>;

async function readSettings(db: Db): Promise<Settings> {
  return {
    allowSelfApproval: await getSetting(db, 'allow_self_approval'),
    organisationName: await getSetting(db, 'organisation_name'),
    tracking: await getSetting(db, 'tracking'),
    promiseReminderHours: await getSetting(db, 'promise_reminder_hours'),
    quietHours: { daytimeStart: await getSetting(db, 'daytime_start'), daytimeEnd: await getSetting(db, 'daytime_end') },
  };
}

/** Changes what differs, one audited entry per setting. */
async function writeSettings(db: Db, actor: Actor, input: Partial<Settings>): Promise<Settings> {
  const current = await readSettings(db);
  if (input.allowSelfApproval !== undefined && input.allowSelfApproval !== current.allowSelfApproval) await setSetting(db, actor, 'allow_self_approval', input.allowSelfApproval);
  if (input.organisationName !== undefined && input.organisationName !== current.organisationName) await setSetting(db, actor, 'organisation_name', input.organisationName);
  if (input.tracking !== undefined && input.tracking !== current.tracking) await setSetting(db, actor, 'tracking', input.tracking);
  if (input.promiseReminderHours !== undefined && input.promiseReminderHours !== current.promiseReminderHours) await setSetting(db, actor, 'promise_reminder_hours', input.promiseReminderHours);
  if (input.quietHours && input.quietHours.daytimeStart !== current.quietHours.daytimeStart) await setSetting(db, actor, 'daytime_start', input.quietHours.daytimeStart);
  if (input.quietHours && input.quietHours.daytimeEnd !== current.quietHours.daytimeEnd) await setSetting(db, actor, 'daytime_end', input.quietHours.daytimeEnd);
  return readSettings(db);
}

export function settingsApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/settings', async (c, next) => requirePermission(c.req.method === 'GET' ? 'read' : 'settings:manage')(c, next));
  api.openapi(
    createRoute({ method: 'get', path: '/settings', tags: ['Settings'], summary: 'Organisation settings', security: [{ bearer: [] }], responses: { 200: jsonBody(SettingsSchema, 'Current settings'), ...errorResponses } }),
    async (c) => c.json(await readSettings(c.get('deps').db), 200),
  );
  api.openapi(
    createRoute({
      method: 'patch',
      path: '/settings',
      tags: ['Settings'],
      summary: 'Change settings (admin); each change is audited',
      security: [{ bearer: [] }],
      request: { body: { content: { 'application/json': { schema: SettingsSchema.partial().strict() } }, required: true } },
      responses: { 200: jsonBody(SettingsSchema, 'Settings after the change'), ...errorResponses },
    }),
    async (c) => c.json(await writeSettings(c.get('deps').db, c.get('actor'), c.req.valid('json')), 200),
  );
}

export function settingsPages(app: Hono<AppEnv>): void {
  app.use('/settings', requirePermission('settings:manage'));
  const page = async (c: Context<AppEnv>, flash?: string, error?: string) => {
    const s = await readSettings(c.get('deps').db);
    return c.html(
      <Layout title="Settings" user={c.get('user')} csrfToken={c.get('csrfToken')} section="settings" flash={flash}>
        <h1>Settings</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/settings" class="stack card">
          <CsrfField token={c.get('csrfToken')} />
          <div>
            <label for="s-org">Organisation name</label>
            <p class="hint" id="s-org-hint">
              Named in every email.
            </p>
            <input id="s-org" name="organisationName" type="text" required maxlength={120} value={s.organisationName} aria-describedby="s-org-hint" />
          </div>
          <div>
            <input id="s-self" name="allowSelfApproval" type="checkbox" value="on" checked={s.allowSelfApproval} aria-describedby="s-self-hint" />
            <label for="s-self">Allow authors to approve their own updates</label>
            <p class="hint" id="s-self-hint">
              Only for a team of one. Four eyes is the rule; every self-approval is on the audit record.
            </p>
          </div>
          <div>
            <input id="s-track" name="tracking" type="checkbox" value="on" checked={s.tracking} aria-describedby="s-track-hint" />
            <label for="s-track">Show opens and clicks</label>
            <p class="hint" id="s-track-hint">
              Off by default: a crisis message is not a marketing campaign.
            </p>
          </div>
          <div>
            <label for="s-remind">Remind officers before a promised update (hours)</label>
            <p class="hint" id="s-remind-hint">
              A whole number from 1 to 336. The officers of a situation get an email this long before the date an update promised, and again if the date passes.
            </p>
            <input id="s-remind" name="promiseReminderHours" type="number" required min={1} max={336} step={1} value={String(s.promiseReminderHours)} aria-describedby="s-remind-hint" />
          </div>
          <fieldset>
            <legend>Quiet hours: the daytime window</legend>
            <p class="hint" id="s-day-hint">
              An update marked for quiet hours reaches each customer between these hours on their own clock; anyone outside them at release gets it when the window next opens.
            </p>
            <div class="grid">
              <div>
                <label for="s-day-start">From (hour, 0–23)</label>
                <input id="s-day-start" name="daytimeStart" type="number" required min={0} max={23} step={1} value={String(s.quietHours.daytimeStart)} aria-describedby="s-day-hint" />
              </div>
              <div>
                <label for="s-day-end">Until (hour, 1–24)</label>
                <input id="s-day-end" name="daytimeEnd" type="number" required min={1} max={24} step={1} value={String(s.quietHours.daytimeEnd)} aria-describedby="s-day-hint" />
              </div>
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit">Save settings</button>
          </div>
        </form>
      </Layout>,
    );
  };
  app.get('/settings', (c) => page(c));
  app.post('/settings', async (c) => {
    const form = await c.req.parseBody();
    // A form without the hours field (an older page still open) leaves the setting as it is.
    const hours = typeof form['promiseReminderHours'] === 'string' && form['promiseReminderHours'].trim() !== '' ? Number(form['promiseReminderHours']) : undefined;
    const hour = (k: string) => (typeof form[k] === 'string' && form[k].trim() !== '' ? Number(form[k]) : undefined);
    const start = hour('daytimeStart');
    const end = hour('daytimeEnd');
    const parsed = SettingsSchema.partial({ promiseReminderHours: true, quietHours: true }).safeParse({
      organisationName: String(form['organisationName'] ?? ''),
      allowSelfApproval: form['allowSelfApproval'] === 'on',
      tracking: form['tracking'] === 'on',
      promiseReminderHours: hours,
      quietHours: start === undefined && end === undefined ? undefined : { daytimeStart: start, daytimeEnd: end },
    });
    if (!parsed.success) {
      c.status(400);
      const issue = parsed.error.issues[0]!;
      const field = issue.path[0] === 'promiseReminderHours' ? 'reminder time' : issue.path[0] === 'quietHours' ? `quiet hours ${issue.path[1] === 'daytimeStart' ? 'from' : 'until'}:` : 'organisation name';
      const message = issue.path[0] === 'promiseReminderHours' && !Number.isFinite(hours) ? 'must be a whole number of hours' : issue.message;
      return page(c, undefined, invalid(`${field} ${message}`).message);
    }
    await writeSettings(c.get('deps').db, c.get('actor'), parsed.data);
    return page(c, 'Settings saved.');
  });
}
