import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Locale } from '../config.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/**
 * A jsonb column: read as the shape stored in it, written as JSON text
 * (`JSON.stringify(value)`, or a `sql` expression). Text, not the object:
 * node-postgres would send a JavaScript array as a PostgreSQL array.
 */
type JsonColumn<T> = ColumnType<T, string, string>;
/** A jsonb column with a default: it may be left out of an insert. */
type JsonColumnWithDefault<T> = ColumnType<T, string | undefined, string>;
type NullableJsonColumn<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Anything JSON.parse can give back: a column whose shape its readers check themselves. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An update's text in each language it is written in. */
export type UpdateContent = Partial<Record<Locale, { subject: string; body: string }>>;

/** What a release fixes for every recipient of an update: kept on each delivery, so a later edit never changes what was sent. */
export interface ReleaseSnapshot {
  organisation: string;
  situationTitle: string;
  updateNumber: number;
  contactPoint: { id: number; name: string; role: string; email: string; phone: string };
}

/** A tag on an outgoing email (the provider reports it back on every event). */
export interface EmailTag {
  name: string;
  value: string;
}
export type Role = 'officer' | 'responder' | 'auditor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  /** The language of emails to this person (promise reminders). */
  locale: Generated<string>;
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
  details: JsonColumnWithDefault<Record<string, unknown>>;
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
  /** Each key's value has its own shape (settings/queries.ts). */
  value: JsonColumn<JsonValue>;
  updated_at: Generated<Date>;
}

export type UpdateStatus = 'draft' | 'pending_approval' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'delivery_delayed' | 'bounced' | 'complained' | 'failed' | 'suppressed' | 'excluded';
export type AckKind = 'apology' | 'thanks' | 'both';

export interface SituationsTable {
  id: Generated<number>;
  title: string;
  summary: Generated<string>;
  status: Generated<'open' | 'resolved'>;
  created_by: number | null;
  created_at: Generated<Date>;
  resolved_at: NullableTimestamp;
}

export interface UpdatesTable {
  id: Generated<number>;
  situation_id: number;
  number: number | null;
  status: Generated<UpdateStatus>;
  author_id: number | null;
  approved_by: number | null;
  approved_at: NullableTimestamp;
  self_approved: Generated<boolean>;
  contact_point_id: number | null;
  ack_kind: AckKind | null;
  ack_text: Generated<string>;
  next_update_at: NullableTimestamp;
  final: Generated<boolean>;
  default_locale: Generated<string>;
  content: JsonColumnWithDefault<UpdateContent>;
  send_at: NullableTimestamp;
  released_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  release_snapshot: NullableJsonColumn<ReleaseSnapshot>;
  claim_cursor: Generated<number>;
  version: Generated<number>;
  quiet_hours: Generated<boolean>;
  /** The local daytime window copied at release: hours, start inclusive, end exclusive. */
  daytime_start: number | null;
  daytime_end: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type PromiseState = 'open' | 'overdue' | 'kept' | 'broken';

export interface PromisesTable {
  id: Generated<number>;
  situation_id: number;
  update_id: number;
  due_at: Timestamp;
  recipients: Generated<number>;
  state: Generated<PromiseState>;
  kept_by_update_id: number | null;
  reached: Generated<number>;
  reminded_at: NullableTimestamp;
  overdue_reminded_at: NullableTimestamp;
  settled_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface PortalAttemptsTable {
  key: string;
  at: Timestamp;
}

export interface PromiseRemindersTable {
  id: Generated<number>;
  promise_id: number;
  kind: 'due_soon' | 'overdue';
  /** Checked by its reader (promises/reminders.ts). */
  recipients: JsonColumnWithDefault<JsonValue>;
  claimed_until: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface UpdateSegmentsTable {
  update_id: number;
  segment_id: number;
}

export interface SendBatchesTable {
  id: Generated<number>;
  update_id: number;
  status: Generated<'open' | 'done'>;
  member_ids: number[];
  size: Generated<number>;
  attempts: Generated<number>;
  worker: string | null;
  lease_until: Generated<Date>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: Generated<Date>;
  done_at: NullableTimestamp;
}

export interface DeliveriesTable {
  id: Generated<number>;
  update_id: number;
  contact_id: number;
  email: string;
  name: string;
  locale: string;
  timezone: string;
  contact_point_id: number | null;
  promised_at: NullableTimestamp;
  status: DeliveryStatus;
  reason: string | null;
  provider_id: string | null;
  batch_id: number | null;
  idempotency_key: string;
  subject: string | null;
  body_hash: string | null;
  bounce_type: 'hard' | 'soft' | null;
  last_event_at: NullableTimestamp;
  /** Held for quiet hours until this time; null: at once. */
  not_before: NullableTimestamp;
  opened_at: NullableTimestamp;
  clicked_at: NullableTimestamp;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
  updated_at: Generated<Date>;
}

export interface DeliveryEventsTable {
  id: Generated<number>;
  provider_event_id: string;
  type: string;
  provider_email_id: string | null;
  delivery_id: number | null;
  occurred_at: Timestamp;
  received_at: Generated<Date>;
  /** The provider's event as received; its readers check the shape (deliveries/events.ts). */
  payload: JsonColumn<JsonValue>;
}

export interface SituationUnsubscribesTable {
  situation_id: number;
  contact_id: number;
  delivery_id: number | null;
  source: 'one-click' | 'page';
  created_at: Generated<Date>;
}

export interface RateLimitsTable {
  name: string;
  next_slot: Timestamp;
}

export interface OutboxMessagesTable {
  id: string;
  idempotency_key: string | null;
  to_address: string;
  from_address: string;
  reply_to: string | null;
  subject: string;
  html: string;
  text: string;
  headers: JsonColumnWithDefault<Record<string, string>>;
  tags: JsonColumnWithDefault<EmailTag[]>;
  test: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ConversationsTable {
  id: Generated<number>;
  contact_id: number;
  situation_id: number;
  update_id: number | null;
  contact_point_id: number | null;
  status: Generated<'open' | 'answered' | 'closed'>;
  last_customer_message_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  direction: 'in' | 'out';
  channel: 'email' | 'portal';
  classification: Generated<'human' | 'auto_reply' | 'bounce'>;
  from_address: string;
  to_address: string;
  subject: Generated<string>;
  text: Generated<string>;
  visible_text: Generated<string>;
  html: string | null;
  provider_id: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  references_ids: string | null;
  reply_to: string | null;
  author_user_id: number | null;
  created_at: Generated<Date>;
}

export interface InboundUnmatchedTable {
  id: Generated<number>;
  provider_email_id: string;
  to_address: string;
  from_address: string;
  subject: Generated<string>;
  reason: string;
  /** The provider's event as received; its readers check the shape (deliveries/events.ts). */
  payload: JsonColumn<JsonValue>;
  received_at: Generated<Date>;
  handled_at: NullableTimestamp;
  handled_by: number | null;
}

export interface FollowUpFlagsTable {
  id: Generated<number>;
  contact_id: number;
  conversation_id: number | null;
  note: string;
  flagged_by: number | null;
  created_at: Generated<Date>;
  resolved_at: NullableTimestamp;
  resolved_by: number | null;
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
  situations: SituationsTable;
  updates: UpdatesTable;
  update_segments: UpdateSegmentsTable;
  send_batches: SendBatchesTable;
  deliveries: DeliveriesTable;
  rate_limits: RateLimitsTable;
  outbox_messages: OutboxMessagesTable;
  delivery_events: DeliveryEventsTable;
  situation_unsubscribes: SituationUnsubscribesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  inbound_unmatched: InboundUnmatchedTable;
  follow_up_flags: FollowUpFlagsTable;
  promises: PromisesTable;
  promise_reminders: PromiseRemindersTable;
  portal_attempts: PortalAttemptsTable;
}

export type User = Selectable<UsersTable>;
export type Contact = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type Segment = Selectable<SegmentsTable>;
export type ContactPoint = Selectable<ContactPointsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Situation = Selectable<SituationsTable>;
export type Update = Selectable<UpdatesTable>;
export type Delivery = Selectable<DeliveriesTable>;
export type OutboxMessage = Selectable<OutboxMessagesTable>;
