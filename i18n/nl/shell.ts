import type { Messages } from '../catalogue.ts';

export default {
  notFoundTitle: 'Pagina niet gevonden',
  notFoundWhat: 'We konden niet vinden wat deze pagina toont ({what}). Het is misschien verwijderd, of de link is onvolledig.',
  notFoundPath: 'Er is geen pagina op {path}. De link is misschien verkeerd getypt of verouderd, of de pagina is verplaatst.',
  goToDashboard: 'Naar het overzicht',
  goBack: 'Terug naar de pagina waar u vandaan kwam',
  apiDocsTitle: 'API-referentie · {title}',
  apiDocsNoScript: 'De interactieve referentie heeft JavaScript nodig. Machineleesbaar document: {link}.',
  formExpired: 'Dit formulier is verlopen of kwam niet van tidings. Laad de pagina opnieuw en probeer het nog eens.',
  roleMayNot: 'Uw rol ({role, select, admin {beheerder} officer {communicatiemedewerker} responder {behandelaar} auditor {auditor} other {{role}}}) mag dit niet (vereist {permission}).',
  signInFirst: 'Meld u eerst aan.',
  sessionEnded: 'Uw sessie is beëindigd. Meld u opnieuw aan.',
  somethingWentWrong: 'Er ging bij ons iets mis. De fout is vastgelegd.',
  uploadTooLarge: 'Het bestand is groter dan de limiet van {mb} MB. Splits het bestand of verhoog TIDINGS_MAX_UPLOAD_MB.',
} satisfies Messages['shell'];
