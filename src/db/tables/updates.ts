import type { Generated } from 'kysely';
import type { Locale } from '../../config.ts';
import type { JsonColumnWithDefault, JsonValue, NullableJsonColumn, NullableTimestamp, Timestamp } from '../columns.ts';

/* Situations, their updates and the promises the updates make. */

/**
 * An update's text in each language it is written in. A language without an
 * acknowledgement of its own reads the update's `ack_text`.
 */
export type UpdateContent = Partial<Record<Locale, { subject: string; body: string; acknowledgement?: string }>>;

/** A text per language, keyed by locale (see src/languages.ts). */
type LanguageVariants = Partial<Record<Locale, string>>;

/** What a release fixes for every recipient of an update: kept on each delivery, so a later edit never changes what was sent. */
export interface ReleaseSnapshot {
  organisation: string;
  situationTitle: string;
  /** The title per language, as released (absent in snapshots from before migration 0016). */
  situationTitles?: LanguageVariants;
  updateNumber: number;
  contactPoint: { id: number; name: string; role: string; email: string; phone: string; roles?: LanguageVariants };
}

export type UpdateStatus = 'draft' | 'pending_approval' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export type AckKind = 'apology' | 'thanks' | 'both';

export interface SituationsTable {
  id: Generated<number>;
  title: string;
  /** The title in other languages, keyed by locale; a language without one reads `title`. */
  titles: JsonColumnWithDefault<LanguageVariants>;
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
  /** SHA-256 of what the approval covered; null unless approved. */
  approved_digest: string | null;
  /** The local daytime window copied at release: hours, start inclusive, end exclusive. */
  daytime_start: number | null;
  daytime_end: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UpdateSegmentsTable {
  update_id: number;
  segment_id: number;
  /** The segment's audience version the approval covered; null until approved. */
  approved_version: number | null;
}

/** Everyone who wrote or changed an update (rule 8: none of them approves it). */
export interface UpdateEditorsTable {
  update_id: number;
  user_id: number;
  first_edited_at: Generated<Date>;
  last_edited_at: Generated<Date>;
}

export type PromiseState = 'open' | 'overdue' | 'kept' | 'broken';

export interface PromisesTable {
  id: Generated<number>;
  situation_id: number;
  update_id: number;
  due_at: Timestamp;
  /** Queued at the release, until the update is sent; then the deliveries that left (promises/make.ts). */
  recipients: Generated<number>;
  state: Generated<PromiseState>;
  kept_by_update_id: number | null;
  reached: Generated<number>;
  reminded_at: NullableTimestamp;
  overdue_reminded_at: NullableTimestamp;
  settled_at: NullableTimestamp;
  /** When `recipients` became the count of deliveries that left; null while the update is sending. */
  recipients_counted_at: NullableTimestamp;
  created_at: Generated<Date>;
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
