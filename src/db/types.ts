import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json = ColumnType<unknown, string | unknown, string | unknown>;
export type Role = 'officer' | 'responder' | 'auditor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: NullableTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_seen_at: Generated<Date>;
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
  details: Json;
  prev_hash: string;
  hash: string;
}

export interface ContactsTable {
  id: Generated<number>;
  email: string;
  email_lower: ColumnType<string, never, never>;
  name: Generated<string>;
  locale: Generated<string>;
  timezone: Generated<string>;
  attributes: Json;
  unsubscribed_at: NullableTimestamp;
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
  rule: Json | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  archived_at: NullableTimestamp;
}

export interface SegmentMembersTable {
  segment_id: number;
  contact_id: number;
}

export interface ContactPointsTable {
  id: Generated<number>;
  name: string;
  role: string;
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
  value: Json;
  updated_at: Generated<Date>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  contacts: ContactsTable;
  suppressions: SuppressionsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  contact_points: ContactPointsTable;
  settings: SettingsTable;
}

export type User = Selectable<UsersTable>;
export type Contact = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type Segment = Selectable<SegmentsTable>;
export type ContactPoint = Selectable<ContactPointsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
