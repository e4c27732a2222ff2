/**
 * Built-in text of the promise reminder sent to officers (emails/promise-reminder.tsx),
 * in every supported locale. A sibling of status-update.ts (the customer email's text),
 * with the same rules: `{slot}` placeholders, and a compile-time check that
 * every locale has every key with exactly the placeholders English uses.
 *
 * Dates and durations are filled in already written out with Intl, so the
 * sentences put them after a colon or in a label where the grammar allows any
 * form (Hungarian in particular).
 */
import { INTL_LOCALE, type Locale } from './locales.ts';
import type { Params, Same } from './placeholders.ts';

const en = {
  subjectDueSoon: 'Reminder: the next update on {title} is due in {time}',
  subjectOverdue: 'Overdue by {time}: the next update on {title}',
  preheaderDueSoon: '{recipients} recipients were promised an update by {date}.',
  preheaderOverdue: '{recipients} recipients were promised an update by {date}. That date has passed.',
  headingDueSoon: 'A promised update is due soon',
  headingOverdue: 'A promised update is overdue',
  greeting: 'Hello {name},',
  greetingFallback: 'Hello,',
  introDueSoon: 'Update {n} on {title} told its recipients when they would hear from you again. That date is close.',
  introOverdue: 'Update {n} on {title} told its recipients when they would hear from you again. That date has passed without a new update to them, so the promise is on the record as broken.',
  dueLabel: 'Promised by',
  timeLeftLabel: 'Time left',
  overdueByLabel: 'Overdue by',
  recipientsLabel: 'Recipients promised',
  reachedNone: 'None of them has received a later update yet.',
  reachedPartial: '{reached} of {recipients} have received a later update; {waiting} are still waiting.',
  actionDueSoon: 'Send an update to the same recipients before the date to keep the promise. A final update also keeps it.',
  actionOverdue: 'Write to them now: say what has happened, when they will hear from you next, and that you are sorry for the delay.',
  link: 'Open the situation and write the next update',
  footer: 'You are receiving this because you work on this situation in tidings. Every reminder is on the audit record.',
} as const;

export type ReminderTextKey = keyof typeof en;
type Catalogue = { readonly [K in ReminderTextKey]: string };

const TEXT = {
  en,
  nb: {
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
  },
  sv: {
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
  },
  nl: {
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
  },
  hu: {
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
  },
} as const satisfies Record<Locale, Catalogue>;

export type ReminderTextParams<K extends ReminderTextKey> = Params<(typeof en)[K]>;

// Compile-time check: every locale uses exactly the placeholders English uses.
type PlaceholderCheck = { [L in Locale]: { [K in ReminderTextKey]: Same<Params<(typeof TEXT)[L][K]>, ReminderTextParams<K>> } };
const placeholdersAgree: PlaceholderCheck extends Record<Locale, Record<ReminderTextKey, true>> ? true : false = true;
void placeholdersAgree;

/** The reminder text `key` in `locale` with its placeholders filled in. */
export function rt<K extends ReminderTextKey>(
  locale: Locale,
  key: K,
  ...vars: [ReminderTextParams<K>] extends [never] ? [] : [Record<ReminderTextParams<K>, string | number>]
): string {
  const values = (vars[0] ?? {}) as Record<string, string | number>;
  const template: string = TEXT[locale][key];
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => String(values[slot] ?? ''));
}

/** A count as the locale writes it ("1,234", "1 234"). */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(n);
}

/**
 * A date and time for officers, in UTC and saying so: "Thursday, 5 March 2026
 * at 15:00 UTC", "torsdag 5. mars 2026 kl. 15:00 UTC". Officers have no time
 * zone of their own in tidings; the dashboard shows UTC too.
 */
export function formatOfficerDateTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A length of time written out in the locale, rounded down: minutes under an
 * hour, hours under two days, then days and hours ("20 hours", "2 days, 4
 * hours", "20 timer", "2 nap és 4 óra"). Negative spans count as their size.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const span = Math.abs(ms);
  const unit = (u: 'minute' | 'hour' | 'day', n: number) => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (span < HOUR) return unit('minute', Math.max(1, Math.floor(span / MINUTE)));
  if (span < 2 * DAY) return unit('hour', Math.floor(span / HOUR));
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  if (hours === 0) return unit('day', days);
  return new Intl.ListFormat(INTL_LOCALE[locale], { type: 'unit', style: 'long' }).format([unit('day', days), unit('hour', hours)]);
}
