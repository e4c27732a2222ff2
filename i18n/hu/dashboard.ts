import type { Messages } from '../catalogue.ts';

export default {
  title: 'Áttekintés',
  waitingHeading: 'Választ váró ügyfelek',
  waitingUnder4h: '4 óránál rövidebb ideje vár',
  waiting4to24h: '4–24 órája vár',
  waitingOver24h: '24 óránál régebben vár',
  openFollowUps: 'nyitott utánkövetés',
  nobodyWaiting: 'Senki sem vár válaszra.',
  unansweredTotal: 'Összesen {count, number} megválaszolatlan.',
  customers: 'ügyfél',
  segments: 'szegmens',
  contactPoints: 'kapcsolattartó',
  auditEntries: 'bejegyzés a naplóban',
} satisfies Messages['dashboard'];
