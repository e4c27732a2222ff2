import type { Messages } from '../catalogue.ts';

export default {
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
} satisfies Messages['auditAnchor'];
