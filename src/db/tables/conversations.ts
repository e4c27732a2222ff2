import type { Generated } from 'kysely';
import type { JsonColumn, JsonValue, NullableTimestamp, Timestamp } from '../columns.ts';

/* What customers write back: conversations and their messages, unmatched mail, follow-up flags, the status page's limiter. */

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

export interface PortalAttemptsTable {
  key: string;
  at: Timestamp;
}
