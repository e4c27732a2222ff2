/**
 * Built-in text of the daily anchor sent to auditors (emails/audit-anchor.tsx),
 * in every supported locale; the same rules as promise-reminder.ts: `{slot}`
 * placeholders, checked at compile time against English.
 */
import type { Locale } from './locales.ts';
import type { Params, Same } from './placeholders.ts';

const en = {
  subject: 'Audit anchor for {day}: entry {seq}',
  preheader: 'Keep this email: it lets you prove later that the audit record was not cut back or rewritten.',
  heading: 'Today’s anchor of the audit record',
  greeting: 'Hello {name},',
  greetingFallback: 'Hello,',
  intro: 'This is the newest entry of the audit record of {organisation} as of {day}. Keep this email outside tidings.',
  anchorLabel: 'Anchor',
  intact: 'The chain was checked when this anchor was taken: every link holds.',
  broken: 'The chain was checked when this anchor was taken and it is BROKEN. Open the audit page and check the integrity now.',
  howTo: 'To check the record later, enter the anchor on the audit page, or run: tidings audit verify --anchor {anchor}. If that entry is gone or has another hash, the record was changed after today.',
  link: 'Open the audit log',
  footer: 'You receive this once a day because you are an auditor in tidings.',
} as const;

export type AnchorTextKey = keyof typeof en;
type Catalogue = { readonly [K in AnchorTextKey]: string };

const TEXT = {
  en,
  nb: {
    subject: 'Revisjonsanker for {day}: oppføring {seq}',
    preheader: 'Ta vare på denne e-posten: med den kan du senere bevise at revisjonsloggen ikke er kuttet eller skrevet om.',
    heading: 'Dagens anker for revisjonsloggen',
    greeting: 'Hei {name},',
    greetingFallback: 'Hei,',
    intro: 'Dette er den nyeste oppføringen i revisjonsloggen til {organisation} per {day}. Ta vare på denne e-posten utenfor tidings.',
    anchorLabel: 'Anker',
    intact: 'Kjeden ble kontrollert da ankeret ble tatt: alle ledd holder.',
    broken: 'Kjeden ble kontrollert da ankeret ble tatt, og den er BRUTT. Åpne revisjonssiden og kontroller integriteten nå.',
    howTo: 'For å kontrollere loggen senere, skriv inn ankeret på revisjonssiden, eller kjør: tidings audit verify --anchor {anchor}. Hvis oppføringen mangler eller har en annen hash, er loggen endret etter i dag.',
    link: 'Åpne revisjonsloggen',
    footer: 'Du får denne én gang om dagen fordi du er revisor i tidings.',
  },
  sv: {
    subject: 'Revisionsankare för {day}: post {seq}',
    preheader: 'Spara detta mejl: med det kan du senare bevisa att revisionsloggen inte har kortats eller skrivits om.',
    heading: 'Dagens ankare för revisionsloggen',
    greeting: 'Hej {name},',
    greetingFallback: 'Hej,',
    intro: 'Detta är den senaste posten i revisionsloggen för {organisation} per {day}. Spara detta mejl utanför tidings.',
    anchorLabel: 'Ankare',
    intact: 'Kedjan kontrollerades när ankaret togs: varje länk håller.',
    broken: 'Kedjan kontrollerades när ankaret togs och den är BRUTEN. Öppna revisionssidan och kontrollera integriteten nu.',
    howTo: 'För att kontrollera loggen senare, ange ankaret på revisionssidan eller kör: tidings audit verify --anchor {anchor}. Om posten saknas eller har en annan hash har loggen ändrats efter i dag.',
    link: 'Öppna revisionsloggen',
    footer: 'Du får detta en gång om dagen eftersom du är revisor i tidings.',
  },
  nl: {
    subject: 'Auditanker voor {day}: regel {seq}',
    preheader: 'Bewaar deze e-mail: hiermee kunt u later aantonen dat het auditlog niet is ingekort of herschreven.',
    heading: 'Het anker van vandaag voor het auditlog',
    greeting: 'Beste {name},',
    greetingFallback: 'Beste,',
    intro: 'Dit is de nieuwste regel van het auditlog van {organisation} op {day}. Bewaar deze e-mail buiten tidings.',
    anchorLabel: 'Anker',
    intact: 'De keten is gecontroleerd toen dit anker werd genomen: elke schakel klopt.',
    broken: 'De keten is gecontroleerd toen dit anker werd genomen en is GEBROKEN. Open de auditpagina en controleer de integriteit nu.',
    howTo: 'Om het log later te controleren, voert u het anker in op de auditpagina of draait u: tidings audit verify --anchor {anchor}. Ontbreekt die regel of heeft hij een andere hash, dan is het log na vandaag gewijzigd.',
    link: 'Open het auditlog',
    footer: 'U ontvangt dit eenmaal per dag omdat u auditor bent in tidings.',
  },
  hu: {
    subject: 'Naplóhorgony, {day}: {seq}. bejegyzés',
    preheader: 'Őrizze meg ezt az e-mailt: később ezzel igazolhatja, hogy a naplót nem vágták vissza és nem írták át.',
    heading: 'A napló mai horgonya',
    greeting: 'Kedves {name}!',
    greetingFallback: 'Tisztelt Címzett!',
    intro: 'Ez a(z) {organisation} naplójának legújabb bejegyzése, állapot: {day}. Őrizze meg ezt az e-mailt a tidingsen kívül.',
    anchorLabel: 'Horgony',
    intact: 'A láncot a horgony rögzítésekor ellenőriztük: minden láncszem ép.',
    broken: 'A láncot a horgony rögzítésekor ellenőriztük, és SÉRÜLT. Nyissa meg a naplóoldalt, és ellenőrizze most az épségét.',
    howTo: 'A napló későbbi ellenőrzéséhez adja meg a horgonyt a naplóoldalon, vagy futtassa: tidings audit verify --anchor {anchor}. Ha a bejegyzés hiányzik vagy más a hash-e, a naplót a mai nap után módosították.',
    link: 'A napló megnyitása',
    footer: 'Naponta egyszer kapja ezt, mert auditor a tidingsben.',
  },
} as const satisfies Record<Locale, Catalogue>;

export type AnchorTextParams<K extends AnchorTextKey> = Params<(typeof en)[K]>;

// Compile-time check: every locale uses exactly the placeholders English uses.
type PlaceholderCheck = { [L in Locale]: { [K in AnchorTextKey]: Same<Params<(typeof TEXT)[L][K]>, AnchorTextParams<K>> } };
const placeholdersAgree: PlaceholderCheck extends Record<Locale, Record<AnchorTextKey, true>> ? true : false = true;
void placeholdersAgree;

/** The anchor email's text `key` in `locale` with its placeholders filled in. */
export function at<K extends AnchorTextKey>(
  locale: Locale,
  key: K,
  ...vars: [AnchorTextParams<K>] extends [never] ? [] : [Record<AnchorTextParams<K>, string | number>]
): string {
  const values = (vars[0] ?? {}) as Record<string, string | number>;
  const template: string = TEXT[locale][key];
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => String(values[slot] ?? ''));
}
