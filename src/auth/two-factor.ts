import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db, DbOrTx } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { hmac } from '../secrets.ts';
import { getSetting } from '../settings/queries.ts';

/**
 * Two-factor sign-in with time-based one-time codes (RFC 6238: SHA-1, six
 * digits, 30-second steps, the defaults every authenticator app reads from an
 * otpauth:// link). The shared secret is sealed with AES-256-GCM under a key
 * derived from TIDINGS_SECRET, so a copy of the database alone cannot make
 * codes. A code is accepted one step early or late, and never twice.
 */

const ISSUER = 'tidings';
const RECOVERY_CODES = 10;
const MAX_FAILED_CODES = 5;
const LOCK_MINUTES = 15;

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'tidings', 'two-factor secret', 32));
}

function seal(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function unseal(secret: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

function totp(base32: string, email: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32) });
}

const recoveryHash = (secret: string, code: string) => hmac(secret, `recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);

/** Ten codes like "k3m9-x2p4-q8r7", each good for one sign-in without the phone. */
function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export interface TwoFactorState {
  enrolled: boolean;
  /** The setting asks this person's role for a second factor. */
  required: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorState(db: DbOrTx, user: Pick<User, 'id' | 'role'>): Promise<TwoFactorState> {
  const [row, setting, left] = await Promise.all([
    db.selectFrom('user_two_factor').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst(),
    getSetting(db, 'require_two_factor'),
    db.selectFrom('user_recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', user.id).where('used_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { enrolled: Boolean(row?.confirmed_at), required: setting === 'everyone' || (setting === 'admins' && user.role === 'admin'), recoveryCodesLeft: Number(left.n) };
}

export interface Enrolment {
  /** For typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The same link as a QR code, an SVG drawn on the server. */
  qrSvg: string;
}

/** Starts (or restarts) setting up an authenticator; nothing changes for sign-in until a code confirms it. */
export async function startEnrolment(db: Db, key: string, user: Pick<User, 'id' | 'email'>): Promise<Enrolment> {
  const existing = await db.selectFrom('user_two_factor').select('confirmed_at').where('user_id', '=', user.id).executeTakeFirst();
  if (existing?.confirmed_at) throw AppError.localized('conflict', 'auth.alreadyEnrolled');
  const secret = new Secret({ size: 20 }).base32;
  await db
    .insertInto('user_two_factor')
    .values({ user_id: user.id, secret_sealed: seal(key, secret) })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: seal(key, secret), failed_codes: 0, locked_until: null, last_step: 0 }))
    .execute();
  const otpauthUri = totp(secret, user.email).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrSvg };
}

/** The enrolment being set up, for showing its QR code again. */
export async function pendingEnrolment(db: Db, key: string, user: Pick<User, 'id' | 'email'>): Promise<Enrolment | undefined> {
  const row = await db.selectFrom('user_two_factor').select(['secret_sealed', 'confirmed_at']).where('user_id', '=', user.id).executeTakeFirst();
  if (!row || row.confirmed_at) return undefined;
  const secret = unseal(key, row.secret_sealed);
  const otpauthUri = totp(secret, user.email).toString();
  return { secret, otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

/**
 * Checks a code against the user's authenticator (enrolled, or being enrolled
 * when `enrolling`), or against an unused recovery code. Counts failures: after
 * five, codes are refused for fifteen minutes. The caller holds a transaction.
 */
async function checkCode(tx: DbOrTx, key: string, user: Pick<User, 'id' | 'email'>, code: string, options: { enrolling: boolean; now: Date }): Promise<'code' | 'recovery'> {
  const row = await tx.selectFrom('user_two_factor').selectAll().where('user_id', '=', user.id).forUpdate().executeTakeFirst();
  if (!row || Boolean(row.confirmed_at) === options.enrolling) throw AppError.localized('conflict', options.enrolling ? 'auth.enrolFirst' : 'auth.notEnrolled');
  if (row.locked_until && row.locked_until > options.now) {
    const retryAfterSeconds = Math.ceil((row.locked_until.getTime() - options.now.getTime()) / 1000);
    throw AppError.localized('rate_limited', 'auth.tooManyCodes', { time: row.locked_until.toISOString().slice(11, 16) }).with({ retryAfterSeconds });
  }
  const typed = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(typed)) {
    const auth = totp(unseal(key, row.secret_sealed), user.email);
    const delta = auth.validate({ token: typed, timestamp: options.now.getTime(), window: 1 });
    const step = Math.floor(options.now.getTime() / 30_000) + (delta ?? 0);
    if (delta !== null && step > row.last_step) {
      await tx.updateTable('user_two_factor').set({ last_step: step, failed_codes: 0, locked_until: null }).where('user_id', '=', user.id).execute();
      return 'code';
    }
  } else if (!options.enrolling) {
    const used = await tx
      .updateTable('user_recovery_codes')
      .set({ used_at: options.now })
      .where('user_id', '=', user.id)
      .where('code_hash', '=', recoveryHash(key, typed))
      .where('used_at', 'is', null)
      .returning('code_hash')
      .executeTakeFirst();
    if (used) {
      await tx.updateTable('user_two_factor').set({ failed_codes: 0, locked_until: null }).where('user_id', '=', user.id).execute();
      return 'recovery';
    }
  }
  const failed = row.failed_codes + 1;
  await tx
    .updateTable('user_two_factor')
    .set({ failed_codes: failed >= MAX_FAILED_CODES ? 0 : failed, locked_until: failed >= MAX_FAILED_CODES ? new Date(options.now.getTime() + LOCK_MINUTES * 60_000) : row.locked_until })
    .where('user_id', '=', user.id)
    .execute();
  return Promise.reject(AppError.localized('unauthenticated', 'auth.wrongCode'));
}

/** Confirms the enrolment with a first code from the app; answers the ten recovery codes, shown once. */
export async function confirmEnrolment(db: Db, key: string, actor: Actor, user: Pick<User, 'id' | 'email'>, code: string, now = new Date()): Promise<string[]> {
  const codes = newRecoveryCodes();
  const outcome = await db.transaction().execute(async (tx) => {
    try {
      await checkCode(tx, key, user, code, { enrolling: true, now });
    } catch (err) {
      return err as AppError;
    }
    await tx.updateTable('user_two_factor').set({ confirmed_at: now }).where('user_id', '=', user.id).execute();
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', user.id).execute();
    await tx.insertInto('user_recovery_codes').values(codes.map((c) => ({ user_id: user.id, code_hash: recoveryHash(key, c) }))).execute();
    await recordAudit(tx, actor, { action: 'auth.two_factor_enrolled', subjectType: 'user', subjectId: user.id, details: { recoveryCodes: codes.length } });
    return undefined;
  });
  if (outcome) throw outcome;
  return codes;
}

/**
 * The second step of a sign-in: a code from the app or a recovery code. A
 * failure is counted (committed) before it is refused; a recovery code used is on
 * the record.
 */
export async function verifySecondFactor(db: Db, key: string, user: Pick<User, 'id' | 'email'>, code: string, meta: { ip?: string | undefined; now?: Date } = {}): Promise<void> {
  const now = meta.now ?? new Date();
  const refusal = await db.transaction().execute(async (tx) => {
    try {
      const how = await checkCode(tx, key, user, code, { enrolling: false, now });
      if (how === 'recovery') {
        await recordAudit(tx, { kind: 'user', userId: user.id, label: `user:${user.id} ${user.email}` }, { action: 'auth.recovery_code_used', subjectType: 'user', subjectId: user.id, details: { ip: meta.ip ?? null } });
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'unauthenticated') throw err;
      await recordAudit(tx, { kind: 'system', userId: null, label: 'system' }, { action: 'auth.two_factor_failed', subjectType: 'user', subjectId: user.id, details: { ip: meta.ip ?? null } });
      return err;
    }
  });
  if (refusal) throw refusal;
}

/** Turns two-factor sign-in off for a user: their own choice (with a valid code) or an admin's reset for a lost phone. */
export async function removeTwoFactor(db: Db, actor: Actor, userId: number, reason: 'turned_off' | 'reset'): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const removed = await tx.deleteFrom('user_two_factor').where('user_id', '=', userId).returning('user_id').executeTakeFirst();
    await tx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    if (removed) await recordAudit(tx, actor, { action: reason === 'reset' ? 'auth.two_factor_reset' : 'auth.two_factor_removed', subjectType: 'user', subjectId: userId });
    return Boolean(removed);
  });
}

/** A person turning their own second factor off proves it is them with a current code first. */
export async function turnOffTwoFactor(db: Db, key: string, actor: Actor, user: Pick<User, 'id' | 'email' | 'role'>, code: string): Promise<void> {
  if ((await twoFactorState(db, user)).required) throw AppError.localized('forbidden', 'auth.requiredStaysOn');
  await verifySecondFactor(db, key, user, code);
  await removeTwoFactor(db, actor, user.id, 'turned_off');
}

/** The CLI's reset for a lost phone, by email. */
export async function resetTwoFactor(db: Db, actor: Actor, email: string): Promise<boolean> {
  const user = await db.selectFrom('users').select('id').where(db.fn('lower', ['email']), '=', email.toLowerCase()).executeTakeFirst();
  if (!user) throw new AppError('not_found', `no user with the email ${email}`);
  return removeTwoFactor(db, actor, user.id, 'reset');
}
