import type { Messages } from '../catalogue.ts';

export default {
  title: 'Overzicht',
  waitingHeading: 'Klanten die op een antwoord wachten',
  waitingUnder4h: 'wachten korter dan 4 u',
  waiting4to24h: 'wachten 4–24 u',
  waitingOver24h: 'wachten langer dan 24 u',
  openFollowUps: 'open opvolgacties',
  nobodyWaiting: 'Niemand wacht op een antwoord.',
  unansweredTotal: '{count, number} onbeantwoord in totaal.',
  customers: 'klanten',
  segments: 'segmenten',
  contactPoints: 'contactpersonen',
  auditEntries: 'vermeldingen in het verslag',
} satisfies Messages['dashboard'];
