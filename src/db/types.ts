import type { Insertable, Selectable } from 'kysely';
import type { ConversationsTable, FollowUpFlagsTable, InboundUnmatchedTable, MessagesTable, PortalAttemptsTable } from './tables/conversations.ts';
import type { ApiTokensTable, AuditAnchorEmailsTable, AuditLogTable, AuditMembersTable, ContactPointsTable, ContactsTable, SegmentMembersTable, SegmentsTable, SessionsTable, SettingsTable, SignInFailuresTable, SuppressionsTable, UserRecoveryCodesTable, UsersTable, UserTwoFactorTable } from './tables/people.ts';
import type { DeliveriesTable, DeliveryEventsTable, OutboxMessagesTable, RateLimitsTable, SendBatchesTable, SituationUnsubscribesTable } from './tables/sending.ts';
import type { IdempotencyKeysTable } from './tables/idempotency.ts';
import type { PromiseRemindersTable, PromisesTable, SituationsTable, UpdateEditorsTable, UpdateSegmentsTable, UpdatesTable } from './tables/updates.ts';

/*
 * The database as Kysely sees it. Each table's columns are declared in
 * tables/, grouped by what they hold; jsonb columns carry the shape stored in
 * them (columns.ts), so readers need no casts.
 */

export type { JsonValue } from './columns.ts';
export type * from './tables/conversations.ts';
export type * from './tables/idempotency.ts';
export type * from './tables/people.ts';
export type * from './tables/sending.ts';
export type * from './tables/updates.ts';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  user_two_factor: UserTwoFactorTable;
  user_recovery_codes: UserRecoveryCodesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_members: AuditMembersTable;
  audit_anchor_emails: AuditAnchorEmailsTable;
  contacts: ContactsTable;
  suppressions: SuppressionsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  contact_points: ContactPointsTable;
  settings: SettingsTable;
  situations: SituationsTable;
  updates: UpdatesTable;
  update_segments: UpdateSegmentsTable;
  update_editors: UpdateEditorsTable;
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
  idempotency_keys: IdempotencyKeysTable;
}

export type User = Selectable<UsersTable>;
export type Contact = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type Segment = Selectable<SegmentsTable>;
export type ContactPoint = Selectable<ContactPointsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type AuditMember = Selectable<AuditMembersTable>;
export type Situation = Selectable<SituationsTable>;
export type Update = Selectable<UpdatesTable>;
export type Delivery = Selectable<DeliveriesTable>;
export type OutboxMessage = Selectable<OutboxMessagesTable>;
