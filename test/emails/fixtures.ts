/**
 * A realistic update in every built-in locale: a book club going through a
 * court-supervised restructuring, as an officer would write it.
 */
import type { Locale } from '../../src/config.ts';
import type { RecipientValues } from '../../src/sending/personalise.ts';
import type { VariantInput } from '../../src/sending/render.ts';

export const PROMISED = new Date('2026-03-05T15:00:00Z'); // Thursday 5 March 2026 in Europe
export const TIME_ZONE = 'Europe/Oslo';

/** The promise sentence for PROMISED, as a native speaker writes it. */
export const PROMISE_SENTENCE: Record<Locale, string> = {
  en: 'We will write to you again by Thursday 5 March 2026.',
  nb: 'Vi skriver til deg igjen innen torsdag 5. mars 2026.',
  sv: 'Vi hör av oss igen senast torsdag 5 mars 2026.',
  nl: 'We schrijven u uiterlijk donderdag 5 maart 2026 opnieuw.',
  hu: 'Legkésőbb 2026. március 5-én, csütörtökön újra írunk Önnek.',
};

export const FINAL_SENTENCE: Record<Locale, string> = {
  en: 'This is our last update on this matter.',
  nb: 'Dette er vår siste oppdatering i denne saken.',
  sv: 'Det här är vår sista uppdatering i det här ärendet.',
  nl: 'Dit is onze laatste update over deze zaak.',
  hu: 'Ez az utolsó tájékoztatásunk ebben az ügyben.',
};

interface LocalContent {
  situationTitle: string;
  subject: string;
  body: string;
  apology: string;
  role: string;
  customer: string;
}

export const CONTENT: Record<Locale, LocalContent> = {
  en: {
    situationTitle: "Bokklubben's restructuring",
    subject: "What the court's decision means for your membership",
    body: 'On Monday the court approved our restructuring plan. **Your membership continues as before.**\n\n- Paid books are sent by 20 March.\n- Your bonus points are kept.\n\nThe plan is published at https://www.bokklubben.no/plan.',
    apology: 'We are sorry that February deliveries were late and that we did not tell you sooner.',
    role: 'Head of member relations',
    customer: 'Kari Nordmann',
  },
  nb: {
    situationTitle: 'Rekonstruksjonen av Bokklubben',
    subject: 'Hva rettens beslutning betyr for medlemskapet ditt',
    body: 'Mandag godkjente tingretten rekonstruksjonsplanen vår. **Medlemskapet ditt fortsetter som før.**\n\n- Bøker du har betalt for, sendes innen 20. mars.\n- Bonuspoengene dine beholdes.\n\nPlanen ligger på https://www.bokklubben.no/plan.',
    apology: 'Vi beklager at leveransene i februar kom for sent, og at vi ikke sa fra tidligere.',
    role: 'leder for medlemsservice',
    customer: 'Kari Nordmann',
  },
  sv: {
    situationTitle: 'Bokklubbens rekonstruktion',
    subject: 'Vad domstolens beslut betyder för ditt medlemskap',
    body: 'I måndags godkände tingsrätten vår rekonstruktionsplan. **Ditt medlemskap fortsätter som vanligt.**\n\n- Böcker du har betalat skickas senast 20 mars.\n- Dina bonuspoäng finns kvar.\n\nPlanen finns på https://www.bokklubben.no/plan.',
    apology: 'Vi ber om ursäkt för att leveranserna i februari blev försenade och för att vi inte hörde av oss tidigare.',
    role: 'chef för medlemsservice',
    customer: 'Anna Svensson',
  },
  nl: {
    situationTitle: 'Herstructurering van Bokklubben',
    subject: 'Wat de uitspraak van de rechter betekent voor uw lidmaatschap',
    body: 'Maandag heeft de rechtbank ons herstructureringsplan goedgekeurd. **Uw lidmaatschap loopt gewoon door.**\n\n- Betaalde boeken worden uiterlijk 20 maart verstuurd.\n- Uw bonuspunten blijven behouden.\n\nHet plan staat op https://www.bokklubben.no/plan.',
    apology: 'Het spijt ons dat de leveringen in februari te laat waren en dat we u niet eerder hebben ingelicht.',
    role: 'hoofd ledenservice',
    customer: 'Sanne de Vries',
  },
  hu: {
    situationTitle: 'A Bokklubben szerkezetátalakítása',
    subject: 'Mit jelent a bíróság döntése az Ön tagsága számára',
    body: 'Hétfőn a bíróság jóváhagyta a szerkezetátalakítási tervünket. **Az Ön tagsága a megszokott módon folytatódik.**\n\n- A kifizetett könyveket március 20-ig elküldjük.\n- A bónuszpontjai megmaradnak.\n\nA terv itt olvasható: https://www.bokklubben.no/plan.',
    apology: 'Elnézést kérünk, hogy a februári szállítások késtek, és hogy nem szóltunk erről korábban.',
    role: 'tagkapcsolati vezető',
    customer: 'Kovács Anna',
  },
};

export function variantInput(locale: Locale, overrides: Partial<VariantInput> = {}): VariantInput {
  const c = CONTENT[locale];
  return {
    locale,
    organisation: 'Bokklubben',
    situationTitle: c.situationTitle,
    updateNumber: 3,
    subject: c.subject,
    bodyMarkdown: c.body,
    acknowledgement: { kind: 'apology', text: c.apology },
    contactPoint: { name: 'Ingrid Dahl', role: c.role, phone: '+47 22 12 34 56', email: 'ingrid.dahl@bokklubben.no' },
    final: false,
    ...overrides,
  };
}

export function recipient(overrides: Partial<RecipientValues> = {}): RecipientValues {
  return {
    name: 'Kari Nordmann',
    statusUrl: 'https://tidings.bokklubben.no/c/eyJjIjo0Mn0.sig?lang=nb&v=3',
    unsubscribeUrl: 'https://tidings.bokklubben.no/unsubscribe/eyJzIjo3fQ.sig',
    replyTo: 'r-7-42@replies.bokklubben.no',
    promisedDate: 'Thursday 5 March 2026',
    ...overrides,
  };
}
