import type { Messages } from '../catalogue.ts';

export default {
  title: 'Oversikt',
  waitingHeading: 'Kunder som venter på svar',
  waitingUnder4h: 'venter under 4 t',
  waiting4to24h: 'venter 4–24 t',
  waitingOver24h: 'venter over 24 t',
  openFollowUps: 'åpne oppfølginger',
  nobodyWaiting: 'Ingen venter på svar.',
  unansweredTotal: '{count, number} ubesvart totalt.',
  customers: 'kunder',
  segments: 'segmenter',
  contactPoints: 'kontaktpersoner',
  auditEntries: 'oppføringer i loggen',
} satisfies Messages['dashboard'];
