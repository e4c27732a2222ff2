/**
 * The situation every journey walks through, built through the domain: customers
 * in English and Norwegian, a contact point whose person is the responder, one
 * update sent to everyone with a promise, and a question waiting for an answer.
 */
import { CLI_ACTOR } from '../../../src/audit/log.ts';
import { updateContactPoint } from '../../../src/contact-points/queries.ts';
import { fileQuestion, questionTarget } from '../../../src/portal/questions.ts';
import { signLink } from '../../../src/links.ts';
import { baseScenario, seedContacts } from '../../helpers/scenario.ts';
import { buildUpdate } from '../../helpers/updates.ts';
import type { BrowserContext } from '../browser.ts';

export interface JourneyWorld {
  situationId: number;
  situationTitle: string;
  updateId: number;
  contactPointName: string;
  /** A customer per language, with their signed links. */
  customers: Record<'en' | 'nb', { email: string; statusPath: string; unsubscribePath: string }>;
}

const inAYear = () => new Date(Date.now() + 365 * 86_400_000);

const worlds = new WeakMap<object, Promise<JourneyWorld>>();

/** The world of a test file, built once (both languages' journeys walk through it) with `responderId` as the contact person. */
export function journeyWorld(t: BrowserContext, responderId: number): Promise<JourneyWorld> {
  let w = worlds.get(t.deps.db);
  if (!w) {
    w = buildJourneyWorld(t, responderId);
    worlds.set(t.deps.db, w);
  }
  return w;
}

async function buildJourneyWorld(t: BrowserContext, responderId: number): Promise<JourneyWorld> {
  // j1 … j10: locales cycle en, nb, sv, nl, hu from j5 (5 % 5 = 0 → en); j1 is nb, j5 and j10 are en.
  await seedContacts(t.deps.db, 10, 'j');
  const { situation, cp, segment } = await baseScenario(t.deps.db, 'Bokklubben in restructuring');
  await updateContactPoint(t.deps.db, CLI_ACTOR, cp.id, { name: cp.name, role: cp.role, email: cp.email, phone: cp.phone, userId: responderId });
  const { updateId, deliveries } = await buildUpdate(t, { situationId: situation.id, segmentIds: [segment.id], contactPointId: cp.id });
  const links = (email: string) => {
    const d = deliveries.find((x) => x.email === email)!;
    return {
      email,
      statusPath: `/c/${signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt: inAYear() })}`,
      unsubscribePath: `/unsubscribe/${signLink(t.deps.config.secret, { purpose: 'unsubscribe', id: d.id, expiresAt: inAYear() })}`,
    };
  };
  const customers = { en: links('j5@example.org'), nb: links('j1@example.org') };
  // A question from each, waiting in the responder's inbox.
  for (const c of Object.values(customers)) {
    const target = await questionTarget(t.deps.db, deliveries.find((d) => d.email === c.email)!.id);
    await fileQuestion(t.deps.db, target!, c.email.startsWith('j1') ? 'Får jeg pengene tilbake for bøkene jeg har betalt for?' : 'Will I get my money back for the books I paid for?');
  }
  return { situationId: situation.id, situationTitle: situation.title, updateId, contactPointName: cp.name, customers };
}
