import type { Messages } from '../catalogue.ts';

export default {
  title: 'Översikt',
  waitingHeading: 'Kunder som väntar på svar',
  waitingUnder4h: 'väntar under 4 tim',
  waiting4to24h: 'väntar 4–24 tim',
  waitingOver24h: 'väntar över 24 tim',
  openFollowUps: 'öppna uppföljningar',
  nobodyWaiting: 'Ingen väntar på svar.',
  unansweredTotal: '{count, plural, one {# obesvarad} other {# obesvarade}} totalt.',
  customers: 'kunder',
  segments: 'segment',
  contactPoints: 'kontaktpersoner',
  auditEntries: 'poster i loggen',
} satisfies Messages['dashboard'];
