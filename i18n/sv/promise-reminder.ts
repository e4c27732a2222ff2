import type { Messages } from '../catalogue.ts';

export default {
  subjectDueSoon: 'Påminnelse: nästa uppdatering om {title} ska ut om {time}',
  subjectOverdue: 'Försenad med {time}: nästa uppdatering om {title}',
  preheaderDueSoon: '{recipients} mottagare har blivit lovade en uppdatering senast {date}.',
  preheaderOverdue: '{recipients} mottagare har blivit lovade en uppdatering senast {date}. Den tiden har passerat.',
  headingDueSoon: 'En utlovad uppdatering ska snart ut',
  headingOverdue: 'En utlovad uppdatering är försenad',
  greeting: 'Hej {name},',
  greetingFallback: 'Hej,',
  introDueSoon: 'Uppdatering {n} om {title} berättade för mottagarna när de skulle höra av er igen. Den tidpunkten närmar sig.',
  introOverdue: 'Uppdatering {n} om {title} berättade för mottagarna när de skulle höra av er igen. Tiden har gått ut utan någon ny uppdatering till dem, så löftet är registrerat som brutet.',
  dueLabel: 'Utlovad senast',
  timeLeftLabel: 'Tid kvar',
  overdueByLabel: 'Försenad med',
  recipientsLabel: 'Mottagare som fick löftet',
  reachedNone: 'Ingen av dem har fått någon senare uppdatering än.',
  reachedPartial: '{reached} av {recipients} har fått en senare uppdatering; {waiting} väntar fortfarande.',
  actionDueSoon: 'Skicka en uppdatering till samma mottagare före tidpunkten för att hålla löftet. En sista uppdatering håller det också.',
  actionOverdue: 'Skriv till dem nu: berätta vad som har hänt, när de hör av er nästa gång, och be om ursäkt för dröjsmålet.',
  link: 'Öppna ärendet och skriv nästa uppdatering',
  footer: 'Du får det här mejlet eftersom du arbetar med det här ärendet i tidings. Alla påminnelser finns i granskningsloggen.',
} satisfies Messages['promiseReminder'];
