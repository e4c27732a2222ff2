import type { Messages } from '../catalogue.ts';

export default {
  notFoundTitle: 'Sidan hittades inte',
  notFoundWhat: 'Vi hittade inte det som den här sidan ska visa ({what}). Det kan ha tagits bort, eller så är länken ofullständig.',
  notFoundPath: 'Det finns ingen sida på {path}. Länken kan vara felstavad eller inaktuell, eller så har sidan flyttats.',
  goToDashboard: 'Gå till översikten',
  goBack: 'Gå tillbaka till sidan du kom från',
  apiDocsTitle: 'API-referens · {title}',
  apiDocsNoScript: 'Den interaktiva referensen kräver JavaScript. Maskinläsbart dokument: {link}.',
  formExpired: 'Formuläret har gått ut eller kom inte från tidings. Ladda om sidan och försök igen.',
  roleMayNot: 'Din roll ({role, select, admin {administratör} officer {kommunikatör} responder {handläggare} auditor {granskare} other {{role}}}) får inte göra det här (kräver {permission}).',
  signInFirst: 'Logga in först.',
  sessionEnded: 'Din session har avslutats. Logga in igen.',
  somethingWentWrong: 'Något gick fel hos oss. Felet har loggats.',
  uploadTooLarge: 'Filen är större än gränsen på {mb} MB. Dela upp filen eller höj TIDINGS_MAX_UPLOAD_MB.',
} satisfies Messages['shell'];
