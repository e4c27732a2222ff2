import type { Messages } from '../catalogue.ts';

export default {
  notFoundTitle: 'Az oldal nem található',
  notFoundWhat: 'Nem találjuk, amit ez az oldal mutatna ({what}). Lehet, hogy törölték, vagy a hivatkozás hiányos.',
  notFoundPath: 'Nincs oldal ezen a címen: {path}. Lehet, hogy a hivatkozás elgépelt vagy elavult, vagy az oldal máshová került.',
  goToDashboard: 'Ugrás az áttekintéshez',
  goBack: 'Vissza az előző oldalra',
  apiDocsTitle: 'API-referencia · {title}',
  apiDocsNoScript: 'Az interaktív referenciához JavaScript szükséges. Géppel olvasható dokumentum: {link}.',
  formExpired: 'Ez az űrlap lejárt, vagy nem a tidings-ből származik. Töltse be újra az oldalt, és próbálja újra.',
  roleMayNot: 'Az Ön szerepköre ({role, select, admin {adminisztrátor} officer {kommunikációs munkatárs} responder {ügyintéző} auditor {auditor} other {{role}}}) ezt nem teheti meg (szükséges: {permission}).',
  signInFirst: 'Előbb jelentkezzen be.',
  sessionEnded: 'A munkamenete lejárt. Jelentkezzen be újra.',
  somethingWentWrong: 'Hiba történt nálunk. A hibát naplóztuk.',
  uploadTooLarge: 'A feltöltött fájl nagyobb a(z) {mb} MB-os korlátnál. Ossza fel a fájlt, vagy növelje a TIDINGS_MAX_UPLOAD_MB értékét.',
} satisfies Messages['shell'];
