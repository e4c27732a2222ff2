import pino from 'pino';
import { sql } from 'kysely';
import { CLI_ACTOR, type Actor } from '../../src/audit/log.ts';
import { userActor } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import type { AppDeps } from '../../src/app-env.ts';
import type { Db } from '../../src/db/connection.ts';
import type { Delivery } from '../../src/db/types.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { EmailComposer } from '../../src/sending/compose-email.ts';
import { sendUpdateBatches, type SenderDeps } from '../../src/sending/sender.ts';
import { OutboxTransport, type MailTransport } from '../../src/sending/transport.ts';
import { createDraft, type UpdateInput, type UpdateWithRelations } from '../../src/updates/compose.ts';
import { releaseUpdate, type ReleaseResult } from '../../src/updates/release.ts';
import { approveUpdate, sendUpdate } from '../../src/updates/workflow.ts';
import { baseScenario, completeUpdate, seedContacts } from './scenario.ts';

/** How far the builder takes an update: each stage includes the ones before it. */
export type UpdateStage = 'approved' | 'scheduled' | 'released' | 'sent';

export interface UpdateSpec {
  /**
   * Where the update goes. Without a situation the builder opens a new one
   * (with a contact point and an "everyone" segment, see `baseScenario`).
   */
  situationId?: number;
  segmentIds?: number[];
  contactPointId?: number;
  /** Title of the new situation (only without `situationId`). */
  title?: string;
  /** Seeds `n` new customers `${prefix}1..n@example.org` and sends to them alone, in a new situation. */
  newCustomers?: { n: number; prefix: string };
  /** The subject in every language of the content. */
  subject?: string;
  /** Fields that differ from `completeUpdate`: content, quietHours, final, nextUpdateAt, acknowledgement... */
  input?: Partial<UpdateInput>;
  /** Default 'sent'. */
  until?: UpdateStage;
  /** Where a sent update goes; default the local outbox. */
  transport?: MailTransport;
  /** Who writes the draft (default the CLI) and who approves it (default an officer of the builder's own). */
  author?: Actor;
  approver?: Actor;
  /**
   * Back-dates a sent update as if sent at `madeAt` (default a week before
   * `due`), promising the next one by `due`, which may lie in the past.
   */
  promised?: { due: Date; madeAt?: Date };
}

export interface BuiltUpdate {
  updateId: number;
  situationId: number;
  segmentIds: number[];
  contactPointId: number;
  /** The draft as composed. */
  draft: UpdateWithRelations;
  /** From the stage 'released' on. */
  release?: Extract<ReleaseResult, { released: true }>;
  /** The update's deliveries in id order, from the stage 'released' on (empty before). */
  deliveries: Delivery[];
}

const STAGES: UpdateStage[] = ['approved', 'scheduled', 'released', 'sent'];
const WEEK = 7 * 86_400_000;

// Four eyes: whoever composed or edited an update may not approve it, so the
// approver is a person of its own, created once per test database.
const approvers = new WeakMap<Db, Promise<Actor>>();

/** The officer who approves what the builder composes, unless a test names another. */
export function builderApprover(db: Db): Promise<Actor> {
  let approver = approvers.get(db);
  if (!approver) {
    approver = createUser(db, CLI_ACTOR, { email: 'update-approver@example.org', name: 'Update approver', role: 'officer', password: 'correct horse battery staple' }).then((u) => userActor(u));
    approvers.set(db, approver);
  }
  return approver;
}

/** The sender a test runs itself: every batch of an update, through `transport`, without pacing. */
export function senderDeps(deps: Pick<AppDeps, 'db' | 'config'>, transport: MailTransport = new OutboxTransport(deps.db), overrides: Partial<SenderDeps> = {}): SenderDeps {
  return { db: deps.db, transport, composer: new EmailComposer(deps.config), log: pino({ level: 'silent' }), worker: `test-${Math.random()}`, rate: Infinity, leaseSeconds: 30, ...overrides };
}

/**
 * The one way tests build an update: composes it complete, has a second
 * person approve it, sends it (the release job is queued), releases it and
 * sends every batch, stopping after the stage `until`.
 */
export async function buildUpdate(t: { deps: Pick<AppDeps, 'db' | 'config' | 'jobs'> }, spec: UpdateSpec = {}): Promise<BuiltUpdate> {
  const { db, jobs } = t.deps;
  const reach = STAGES.indexOf(spec.until ?? 'sent');
  const where = await destination(db, spec);

  const input = { ...completeUpdate(where.segmentIds[0]!, where.contactPointId), ...spec.input, segmentIds: where.segmentIds };
  if (spec.subject !== undefined) {
    input.content = Object.fromEntries(Object.entries(input.content ?? {}).map(([locale, c]) => [locale, { ...c, subject: spec.subject! }]));
  }
  const draft = await createDraft(db, spec.author ?? CLI_ACTOR, where.situationId, input);
  const built: BuiltUpdate = { updateId: draft.id, ...where, draft, deliveries: [] };
  await approveUpdate(db, spec.approver ?? (await builderApprover(db)), draft.id);
  if (reach < STAGES.indexOf('scheduled')) return built;

  await sendUpdate(db, jobs, spec.author ?? CLI_ACTOR, draft.id);
  if (reach < STAGES.indexOf('released')) return built;

  const release = await releaseUpdate(db, draft.id);
  if (!release.released) throw new Error(`update ${draft.id} was not released: ${release.reason}`);
  built.release = release;
  if (reach >= STAGES.indexOf('sent')) {
    const run = await sendUpdateBatches(senderDeps(t.deps, spec.transport), draft.id);
    if (!run.finished) throw new Error(`update ${draft.id} was not sent in full (${run.batches} batches${run.heldUntil ? `, held until ${run.heldUntil.toISOString()}` : ''})`);
    if (spec.promised) {
      const madeAt = spec.promised.madeAt ?? new Date(spec.promised.due.getTime() - WEEK);
      await sql`UPDATE updates SET next_update_at = ${spec.promised.due}, sent_at = ${madeAt} WHERE id = ${draft.id}`.execute(db);
      await sql`UPDATE deliveries SET sent_at = ${madeAt} WHERE update_id = ${draft.id} AND sent_at IS NOT NULL`.execute(db);
      // The release made the promise, by the date the update named then.
      await sql`UPDATE promises SET due_at = ${spec.promised.due}, created_at = ${madeAt} WHERE update_id = ${draft.id}`.execute(db);
    }
  }
  built.deliveries = await db.selectFrom('deliveries').selectAll().where('update_id', '=', draft.id).orderBy('id').execute();
  return built;
}

async function destination(db: Db, spec: UpdateSpec): Promise<Pick<BuiltUpdate, 'situationId' | 'segmentIds' | 'contactPointId'>> {
  if (spec.situationId !== undefined) {
    if (!spec.segmentIds?.length || spec.contactPointId === undefined) throw new Error('an update to an existing situation needs its segmentIds and contactPointId');
    return { situationId: spec.situationId, segmentIds: spec.segmentIds, contactPointId: spec.contactPointId };
  }
  if (spec.newCustomers) await seedContacts(db, spec.newCustomers.n, spec.newCustomers.prefix);
  const { situation, cp, segment } = await baseScenario(db, spec.title);
  let segmentIds = spec.segmentIds ?? [segment.id];
  if (spec.newCustomers) {
    const { prefix } = spec.newCustomers;
    segmentIds = [(await createSegment(db, CLI_ACTOR, { name: `only ${prefix} ${situation.id}`, rule: { all: [{ attribute: 'email', op: 'contains', value: prefix }] } })).segment.id];
  }
  return { situationId: situation.id, segmentIds, contactPointId: spec.contactPointId ?? cp.id };
}
