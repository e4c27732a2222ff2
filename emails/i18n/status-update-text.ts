/**
 * Built-in template text for the customer emails, in every supported locale.
 *
 * Written as a careful native speaker would write a warm, plain-language crisis
 * message: formal address where that is the norm (nl "u", hu "Ön"), informal
 * where it is not (nb/sv "du"). Placeholders are `{name}`; the compiler checks
 * that every locale has every key and uses exactly the same placeholders as
 * English, so a translation can never drop the date from the promise.
 */
import type { Locale } from './locales.ts';
import type { Params, Same } from './placeholders.ts';

const en = {
  /** "Update 3" */
  updateLabel: 'Update {n}',
  /** Subject line: "Update 3: <officer's subject>" */
  subject: 'Update {n}: {subject}',
  /** Put in front of the subject of a test send. */
  testSubjectTag: '[TEST]',
  greeting: 'Dear {name},',
  greetingFallback: 'Dear customer,',
  apologyLabel: 'We are sorry',
  thanksLabel: 'Thank you',
  apologyAndThanksLabel: 'We are sorry, and we thank you',
  promise: 'We will write to you again by {date}.',
  /** Stands in for {date} in previews of a draft that has no next-update date yet. */
  dateNotSet: '[no date set yet]',
  final: 'This is our last update on this matter.',
  contactHeading: 'Your contact person',
  contactIntro: '{name}, {role}, reads your replies and answers you personally.',
  phoneLabel: 'Phone',
  replyHint: 'Reply to this email, or write to {email}.',
  statusPageLink: 'Your personal status page',
  statusPageExplanation:
    'All our updates on this matter in one place, with your contact person and a form for your questions. The link is personal to you, so you do not need to log in or remember a password.',
  unsubscribe: 'Stop receiving updates about this matter',
  footerReason: 'You are receiving this email because you are a customer of ours.',
  preheader: 'Update {n} from {organisation}. Your contact person is {contact}.',
  testBanner: 'This is a test. Only you received it; no customer has been sent this email.',
} as const;

export type TextKey = keyof typeof en;
type Catalogue = { readonly [K in TextKey]: string };

const TEXT = {
  en,
  nb: {
    updateLabel: 'Oppdatering {n}',
    subject: 'Oppdatering {n}: {subject}',
    testSubjectTag: '[TEST]',
    greeting: 'Hei {name},',
    greetingFallback: 'Hei,',
    apologyLabel: 'Vi beklager',
    thanksLabel: 'Takk',
    apologyAndThanksLabel: 'Vi beklager – og takk',
    promise: 'Vi skriver til deg igjen innen {date}.',
    dateNotSet: '[ingen dato satt ennå]',
    final: 'Dette er vår siste oppdatering i denne saken.',
    contactHeading: 'Din kontaktperson',
    contactIntro: '{name}, {role}, leser svarene dine og svarer deg personlig.',
    phoneLabel: 'Telefon',
    replyHint: 'Svar på denne e-posten, eller skriv til {email}.',
    statusPageLink: 'Din personlige statusside',
    statusPageExplanation:
      'Her finner du alle oppdateringene våre i saken, kontaktpersonen din og et skjema for spørsmål. Lenken er personlig, så du trenger verken innlogging eller passord.',
    unsubscribe: 'Ikke send meg flere oppdateringer om denne saken',
    footerReason: 'Du får denne e-posten fordi du er kunde hos oss.',
    preheader: 'Oppdatering {n} fra {organisation}. Kontaktpersonen din er {contact}.',
    testBanner: 'Dette er en test. Bare du har fått den – ingen kunder har mottatt denne e-posten.',
  },
  sv: {
    updateLabel: 'Uppdatering {n}',
    subject: 'Uppdatering {n}: {subject}',
    testSubjectTag: '[TEST]',
    greeting: 'Hej {name},',
    greetingFallback: 'Hej,',
    apologyLabel: 'Vi ber om ursäkt',
    thanksLabel: 'Tack',
    apologyAndThanksLabel: 'Vi ber om ursäkt – och tack',
    promise: 'Vi hör av oss igen senast {date}.',
    dateNotSet: '[inget datum satt än]',
    final: 'Det här är vår sista uppdatering i det här ärendet.',
    contactHeading: 'Din kontaktperson',
    contactIntro: '{name}, {role}, läser dina svar och svarar dig personligen.',
    phoneLabel: 'Telefon',
    replyHint: 'Svara på det här mejlet eller skriv till {email}.',
    statusPageLink: 'Din personliga statussida',
    statusPageExplanation:
      'Där hittar du alla våra uppdateringar i ärendet, din kontaktperson och ett formulär för dina frågor. Länken är personlig, så du behöver inte logga in eller komma ihåg något lösenord.',
    unsubscribe: 'Sluta skicka uppdateringar om det här ärendet till mig',
    footerReason: 'Du får det här mejlet eftersom du är kund hos oss.',
    preheader: 'Uppdatering {n} från {organisation}. Din kontaktperson är {contact}.',
    testBanner: 'Det här är ett test. Bara du har fått det – inga kunder har fått det här mejlet.',
  },
  nl: {
    updateLabel: 'Update {n}',
    subject: 'Update {n}: {subject}',
    testSubjectTag: '[TEST]',
    greeting: 'Beste {name},',
    greetingFallback: 'Beste klant,',
    apologyLabel: 'Onze excuses',
    thanksLabel: 'Dank u wel',
    apologyAndThanksLabel: 'Onze excuses, en dank u wel',
    promise: 'We schrijven u uiterlijk {date} opnieuw.',
    dateNotSet: '[nog geen datum ingesteld]',
    final: 'Dit is onze laatste update over deze zaak.',
    contactHeading: 'Uw contactpersoon',
    contactIntro: '{name}, {role}, leest uw antwoorden en helpt u persoonlijk verder.',
    phoneLabel: 'Telefoon',
    replyHint: 'Beantwoord deze e-mail, of schrijf naar {email}.',
    statusPageLink: 'Uw persoonlijke statuspagina',
    statusPageExplanation:
      'Daar vindt u al onze updates over deze zaak, uw contactpersoon en een formulier voor uw vragen. De link is alleen voor u bedoeld: u hoeft niet in te loggen en hebt geen wachtwoord nodig.',
    unsubscribe: 'Geen updates meer ontvangen over deze zaak',
    footerReason: 'U ontvangt deze e-mail omdat u klant bij ons bent.',
    preheader: 'Update {n} van {organisation}. Uw contactpersoon is {contact}.',
    testBanner: 'Dit is een test. Alleen u hebt deze e-mail ontvangen; er is niets naar klanten verstuurd.',
  },
  hu: {
    updateLabel: '{n}. tájékoztató',
    subject: '{n}. tájékoztató: {subject}',
    testSubjectTag: '[TESZT]',
    greeting: 'Kedves {name}!',
    greetingFallback: 'Kedves Ügyfelünk!',
    apologyLabel: 'Elnézést kérünk',
    thanksLabel: 'Köszönjük',
    apologyAndThanksLabel: 'Elnézést kérünk, és köszönjük',
    // {date} is formatted with the temporal suffixes: "2026. március 5-én, csütörtökön".
    promise: 'Legkésőbb {date} újra írunk Önnek.',
    dateNotSet: '[még nincs megadva dátum]',
    final: 'Ez az utolsó tájékoztatásunk ebben az ügyben.',
    contactHeading: 'Az Ön kapcsolattartója',
    contactIntro: '{name} ({role}) olvassa a válaszait, és személyesen válaszol Önnek.',
    phoneLabel: 'Telefon',
    replyHint: 'Válaszoljon erre az e-mailre, vagy írjon ide: {email}.',
    statusPageLink: 'Az Ön személyes ügyféloldala',
    statusPageExplanation:
      'Itt egy helyen megtalálja az üggyel kapcsolatos összes tájékoztatásunkat és a kapcsolattartója elérhetőségét, és kérdést is küldhet nekünk. A link személyre szól, ezért nem kell bejelentkeznie, és jelszóra sincs szüksége.',
    unsubscribe: 'Nem kérek több tájékoztatást ebben az ügyben',
    footerReason: 'Azért kapja ezt az e-mailt, mert ügyfelünk.',
    preheader: '{n}. tájékoztató – {organisation}. Kapcsolattartója: {contact}.',
    testBanner: 'Ez egy teszt. Csak Ön kapta meg, ügyfeleinknek nem küldtük el.',
  },
} as const satisfies Record<Locale, Catalogue>;

/** Placeholders that text `key` takes (English is the reference). */
export type TextParams<K extends TextKey> = Params<(typeof en)[K]>;
export type TextVars<K extends TextKey> = Record<TextParams<K>, string | number>;

// Compile-time check: every locale uses exactly the placeholders English uses.
// If this line fails to compile, a translation added, dropped or misspelt a `{slot}`.
type PlaceholderCheck = {
  [L in Locale]: { [K in TextKey]: Same<Params<(typeof TEXT)[L][K]>, TextParams<K>> };
};
const placeholdersAgree: PlaceholderCheck extends Record<Locale, Record<TextKey, true>> ? true : false = true;
void placeholdersAgree;

/** A template split into literal text and placeholder names, alternating. */
export type TextPart = string | { readonly slot: string };
const compiled = new Map<string, readonly TextPart[]>();

/** The template of `key` in `locale`, split around its placeholders (cached). */
export function textParts(locale: Locale, key: TextKey): readonly TextPart[] {
  const id = `${locale}:${key}`;
  let parts = compiled.get(id);
  if (!parts) {
    const template: string = TEXT[locale][key];
    const out: TextPart[] = [];
    let last = 0;
    for (const m of template.matchAll(/\{(\w+)\}/g)) {
      if (m.index > last) out.push(template.slice(last, m.index));
      out.push({ slot: m[1]! });
      last = m.index + m[0].length;
    }
    if (last < template.length) out.push(template.slice(last));
    parts = out;
    compiled.set(id, parts);
  }
  return parts;
}

/**
 * The built-in text `key` in `locale` with its placeholders filled in.
 * Texts without placeholders take no `vars`; the others require every one.
 */
export function t<K extends TextKey>(
  locale: Locale,
  key: K,
  ...vars: [TextParams<K>] extends [never] ? [] : [TextVars<K>]
): string {
  const values = (vars[0] ?? {}) as Record<string, string | number>;
  let out = '';
  for (const part of textParts(locale, key)) {
    out += typeof part === 'string' ? part : String(values[part.slot] ?? '');
  }
  return out;
}

/**
 * The greeting line for a recipient: "Dear Kari Nordmann," or, when the name is
 * empty (or only whitespace), the locale's neutral greeting ("Dear customer,").
 */
export function greetingFor(locale: Locale, name: string): string {
  const trimmed = name.trim();
  return trimmed === '' ? t(locale, 'greetingFallback') : t(locale, 'greeting', { name: trimmed });
}
