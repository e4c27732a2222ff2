import pino from 'pino';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { signLink } from '../../src/auth/links.ts';
import { EmailComposer } from '../../src/sending/compose-email.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { approveUpdate, sendUpdate } from '../../src/updates/workflow.ts';
import type { TestContext } from '../helpers/app.ts';
import { completeUpdate } from '../helpers/scenario.ts';

/** Drafts, approves, releases and sends one update through the local outbox. */
export async function sendOne(t: TestContext, situationId: number, segmentId: number, cpId: number, subject: string): Promise<number> {
  const input = completeUpdate(segmentId, cpId);
  input.content.nb.subject = subject;
  input.content.en.subject = subject;
  const draft = await createDraft(t.deps.db, CLI_ACTOR, situationId, input);
  await approveUpdate(t.deps.db, { kind: 'user', userId: null, label: 'approver' }, draft.id);
  await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, draft.id);
  await releaseUpdate(t.deps.db, draft.id);
  await sendUpdateBatches({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), composer: new EmailComposer(t.deps.config), log: pino({ level: 'silent' }), worker: 'test', rate: Infinity, leaseSeconds: 30 }, draft.id);
  return draft.id;
}

export const inAYear = () => new Date(Date.now() + 365 * 86_400_000);

/** The signed status-page token of one customer's delivery of an update. */
export async function statusToken(t: TestContext, updateId: number, email: string, expiresAt = inAYear()): Promise<{ token: string; deliveryId: number; contactId: number; locale: string }> {
  const d = await t.deps.db.selectFrom('deliveries').select(['id', 'contact_id', 'locale']).where('update_id', '=', updateId).where('email', '=', email).executeTakeFirstOrThrow();
  return { token: signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt }), deliveryId: d.id, contactId: d.contact_id, locale: d.locale };
}
