import { handleInbound, type InboundDeps, type InboundOutcome } from '../conversations/inbound.ts';
import { recordProviderEventBatched } from '../deliveries/batcher.ts';
import { isInboundEvent, type EventOutcome, type ProviderEvent } from '../deliveries/events.ts';

export type ReceivedEvent =
  | ({ ok: true } & InboundOutcome)
  | ({ ok: true } & Pick<EventOutcome, 'duplicate' | 'deliveryId' | 'status'>);

/**
 * A verified Resend event: customer replies (`email.received`) are filed in
 * conversations; everything else moves deliveries. An inbound email the provider
 * cannot serve for now throws `provider_unavailable`, and nothing is stored; one it
 * refuses for good is kept as unmatched mail.
 */
export async function receiveResendEvent(deps: InboundDeps, event: ProviderEvent): Promise<ReceivedEvent> {
  if (isInboundEvent(event)) return { ok: true, ...(await handleInbound(deps, event)) };
  const outcome = await recordProviderEventBatched(deps.db, event);
  return { ok: true, duplicate: outcome.duplicate, deliveryId: outcome.deliveryId, status: outcome.status };
}
