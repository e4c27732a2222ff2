import type { Messages } from '../catalogue.ts';

export default {
  subjectDueSoon: 'Emlékeztető: {time} múlva esedékes a következő tájékoztató – {title}',
  subjectOverdue: 'Késés ({time}): a következő tájékoztató – {title}',
  preheaderDueSoon: '{recipients} címzettnek ígértünk tájékoztatást ekkorra: {date}.',
  preheaderOverdue: '{recipients} címzettnek ígértünk tájékoztatást ekkorra: {date}. Ez az időpont elmúlt.',
  headingDueSoon: 'Hamarosan esedékes egy megígért tájékoztató',
  headingOverdue: 'Késik egy megígért tájékoztató',
  greeting: 'Kedves {name}!',
  greetingFallback: 'Kedves Kolléga!',
  introDueSoon: 'A(z) {n}. tájékoztató ({title}) megírta a címzetteknek, mikor hallanak legközelebb felőlünk. Ez az időpont közeleg.',
  introOverdue: 'A(z) {n}. tájékoztató ({title}) megírta a címzetteknek, mikor hallanak legközelebb felőlünk. Az időpont új tájékoztató nélkül telt el, ezért az ígéret megszegettként szerepel a naplóban.',
  dueLabel: 'Megígért határidő',
  timeLeftLabel: 'Hátralévő idő',
  overdueByLabel: 'Késés',
  recipientsLabel: 'Címzettek, akiknek megígértük',
  reachedNone: 'Egyikük sem kapott még újabb tájékoztatást.',
  reachedPartial: '{recipients} címzettből {reached} kapott újabb tájékoztatást; {waiting} még vár.',
  actionDueSoon: 'Az ígéret megtartásához a határidő előtt küldjön tájékoztatást ugyanezeknek a címzetteknek. Egy záró tájékoztató is megtartja.',
  actionOverdue: 'Írjon nekik most: mondja el, mi történt, mikor hallanak legközelebb felőlünk, és kérjen elnézést a késésért.',
  link: 'Az ügy megnyitása és a következő tájékoztató megírása',
  footer: 'Azért kapja ezt az e-mailt, mert a tidingsben ezen az ügyön dolgozik. Minden emlékeztető szerepel a naplóban.',
} satisfies Messages['promiseReminder'];
