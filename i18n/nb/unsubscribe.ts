import type { Messages } from '../catalogue.ts';

export default {
  pageTitle: 'Oppdateringer på e-post',
  heading: 'Oppdateringer om «{situation}»',
  intro: 'Du får e-post fra oss om denne saken fordi du er kunde hos oss. Velg hva du ikke lenger vil motta.',
  stopSituation: 'Stopp oppdateringer om denne saken',
  stopSituationHint: 'Vi holder deg fortsatt orientert om andre saker.',
  stopAll: 'Stopp alle oppdateringer fra oss',
  stopAllHint: 'Du får ingen flere oppdateringer fra oss, verken om denne saken eller andre.',
  questions: 'Har du spørsmål? Svar på en av e-postene våre, så svarer kontaktpersonen din deg personlig.',
  doneSituation: 'Du får ikke lenger oppdateringer om «{situation}»',
  thanks: 'Takk for at du ga oss beskjed.',
  ratherNothing: 'Vil du heller ikke få andre oppdateringer fra oss?',
  doneAll: 'Du får ikke lenger noen oppdateringer fra oss',
  invalidHeading: 'Denne lenken virker ikke',
  invalidText: 'Lenken kan ha blitt endret eller bare delvis kopiert. Åpne avmeldingslenken i en av e-postene våre på nytt, eller svar på e-posten, så hjelper vi deg.',
  expiredHeading: 'Denne lenken er utløpt',
  expiredText: 'Av hensyn til sikkerheten din virker lenkene i e-postene våre bare en begrenset tid. Bruk lenken i en nyere e-post fra oss, eller svar på en av e-postene våre, så hjelper vi deg.',
  recordLabel: 'Meldt av',
  recordAll: 'Alle oppdateringer (siden {date})',
  recordSituation: 'Oppdateringer om {situation} (siden {date})',
} satisfies Messages['unsubscribe'];
