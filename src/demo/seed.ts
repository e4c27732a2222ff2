import { recordAudit, type Actor } from '../audit/log.ts';
import { userActor } from '../auth/sessions.ts';
import { createUser, findUserByEmail } from '../auth/users.ts';
import { importContacts } from '../contacts/import.ts';
import { createContactPoint } from '../contact-points/queries.ts';
import type { Db } from '../db/connection.ts';
import { createSegment } from '../segments/queries.ts';
import { setSetting } from '../settings/queries.ts';
import { StoryClock } from './clock.ts';
import { ORGANISATION } from './content.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoContacts, type DemoUserEmail } from './people.ts';
import { tellStory } from './situation.ts';
import { demoWorld, type DemoConfig, type Staff } from './steps.ts';

export { DEMO_PASSWORD, DEMO_USERS, demoContacts } from './people.ts';

const DEMO_ACTOR: Actor = { kind: 'cli', userId: null, label: 'cli demo' };

/**
 * Members by default: enough for segments, exclusions and a send in batches to
 * look real, few enough that the provider's report on every email (the webhook
 * path, one event at a time) keeps the load to some fifteen seconds.
 */
const DEMO_MEMBERS = 2000;

/** How many days before today the organisation set tidings up; the story follows (situation.ts). */
const SET_UP_DAYS_AGO = 60;

/**
 * Loads the demo once; a second run changes nothing. Every row is made by the
 * domain function the pages, the API and the jobs use, at its moment on the
 * story's clock (clock.ts), so the demo keeps every rule of the product: the
 * set-up, then the story so far (situation.ts): two situations, sent updates,
 * provider reports, promises, questions. `config` is the server's (its secret
 * signs the links in the emails); `now` is when the story ends (the real time
 * unless given).
 */
export async function loadDemo(db: Db, options: { config: DemoConfig; contacts?: number; now?: Date }): Promise<string> {
  const done = await db.selectFrom('settings').select('value').where('key', '=', 'demo_loaded').executeTakeFirst();
  if (done) return `the demo is already loaded; sign in as officer@demo.tidings.localhost with the password ${DEMO_PASSWORD}`;

  const today = options.now ?? new Date();
  const clock = new StoryClock(today, new Date(today.getTime() - (SET_UP_DAYS_AGO + 1) * 86_400_000));

  // Setting up: the accounts, the organisation's name, the members, the contact people, the segments.
  clock.at(clock.daysAgo(SET_UP_DAYS_AGO, '08:00'));
  for (const u of DEMO_USERS) {
    if (!(await findUserByEmail(db, u.email))) await createUser(db, DEMO_ACTOR, { ...u, password: DEMO_PASSWORD }, { now: clock.advance(60_000) });
  }
  const staff = async (email: DemoUserEmail): Promise<Staff> => {
    const user = (await findUserByEmail(db, email))!;
    return { user, actor: userActor(user) };
  };
  const admin = await staff('admin@demo.tidings.localhost');
  const officer = await staff('officer@demo.tidings.localhost');
  const responder = await staff('responder@demo.tidings.localhost');

  await setSetting(db, admin.actor, 'organisation_name', ORGANISATION, { now: clock.at(clock.daysAgo(SET_UP_DAYS_AGO, '08:30')) });
  const imported = await importContacts(db, admin.actor, { kind: 'json', rows: demoContacts(options.contacts ?? DEMO_MEMBERS) }, { label: 'api:json', now: clock.at(clock.daysAgo(SET_UP_DAYS_AGO, '09:10')) });

  const ingrid = await createContactPoint(
    db,
    admin.actor,
    { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid.dahl@bokklubben.example.org', phone: '+47 22 12 34 56', workingHours: 'Mon–Fri 09:00–16:00 CET', userId: responder.user.id },
    { now: clock.at(clock.daysAgo(SET_UP_DAYS_AGO, '09:40')) },
  );
  // A second person to hand a conversation over to.
  await createContactPoint(
    db,
    admin.actor,
    { name: 'Pieter de Vries', role: 'Refunds coordinator', email: 'pieter.devries@bokklubben.example.org', phone: '+31 20 555 0199', workingHours: 'Mon–Thu 09:00–17:00 CET' },
    { now: clock.advance(5 * 60_000) },
  );

  const segment = async (name: string, rule: unknown) => (await createSegment(db, officer.actor, { name, rule }, { now: clock.advance(7 * 60_000) })).segment.id;
  const everyone = await segment('All members', { all: [{ attribute: 'email', op: 'exists' }] });
  await segment('Members with a refund claim', { all: [{ attribute: 'refund_claim', op: 'gt', value: 0 }] });
  const magazine = await segment('Magazine subscribers in Norway and Sweden', {
    all: [
      { attribute: 'magazine_subscriber', op: 'eq', value: true },
      { attribute: 'locale', op: 'in', value: ['nb', 'sv'] },
    ],
  });

  const story = await tellStory(demoWorld(db, options.config, clock), {
    author: officer,
    approver: await staff('officer2@demo.tidings.localhost'),
    responder,
    segments: { everyone, magazine },
    contactPoint: ingrid.id,
  });

  // Loading the demo happens now, after the story it tells.
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key: 'demo_loaded', value: JSON.stringify({ at: new Date().toISOString() }) }).execute();
    await recordAudit(tx, DEMO_ACTOR, { action: 'demo.load', details: { contacts: imported.created + imported.updated } });
  });
  return [
    `demo loaded for ${ORGANISATION}: ${imported.created.toLocaleString('en-GB')} members of a book club in restructuring, 2 contact points, 3 segments;`,
    `  a resolved situation (${story.suppressed} addresses suppressed after bounces and complaints, ${story.unsubscribed} unsubscribes) and one in progress:`,
    `  2 sent updates (one promise kept, one due tomorrow), a third awaiting approval, ${story.questions} customer questions`,
    `sign in with password "${DEMO_PASSWORD}" as:`,
    ...DEMO_USERS.map((u) => `  ${u.email.padEnd(36)} ${u.role} (${u.locale})`),
  ].join('\n');
}
