import type { ColumnType, Generated } from 'kysely';
import type { JsonColumn, JsonColumnWithDefault, JsonValue, NullableJsonColumn, NullableTimestamp, Timestamp } from '../columns.ts';
import type { Locale } from '../../config.ts';

/* Who uses tidings and whom it writes to: accounts, the audit log, contacts, segments, contact points, settings. */

export type Role = 'officer' | 'responder' | 'auditor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  /** The language of this person’s pages and of the emails sent to them (reminders, audit anchors). */
  locale: Generated<string>;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: NullableTimestamp;
}

/** A user's enrolled (or enrolling) authenticator: the TOTP secret, sealed with a key the database does not hold. */
export interface UserTwoFactorTable {
  user_id: number;
  secret_sealed: string;
  confirmed_at: NullableTimestamp;
  last_step: Generated<number>;
  failed_codes: Generated<number>;
  locked_until: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface UserRecoveryCodesTable {
  user_id: number;
  code_hash: string;
  used_at: NullableTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
}

/** Failed sign-ins per scope and keyed hash (migration 0011, src/auth/login-throttle.ts). */
export interface SignInFailuresTable {
  scope: 'account' | 'address' | 'pair';
  key: string;
  failures: number;
  first_failed_at: Timestamp;
  last_failed_at: Timestamp;
  blocked_until: NullableTimestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Generated<Date>;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor: string;
  actor_user_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: JsonColumnWithDefault<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
  /** How the hash was made: 'sha256' before migration 0014, 'hmac-sha256' (keyed) since. */
  scheme: 'sha256' | 'hmac-sha256';
}

/** A member of a grouped audit entry (migration 0020): see src/audit/group.ts. */
export interface AuditMembersTable {
  id: Generated<number>;
  group_key: string;
  position: number;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: JsonColumnWithDefault<Record<string, unknown>>;
  hash: string;
}

export interface ContactsTable {
  id: Generated<number>;
  email: string;
  email_lower: ColumnType<string, never, never>;
  name: Generated<string>;
  locale: Generated<string>;
  timezone: Generated<string>;
  attributes: JsonColumnWithDefault<Record<string, unknown>>;
  unsubscribed_at: NullableTimestamp;
  erased_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SuppressionsTable {
  email_lower: string;
  reason: 'bounced' | 'complained' | 'manual';
  source: string | null;
  created_at: Generated<Date>;
}

export interface SegmentsTable {
  id: Generated<number>;
  name: string;
  kind: 'rule' | 'list';
  /** Parsed and checked by its readers (segments/rule.ts). */
  rule: NullableJsonColumn<JsonValue>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  archived_at: NullableTimestamp;
  /** Moves on with every change to the rule or the member list; approvals record it. */
  audience_version: Generated<number>;
}

export interface SegmentMembersTable {
  segment_id: number;
  contact_id: number;
}

export interface ContactPointsTable {
  id: Generated<number>;
  name: string;
  role: string;
  /** The role in other languages, keyed by locale; a language without one reads `role`. */
  roles: JsonColumnWithDefault<Partial<Record<Locale, string>>>;
  email: string;
  phone: string;
  working_hours: string | null;
  user_id: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export interface SettingsTable {
  key: string;
  /** Each key's value has its own shape (settings/queries.ts). */
  value: JsonColumn<JsonValue>;
  updated_at: Generated<Date>;
}

/** The daily anchor emailed to each auditor (src/audit/anchor-mail.ts). */
export interface AuditAnchorEmailsTable {
  id: Generated<number>;
  /** The UTC day; written and compared as YYYY-MM-DD (pg reads a date back as a Date). */
  day: ColumnType<Date | string, string, never>;
  user_id: number;
  seq: number;
  hash: string;
  intact: boolean;
  created_at: Generated<Date>;
  sent_at: Date | null;
  provider_id: string | null;
  last_error: string | null;
}
