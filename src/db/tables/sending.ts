import type { Generated } from 'kysely';
import type { JsonColumn, JsonColumnWithDefault, JsonValue, NullableTimestamp, Timestamp } from '../columns.ts';

/* Sending and what follows: batches, deliveries, provider events, unsubscribes, the shared rate, the local outbox. */

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'delivery_delayed' | 'bounced' | 'complained' | 'failed' | 'suppressed' | 'excluded';

/** A tag on an outgoing email (the provider reports it back on every event). */
export interface EmailTag {
  name: string;
  value: string;
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
  /** The customer's own language, for everything around the content; null on rows from before it was kept (then `locale`). */
  reader_locale: string | null;
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
