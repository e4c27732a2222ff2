/**
 * Text of the customer's unsubscribe pages, in every supported locale.
 *
 * Same voice as the emails (emails/i18n/status-update-text.ts): plain and warm, formal
 * address where that is the norm (nl "u", hu "Ön"), informal in nb and sv.
 * `{situation}` is the situation's title, wrapped in each language's own
 * quotation marks. The compiler checks that every locale has every key.
 */
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';

const en = {
  pageTitle: 'Your email updates',
  heading: 'Updates about “{situation}”',
  intro: 'You receive our emails about this matter because you are a customer of ours. Choose what you no longer want to receive.',
  stopSituation: 'Stop updates about this matter',
  stopSituationHint: 'We will still keep you informed about other matters.',
  stopAll: 'Stop all updates from us',
  stopAllHint: 'You will receive no more updates from us, about this matter or any other.',
  questions: 'Do you have a question? Reply to any of our emails and your contact person will answer you personally.',
  doneSituation: 'You will no longer receive updates about “{situation}”',
  thanks: 'Thank you for letting us know.',
  ratherNothing: 'Would you rather not receive any other updates from us either?',
  doneAll: 'You will no longer receive any updates from us',
  invalidHeading: 'This link does not work',
  invalidText: 'The link may have been changed or only partly copied. Please open the unsubscribe link in one of our emails again, or reply to that email and we will help you.',
  expiredHeading: 'This link has expired',
  expiredText: 'For your security, the links in our emails only work for a limited time. Please use the link in a more recent email from us, or reply to one of our emails and we will help you.',
} as const;

export type UnsubscribeTextKey = keyof typeof en;
type Catalogue = { readonly [K in UnsubscribeTextKey]: string };

const TEXT: Record<Locale, Catalogue> = {
  en,
  nb: {
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
  },
  sv: {
    pageTitle: 'Uppdateringar via mejl',
    heading: 'Uppdateringar om ”{situation}”',
    intro: 'Du får mejl från oss om det här ärendet eftersom du är kund hos oss. Välj vad du inte längre vill få.',
    stopSituation: 'Stoppa uppdateringar om det här ärendet',
    stopSituationHint: 'Vi håller dig fortfarande informerad om andra ärenden.',
    stopAll: 'Stoppa alla uppdateringar från oss',
    stopAllHint: 'Du får inga fler uppdateringar från oss, varken om det här ärendet eller något annat.',
    questions: 'Har du frågor? Svara på något av våra mejl så svarar din kontaktperson dig personligen.',
    doneSituation: 'Du får inte längre uppdateringar om ”{situation}”',
    thanks: 'Tack för att du hörde av dig.',
    ratherNothing: 'Vill du inte heller få andra uppdateringar från oss?',
    doneAll: 'Du får inte längre några uppdateringar från oss',
    invalidHeading: 'Länken fungerar inte',
    invalidText: 'Länken kan ha ändrats eller bara kopierats delvis. Öppna avregistreringslänken i något av våra mejl igen, eller svara på mejlet så hjälper vi dig.',
    expiredHeading: 'Länken har slutat gälla',
    expiredText: 'För din säkerhet fungerar länkarna i våra mejl bara under en begränsad tid. Använd länken i ett nyare mejl från oss, eller svara på något av våra mejl så hjälper vi dig.',
  },
  nl: {
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
  },
  hu: {
    pageTitle: 'E-mailes tájékoztatás',
    heading: 'Tájékoztatóink ebben az ügyben: „{situation}”',
    intro: 'Ön azért kap tőlünk e-maileket ebben az ügyben, mert az ügyfelünk. Kérjük, válassza ki, mit nem szeretne a továbbiakban kapni.',
    stopSituation: 'Nem kérek több tájékoztatást ebben az ügyben',
    stopSituationHint: 'Más ügyekről továbbra is tájékoztatjuk Önt.',
    stopAll: 'Egyáltalán nem kérek több tájékoztatást',
    stopAllHint: 'Ezután semmilyen ügyben nem küldünk Önnek tájékoztatást.',
    questions: 'Kérdése van? Válaszoljon bármelyik e-mailünkre, és kapcsolattartója személyesen válaszol Önnek.',
    doneSituation: 'Ebben az ügyben nem küldünk Önnek több tájékoztatást: „{situation}”',
    thanks: 'Köszönjük, hogy jelezte.',
    ratherNothing: 'Más ügyekben sem szeretne tőlünk tájékoztatást kapni?',
    doneAll: 'Nem küldünk Önnek több tájékoztatást',
    invalidHeading: 'Ez a hivatkozás nem működik',
    invalidText: 'Lehet, hogy a hivatkozás megváltozott, vagy csak részben sikerült kimásolni. Kérjük, nyissa meg újra a leiratkozási hivatkozást valamelyik e-mailünkben, vagy válaszoljon arra az e-mailre, és segítünk.',
    expiredHeading: 'Ez a hivatkozás lejárt',
    expiredText: 'Biztonsági okokból az e-mailjeinkben lévő hivatkozások csak korlátozott ideig érvényesek. Kérjük, használja egy újabb e-mailünk hivatkozását, vagy válaszoljon valamelyik e-mailünkre, és segítünk.',
  },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The text in that locale, with `{situation}` filled in (as plain text; JSX escapes it). */
export function unsubscribeText(locale: Locale, key: UnsubscribeTextKey, situation = ''): string {
  return TEXT[locale][key].replace('{situation}', situation);
}

/**
 * The best supported locale from an Accept-Language header, for pages shown
 * before we know who the customer is (a broken link). Falls back to English.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0]!;
    // Norwegian: "no" and "nn" readers are served Bokmål.
    const candidate = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (isLocale(candidate)) return candidate;
  }
  return 'en';
}
