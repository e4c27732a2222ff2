import type { Messages } from '../catalogue.ts';

export default {
  pageTitle: 'Updates per e-mail',
  heading: 'Updates over ‘{situation}’',
  intro: 'U ontvangt e-mails van ons over deze zaak omdat u klant bij ons bent. Kies wat u niet meer wilt ontvangen.',
  stopSituation: 'Geen updates meer over deze zaak',
  stopSituationHint: 'Over andere zaken houden wij u wel op de hoogte.',
  stopAll: 'Helemaal geen updates meer van ons',
  stopAllHint: 'U ontvangt dan geen enkele update meer van ons, ook niet over andere zaken.',
  questions: 'Heeft u een vraag? Reageer op een van onze e-mails; uw contactpersoon beantwoordt die persoonlijk.',
  doneSituation: 'U ontvangt geen updates meer over ‘{situation}’',
  thanks: 'Dank u wel dat u het ons laat weten.',
  ratherNothing: 'Wilt u ook geen andere updates meer van ons ontvangen?',
  doneAll: 'U ontvangt geen updates meer van ons',
  invalidHeading: 'Deze link werkt niet',
  invalidText: 'De link is mogelijk gewijzigd of niet volledig gekopieerd. Open de afmeldlink in een van onze e-mails opnieuw, of beantwoord die e-mail, dan helpen wij u verder.',
  expiredHeading: 'Deze link is verlopen',
  expiredText: 'Voor uw veiligheid werken de links in onze e-mails maar een beperkte tijd. Gebruik de link in een recentere e-mail van ons, of beantwoord een van onze e-mails, dan helpen wij u verder.',
  recordLabel: 'Afgemeld voor',
  recordAll: 'Alle updates (sinds {date})',
  recordSituation: 'Updates over {situation} (sinds {date})',
} satisfies Messages['unsubscribe'];
