import { CLI_ACTOR } from '../../src/audit/log.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import type { TestContext } from './app.ts';
import { completeUpdate } from './scenario.ts';
import { buildUpdate } from './updates.ts';

/** Routes that are not staff pages: the API, customers' and the provider's routes, files, and sign-in. */
const NOT_STAFF_PAGES = /^\/(api|assets|webhooks|c|unsubscribe|login)(\/|$)|^\/(health|favicon\.ico|logout)$|\.(csv|json|html|js)$|\/html$/;

/**
 * Every staff page the app has, as paths to visit: the routes without an id as
 * they are, those with one with each record of their area. It sets up those
 * records first: a sent update, an approved one and two drafts (with and
 * without a contact person), so the composer, the review and the progress
 * views are all seen; a customer's message; one of every other area. A route
 * under an area with no record here throws, so it is not skipped unseen.
 * A customer's record of the sent update comes last.
 */
export async function staffPageVisits(t: TestContext): Promise<string[]> {
  const sent = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'staffpage' }, title: 'Lagerbrann' });
  const approved = await buildUpdate(t, { situationId: sent.situationId, segmentIds: sent.segmentIds, contactPointId: sent.contactPointId, until: 'approved' });
  const draft = await createDraft(t.deps.db, CLI_ACTOR, sent.situationId, completeUpdate(sent.segmentIds[0]!, sent.contactPointId));
  const noContact = await createDraft(t.deps.db, CLI_ACTOR, sent.situationId, { ...completeUpdate(sent.segmentIds[0]!, sent.contactPointId), contactPointId: null });
  const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'staffpage1@example.org').executeTakeFirstOrThrow();
  const message = await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'staffpage1@example.org').executeTakeFirstOrThrow();
  const filed = await fileCustomerMessage(t.deps.db, {
    contactId: contact.id,
    situationId: sent.situationId,
    updateId: sent.updateId,
    contactPointId: sent.contactPointId,
    channel: 'email',
    from: 'staffpage1@example.org',
    to: 'reply@example.org',
    subject: 'Når kommer bestillingen min?',
    text: 'Når kommer bestillingen min?',
    visibleText: 'Når kommer bestillingen min?',
    classification: 'human',
  });
  const someone = await t.userWithToken('responder');
  const ids: Record<string, string[]> = {
    situations: [String(sent.situationId)],
    updates: [String(sent.updateId), String(approved.updateId), String(draft.id), String(noContact.id)],
    segments: [String(sent.segmentIds[0])],
    contacts: [String(contact.id)],
    'contact-points': [String(sent.contactPointId)],
    users: [String(someone.id)],
    outbox: [String(message.id)],
    inbox: [String(filed.conversationId)],
  };

  const paths = new Set<string>();
  for (const r of t.app.routes) if (r.method === 'GET' && !r.path.includes('*') && !NOT_STAFF_PAGES.test(r.path)) paths.add(r.path);
  const visits: string[] = [];
  for (const path of paths) {
    if (!path.includes(':')) {
      visits.push(path);
      continue;
    }
    const area = path.split('/')[1]!;
    const records = ids[area];
    if (!records?.length) throw new Error(`no record of the area "${area}" for ${path}: add one to test/helpers/staff-pages.ts`);
    for (const id of records) visits.push(path.replace(/:[a-zA-Z]+/, id));
  }
  visits.push(`/updates/${sent.updateId}/recipient?email=staffpage1%40example.org`);
  return visits;
}
