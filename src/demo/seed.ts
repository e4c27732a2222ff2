import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { createUser, findUserByEmail } from '../auth/users.ts';
import { importContacts } from '../contacts/import.ts';
import { createContactPoint } from '../contact-points/queries.ts';
import type { Db } from '../db/connection.ts';
import { createSegment } from '../segments/queries.ts';
import { userActor } from '../auth/sessions.ts';
import type { Config } from '../config.ts';
import { loadDemoSituation } from './situation.ts';

const DEMO_ACTOR: Actor = { kind: 'cli', userId: null, label: 'cli demo' };
export const DEMO_PASSWORD = 'tidings-demo-password';

const PEOPLE: Record<string, { first: string[]; last: string[]; tz: string; share: number }> = {
  nb: { first: ['Ingrid', 'Ola', 'Kari', 'Lars', 'Sigrid', 'Håkon', 'Solveig', 'Eirik', 'Ragnhild', 'Bjørn'], last: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Berg', 'Haugen', 'Dahl', 'Lie', 'Bakke', 'Strand'], tz: 'Europe/Oslo', share: 0.35 },
  sv: { first: ['Astrid', 'Erik', 'Karin', 'Nils', 'Maja', 'Gustav', 'Elsa', 'Oskar', 'Linnéa', 'Anders'], last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Lindqvist', 'Sjöberg', 'Ek', 'Holm'], tz: 'Europe/Stockholm', share: 0.2 },
  nl: { first: ['Sanne', 'Daan', 'Femke', 'Bram', 'Lotte', 'Joris', 'Anouk', 'Thijs', 'Marieke', 'Pieter'], last: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos'], tz: 'Europe/Amsterdam', share: 0.2 },
  hu: { first: ['Zsófia', 'Bence', 'Réka', 'Máté', 'Eszter', 'Gergő', 'Anna', 'Dávid', 'Katalin', 'Péter'], last: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas'], tz: 'Europe/Budapest', share: 0.15 },
  en: { first: ['Emily', 'James', 'Olivia', 'Thomas', 'Grace', 'William', 'Alice', 'Harry', 'Sophie', 'George'], last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright', 'Hughes', 'Green'], tz: 'Europe/London', share: 0.1 },
};
const CLUBS = ['crime', 'fiction', 'history', 'children', 'poetry'];

/** A small deterministic generator, so every demo looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ascii(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').replace(/å/g, 'a').replace(/æ/g, 'ae').replace(/[^a-zA-Z]/g, '').toLowerCase();
}

export function demoContacts(count: number) {
  const rand = rng(20260305);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const locales = Object.entries(PEOPLE);
  const rows = [];
  for (let i = 0; i < count; i++) {
    let r = rand();
    let [locale, p] = locales[0]!;
    for (const [l, q] of locales) {
      if (r < q.share) {
        [locale, p] = [l, q];
        break;
      }
      r -= q.share;
    }
    const first = pick(p.first);
    const last = pick(p.last);
    const hasClaim = rand() < 0.3;
    rows.push({
      email: `${ascii(first)}.${ascii(last)}.${i}@members.example.org`,
      name: `${first} ${last}`,
      locale,
      timezone: p.tz,
      attributes: {
        member_since: 1995 + Math.floor(rand() * 31),
        refund_claim: hasClaim ? Math.round(rand() * 900 + 49) : 0,
        voucher_balance: rand() < 0.5 ? Math.round(rand() * 400) : 0,
        magazine_subscriber: rand() < 0.4,
        club: pick(CLUBS),
      },
    });
  }
  return rows;
}

/** Loads the book-club demo once; a second run changes nothing. */
/**
 * Loads the demo once. With `config` (as `tidings demo` passes it) it also
 * tells the situation's story so far: sent updates, promises, questions.
 */
export async function loadDemo(db: Db, options: { contacts?: number; config?: Pick<Config, 'secret' | 'publicUrl' | 'from'> } = {}): Promise<string> {
  const done = await db.selectFrom('settings').select('value').where('key', '=', 'demo_loaded').executeTakeFirst();
  if (done) return 'the demo is already loaded; sign in as officer@demo.tidings.localhost with the password tidings-demo-password';

  const users = [
    { email: 'admin@demo.tidings.localhost', name: 'Maren Lund', role: 'admin' },
    { email: 'officer@demo.tidings.localhost', name: 'Jonas Berg', role: 'officer' },
    { email: 'officer2@demo.tidings.localhost', name: 'Fatima Haddad', role: 'officer' },
    { email: 'responder@demo.tidings.localhost', name: 'Ingrid Dahl', role: 'responder' },
    { email: 'auditor@demo.tidings.localhost', name: 'Viktor Szabó', role: 'auditor' },
  ] as const;
  for (const u of users) {
    if (!(await findUserByEmail(db, u.email))) await createUser(db, DEMO_ACTOR, { ...u, password: DEMO_PASSWORD });
  }
  const responder = await findUserByEmail(db, 'responder@demo.tidings.localhost');

  const result = await importContacts(db, DEMO_ACTOR, { kind: 'json', rows: demoContacts(options.contacts ?? 3200) });

  const ingrid = await createContactPoint(db, DEMO_ACTOR, {
    name: 'Ingrid Dahl',
    role: 'Head of member relations',
    email: 'ingrid.dahl@bokklubben.example.org',
    phone: '+47 22 12 34 56',
    workingHours: 'Mon–Fri 09:00–16:00 CET',
    userId: responder?.id ?? null,
  });
  const pieter = await createContactPoint(db, DEMO_ACTOR, {
    name: 'Pieter de Vries',
    role: 'Refunds coordinator',
    email: 'pieter.devries@bokklubben.example.org',
    phone: '+31 20 555 0199',
    workingHours: 'Mon–Thu 09:00–17:00 CET',
  });

  const { segment: everyone } = await createSegment(db, DEMO_ACTOR, { name: 'All members', rule: { all: [{ attribute: 'email', op: 'exists' }] } });
  await createSegment(db, DEMO_ACTOR, { name: 'Members with a refund claim', rule: { all: [{ attribute: 'refund_claim', op: 'gt', value: 0 }] } });
  await createSegment(db, DEMO_ACTOR, {
    name: 'Magazine subscribers in Norway and Sweden',
    rule: { all: [{ attribute: 'magazine_subscriber', op: 'eq', value: true }, { attribute: 'locale', op: 'in', value: ['nb', 'sv'] }] },
  });

  // A few addresses bounced and a few members opted out earlier, so the
  // preview shows exclusions as it would in real life.
  await db.transaction().execute(async (tx) => {
    await sql`INSERT INTO suppressions (email_lower, reason, source)
              SELECT email_lower, 'bounced', 'demo' FROM contacts ORDER BY id LIMIT 23 ON CONFLICT DO NOTHING`.execute(tx);
    await sql`UPDATE contacts SET unsubscribed_at = now() WHERE id IN (SELECT id FROM contacts ORDER BY id DESC LIMIT 17)`.execute(tx);
    await tx.insertInto('settings').values({ key: 'demo_loaded', value: JSON.stringify({ at: new Date().toISOString() }) }).execute();
    await recordAudit(tx, DEMO_ACTOR, { action: 'demo.load', details: { contacts: result.created + result.updated } });
  });
  let story = '';
  if (options.config) {
    const user = async (email: string) => userActor((await findUserByEmail(db, email))!);
    await loadDemoSituation(db, options.config, {
      author: await user('officer@demo.tidings.localhost'),
      approver: await user('officer2@demo.tidings.localhost'),
      responder: await user('responder@demo.tidings.localhost'),
      segmentId: everyone.id,
      ingridId: ingrid.id,
      pieterId: pieter.id,
    });
    story = ', a situation with 2 sent updates (one promise kept, one due tomorrow), a third awaiting approval, and 3 customer questions';
  }
  return [
    `demo loaded: ${result.created} customers of a book club in restructuring, 2 contact points, 3 segments${story}`,
    `sign in with password "${DEMO_PASSWORD}" as:`,
    ...users.map((u) => `  ${u.email.padEnd(36)} ${u.role}`),
  ].join('\n');
}
