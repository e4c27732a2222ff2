import type { Messages } from '../catalogue.ts';

export default {
  notFoundTitle: 'Fant ikke siden',
  notFoundWhat: 'Vi fant ikke det denne siden skal vise ({what}). Det kan være fjernet, eller lenken kan være ufullstendig.',
  notFoundPath: 'Det finnes ingen side på {path}. Lenken kan være feilskrevet eller utdatert, eller siden kan ha flyttet.',
  goToDashboard: 'Gå til oversikten',
  goBack: 'Gå tilbake til siden du kom fra',
  apiDocsTitle: 'API-referanse · {title}',
  apiDocsNoScript: 'Den interaktive referansen trenger JavaScript. Maskinlesbart dokument: {link}.',
  formExpired: 'Skjemaet er utløpt eller kom ikke fra tidings. Last inn siden på nytt og prøv igjen.',
  roleMayNot: 'Rollen din ({role, select, admin {administrator} officer {kommunikasjonsansvarlig} responder {saksbehandler} auditor {revisor} other {{role}}}) har ikke tilgang til dette (krever {permission}).',
  signInFirst: 'Logg inn først.',
  sessionEnded: 'Økten din er avsluttet. Logg inn på nytt.',
  somethingWentWrong: 'Noe gikk galt hos oss. Feilen er logget.',
  uploadTooLarge: 'Filen er større enn grensen på {mb} MB. Del opp filen, eller øk TIDINGS_MAX_UPLOAD_MB.',
} satisfies Messages['shell'];
