/*
 * Who the demo is about: the book club's members (generated, the same every
 * time) and the staff who sign in, each in their own language.
 */

export const DEMO_PASSWORD = 'tidings-demo-password';

/** The staff, with the sign-ins the start-up banner prints. Their languages vary, as in a Nordic team. */
export const DEMO_USERS = [
  { email: 'admin@demo.tidings.localhost', name: 'Maren Lund', role: 'admin', locale: 'en' },
  { email: 'officer@demo.tidings.localhost', name: 'Jonas Berg', role: 'officer', locale: 'nb' },
  { email: 'officer2@demo.tidings.localhost', name: 'Fatima Haddad', role: 'officer', locale: 'sv' },
  { email: 'responder@demo.tidings.localhost', name: 'Ingrid Dahl', role: 'responder', locale: 'nb' },
  { email: 'auditor@demo.tidings.localhost', name: 'Viktor Szabó', role: 'auditor', locale: 'hu' },
] as const;

export type DemoUserEmail = (typeof DEMO_USERS)[number]['email'];

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

/** `count` members in five languages, with the attributes the segments use. */
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
