import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import type { TestContext } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';

/**
 * `n` customers `${prefix}1..n@example.org`, a situation with one sent update,
 * and two contact points, each with a responder of its own: cp1 (the update's)
 * and cp2.
 */
export async function twoContactPoints(t: TestContext, prefix: string, n: number) {
  await seedContacts(t.deps.db, n, prefix);
  const s = await baseScenario(t.deps.db);
  const responder1 = await t.userWithToken('responder');
  const responder2 = await t.userWithToken('responder');
  const cp1 = s.cp.id;
  await t.deps.db.updateTable('contact_points').set({ user_id: responder1.id }).where('id', '=', cp1).execute();
  const cp2 = (await createContactPoint(t.deps.db, CLI_ACTOR, { name: 'Ola Nordmann', role: 'Claims handler', email: 'ola@bokklubben.example.org', phone: '+47 22 00 00 00', userId: responder2.id })).id;
  await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: cp1, subject: 'Første oppdatering' });
  return { ...s, cp1, cp2, responder1, responder2 };
}
