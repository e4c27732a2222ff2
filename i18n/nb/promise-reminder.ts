import type { Messages } from '../catalogue.ts';

export default {
  subjectDueSoon: 'Påminnelse: neste oppdatering om {title} skal ut om {time}',
  subjectOverdue: 'Forsinket med {time}: neste oppdatering om {title}',
  preheaderDueSoon: '{recipients} mottakere er lovet en oppdatering innen {date}.',
  preheaderOverdue: '{recipients} mottakere er lovet en oppdatering innen {date}. Fristen er passert.',
  headingDueSoon: 'En lovet oppdatering nærmer seg fristen',
  headingOverdue: 'En lovet oppdatering er forsinket',
  greeting: 'Hei {name},',
  greetingFallback: 'Hei,',
  introDueSoon: 'Oppdatering {n} om {title} fortalte mottakerne når de skulle høre fra dere igjen. Den fristen nærmer seg.',
  introOverdue: 'Oppdatering {n} om {title} fortalte mottakerne når de skulle høre fra dere igjen. Fristen har gått ut uten en ny oppdatering til dem, så løftet er registrert som brutt.',
  dueLabel: 'Lovet innen',
  timeLeftLabel: 'Tid igjen',
  overdueByLabel: 'Forsinket med',
  recipientsLabel: 'Mottakere som fikk løftet',
  reachedNone: 'Ingen av dem har fått en senere oppdatering ennå.',
  reachedPartial: '{reached} av {recipients} har fått en senere oppdatering; {waiting} venter fortsatt.',
  actionDueSoon: 'Send en oppdatering til de samme mottakerne før fristen for å holde løftet. En siste oppdatering holder det også.',
  actionOverdue: 'Skriv til dem nå: fortell hva som har skjedd, når de hører fra dere neste gang, og be om unnskyldning for forsinkelsen.',
  link: 'Åpne saken og skriv neste oppdatering',
  footer: 'Du får denne e-posten fordi du jobber med denne saken i tidings. Alle påminnelser står i revisjonsloggen.',
} satisfies Messages['promiseReminder'];
