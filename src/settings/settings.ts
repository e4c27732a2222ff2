import { z } from 'zod';
import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { getSetting, setSetting } from './queries.ts';

/** What an admin may set, with the rules each value must meet; the API documents them, the settings page fills them from its form. */
export const settingsFields = {
  allowSelfApproval: z.boolean(),
  organisationName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine((v) => !/[\r\n]/.test(v), 'must be on one line'),
  tracking: z.boolean(),
  requireTwoFactor: z.enum(['off', 'admins', 'everyone'], { error: 'must be off, admins or everyone' }),
  promiseReminderHours: z.number().int('must be a whole number of hours').min(1, 'must be at least 1 hour').max(336, 'must be at most 336 hours (two weeks)'),
  quietHours: z
    .object({
      daytimeStart: z.number().int('must be a whole hour').min(0, 'must be from 0 to 23').max(23, 'must be from 0 to 23'),
      daytimeEnd: z.number().int('must be a whole hour').min(1, 'must be from 1 to 24').max(24, 'must be from 1 to 24'),
    })
    .refine((w) => w.daytimeEnd > w.daytimeStart, { message: 'the daytime window must end after it starts', path: ['daytimeEnd'] }),
};

const settingsSchema = z.object(settingsFields);
export type Settings = z.infer<typeof settingsSchema>;

export async function readSettings(db: Db): Promise<Settings> {
  return {
    allowSelfApproval: await getSetting(db, 'allow_self_approval'),
    organisationName: await getSetting(db, 'organisation_name'),
    tracking: await getSetting(db, 'tracking'),
    requireTwoFactor: await getSetting(db, 'require_two_factor'),
    promiseReminderHours: await getSetting(db, 'promise_reminder_hours'),
    quietHours: { daytimeStart: await getSetting(db, 'daytime_start'), daytimeEnd: await getSetting(db, 'daytime_end') },
  };
}

/** Changes what differs, one audited entry per setting. */
export async function writeSettings(db: Db, actor: Actor, input: Partial<Settings>): Promise<Settings> {
  const current = await readSettings(db);
  if (input.allowSelfApproval !== undefined && input.allowSelfApproval !== current.allowSelfApproval) await setSetting(db, actor, 'allow_self_approval', input.allowSelfApproval);
  if (input.organisationName !== undefined && input.organisationName !== current.organisationName) await setSetting(db, actor, 'organisation_name', input.organisationName);
  if (input.tracking !== undefined && input.tracking !== current.tracking) await setSetting(db, actor, 'tracking', input.tracking);
  if (input.requireTwoFactor !== undefined && input.requireTwoFactor !== current.requireTwoFactor) await setSetting(db, actor, 'require_two_factor', input.requireTwoFactor);
  if (input.promiseReminderHours !== undefined && input.promiseReminderHours !== current.promiseReminderHours) await setSetting(db, actor, 'promise_reminder_hours', input.promiseReminderHours);
  if (input.quietHours && input.quietHours.daytimeStart !== current.quietHours.daytimeStart) await setSetting(db, actor, 'daytime_start', input.quietHours.daytimeStart);
  if (input.quietHours && input.quietHours.daytimeEnd !== current.quietHours.daytimeEnd) await setSetting(db, actor, 'daytime_end', input.quietHours.daytimeEnd);
  return readSettings(db);
}

/**
 * The settings form's values, checked by the same rules as the API. A form
 * without the hours fields (an older page still open) leaves those settings
 * as they are. Refuses with `validation_failed`, naming the field as the page
 * labels it.
 */
export function settingsFromForm(form: Record<string, unknown>): Partial<Settings> {
  const number = (k: string) => (typeof form[k] === 'string' && form[k].trim() !== '' ? Number(form[k]) : undefined);
  const hours = number('promiseReminderHours');
  const start = number('daytimeStart');
  const end = number('daytimeEnd');
  const parsed = settingsSchema.partial({ promiseReminderHours: true, quietHours: true, requireTwoFactor: true }).safeParse({
    organisationName: String(form['organisationName'] ?? ''),
    allowSelfApproval: form['allowSelfApproval'] === 'on',
    tracking: form['tracking'] === 'on',
    requireTwoFactor: typeof form['requireTwoFactor'] === 'string' ? form['requireTwoFactor'] : undefined,
    promiseReminderHours: hours,
    quietHours: start === undefined && end === undefined ? undefined : { daytimeStart: start, daytimeEnd: end },
  });
  if (parsed.success) return parsed.data;
  throw AppError.localized('validation_failed', formRefusal(parsed.error.issues[0]!));
}

/** The form's refusal for a broken rule: one whole sentence per field and rule, as the page labels the field. */
function formRefusal(issue: { path: readonly PropertyKey[]; code: string }): PlainKey {
  const outOfRange = issue.code === 'too_small' || issue.code === 'too_big';
  switch (issue.path[0]) {
    case 'organisationName':
      return issue.code === 'too_small' ? 'settings.organisationNameEmpty' : issue.code === 'too_big' ? 'settings.organisationNameTooLong' : 'settings.organisationNameOneLine';
    case 'requireTwoFactor':
      return 'settings.twoFactorChoice';
    case 'promiseReminderHours':
      return issue.code === 'too_small' ? 'settings.reminderTooShort' : issue.code === 'too_big' ? 'settings.reminderTooLong' : 'settings.reminderWhole';
    default:
      // quietHours: the window's order is the object's own rule (a custom issue on daytimeEnd).
      if (issue.code === 'custom') return 'settings.daytimeOrder';
      if (issue.path[1] === 'daytimeStart') return outOfRange ? 'settings.daytimeStartRange' : 'settings.daytimeStartWhole';
      return outOfRange ? 'settings.daytimeEndRange' : 'settings.daytimeEndWhole';
  }
}
