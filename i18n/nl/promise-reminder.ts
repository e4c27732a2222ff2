import type { Messages } from '../catalogue.ts';

export default {
  subjectDueSoon: 'Herinnering: de volgende update over {title} moet over {time} uit',
  subjectOverdue: '{time} te laat: de volgende update over {title}',
  preheaderDueSoon: '{recipients} ontvangers is een update beloofd uiterlijk {date}.',
  preheaderOverdue: '{recipients} ontvangers is een update beloofd uiterlijk {date}. Die datum is voorbij.',
  headingDueSoon: 'Een beloofde update moet binnenkort uit',
  headingOverdue: 'Een beloofde update is te laat',
  greeting: 'Hallo {name},',
  greetingFallback: 'Hallo,',
  introDueSoon: 'Update {n} over {title} vertelde de ontvangers wanneer ze weer van u zouden horen. Dat moment komt dichtbij.',
  introOverdue: 'Update {n} over {title} vertelde de ontvangers wanneer ze weer van u zouden horen. Dat moment is voorbij zonder nieuwe update aan hen, dus de belofte staat als gebroken in het logboek.',
  dueLabel: 'Beloofd uiterlijk',
  timeLeftLabel: 'Resterende tijd',
  overdueByLabel: 'Te laat met',
  recipientsLabel: 'Ontvangers met deze belofte',
  reachedNone: 'Nog niemand van hen heeft een latere update ontvangen.',
  reachedPartial: '{reached} van de {recipients} hebben een latere update ontvangen; {waiting} wachten nog.',
  actionDueSoon: 'Stuur vóór die datum een update aan dezelfde ontvangers om de belofte na te komen. Een laatste update telt ook.',
  actionOverdue: 'Schrijf ze nu: vertel wat er is gebeurd, wanneer ze weer van u horen, en bied excuses aan voor de vertraging.',
  link: 'Open de situatie en schrijf de volgende update',
  footer: 'U ontvangt dit bericht omdat u in tidings aan deze situatie werkt. Elke herinnering staat in het auditlogboek.',
} satisfies Messages['promiseReminder'];
