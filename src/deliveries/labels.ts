/**
 * The names of delivery states and provider events as pages show them, in the
 * reader's language. The API and the CSV exports keep the values themselves.
 */
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';
import type { DELIVERY_STATUSES } from './state.ts';

const STATUS_KEYS = {
  queued: 'deliveries.statusQueued',
  // "Sent" alone is the handed-over total; this state is the part with no report back yet.
  sent: 'deliveries.statusSent',
  delivered: 'deliveries.statusDelivered',
  delivery_delayed: 'deliveries.statusDeliveryDelayed',
  bounced: 'deliveries.statusBounced',
  complained: 'deliveries.statusComplained',
  failed: 'deliveries.statusFailed',
  suppressed: 'deliveries.statusSuppressed',
  excluded: 'deliveries.statusExcluded',
} as const satisfies Record<(typeof DELIVERY_STATUSES)[number], PlainKey>;

const EVENT_KEYS: Record<string, PlainKey> = {
  'email.sent': 'deliveries.eventSent',
  'email.delivered': 'deliveries.eventDelivered',
  'email.delivery_delayed': 'deliveries.eventDeliveryDelayed',
  'email.bounced': 'deliveries.eventBounced',
  'email.complained': 'deliveries.eventComplained',
  'email.failed': 'deliveries.eventFailed',
  'email.suppressed': 'deliveries.eventSuppressed',
  'email.opened': 'deliveries.eventOpened',
  'email.clicked': 'deliveries.eventClicked',
};

/** A delivery state ("Marked as spam"); an unknown value as it is. */
export function deliveryStatusLabel(status: string): string {
  return status in STATUS_KEYS ? t(STATUS_KEYS[status as keyof typeof STATUS_KEYS]) : status;
}

/** The history's choice of every state of "not delivered". */
export function notDeliveredChoice(): string {
  return t('deliveries.notDeliveredChoice');
}

/** A provider event ("Link clicked"); an unknown type as it is. */
export function eventLabel(type: string): string {
  const key = EVENT_KEYS[type];
  return key ? t(key) : type;
}

/** "hard bounce" or "soft bounce"; anything else as it is. */
export function bounceLabel(bounceType: string): string {
  return bounceType === 'hard' ? t('deliveries.bounceHard') : bounceType === 'soft' ? t('deliveries.bounceSoft') : bounceType;
}
