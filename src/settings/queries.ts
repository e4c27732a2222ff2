import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import { stamped, type Stamp } from '../clock.ts';

/** Settings an admin may change, with their defaults. */
export const SETTINGS = {
  /** Rule 8 relaxed for a team of one: an author may approve their own update. Audited. */
  allow_self_approval: false as boolean,
  /** Shown as the sender organisation in every email. */
  organisation_name: 'tidings' as string,
  /** Show opens and clicks from provider events. Off: a crisis message is not a marketing campaign. */
  tracking: false as boolean,
  /** How long before a promised next-update date the situation's officers are reminded (whole hours, 1–336). */
  promise_reminder_hours: 24 as number,
  /** Quiet hours: the local daytime window (start hour inclusive, end hour exclusive) an update marked for it is sent in. */
  daytime_start: 8 as number,
  daytime_end: 20 as number,
  /** Who must sign in with a second factor (a one-time code): nobody, admins, or everyone. */
  require_two_factor: 'off' as 'off' | 'admins' | 'everyone',
};
export type SettingKey = keyof typeof SETTINGS;

export async function getSetting<K extends SettingKey>(db: DbOrTx, key: K): Promise<(typeof SETTINGS)[K]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return (row?.value ?? SETTINGS[key]) as (typeof SETTINGS)[K];
}

export async function setSetting<K extends SettingKey>(db: Db, actor: Actor, key: K, value: (typeof SETTINGS)[K], options: Stamp = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), ...stamped(options.now, 'updated_at') })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: options.now ?? new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'setting.change', subjectType: 'setting', subjectId: key, details: { value }, at: options.now });
  });
}
