import type { Messages } from '../catalogue.ts';

export default {
  heading: 'Ellenőrzés: {subject}',
  headingNoSubject: 'Ellenőrzés: egy még tárgy nélküli tájékoztató',
  theUpdate: 'A tájékoztató',
  editedBy: 'Írta vagy módosította: {names}.',
  nobodySignedIn: 'nem bejelentkezett felhasználó',

  audienceHeading: 'Kik kapják meg',
  contactPerson: 'Kapcsolattartó: {person}.',
  contactPersonNone: 'Kapcsolattartó: nincs kiválasztva.',
  finalUpdate: 'Ez az utolsó tájékoztató: nem ígér következőt.',
  nextPromised: 'A következő tájékoztató ígért időpontja: {date}.',
  nextNotPromised: 'Még nincs ígért időpont a következő tájékoztatóra.',
  quietHours: 'Minden ügyfélnél visszatartva, amíg az ő ideje szerint nappal nem lesz.',

  changesHeading: 'Mi változott a legutóbb elküldött tájékoztató óta',
  firstUpdate: 'Ebben az ügyben még nem ment ki tájékoztató: itt minden új az ügyfeleknek.',
  nothingDiffers: 'Tárgyban, szövegben, bocsánatkérésben/köszönetben, kapcsolattartóban és időpontban semmi sem tér el a(z) {number}. tájékoztatótól.',
  nothingDiffersUnnumbered: 'Tárgyban, szövegben, bocsánatkérésben/köszönetben, kapcsolattartóban és időpontban semmi sem tér el a legutóbb elküldött tájékoztatótól.',
  comparedWith: 'Összevetve a(z) {number}. tájékoztatóval: az új szavak aláhúzva, a töröltek áthúzva.',
  comparedWithUnnumbered: 'Összevetve a legutóbb elküldött tájékoztatóval: az új szavak aláhúzva, a töröltek áthúzva.',
  changeSubject: 'Tárgy ({locale})',
  changeBody: 'Szöveg ({locale})',
  changeLanguageAcknowledgement: 'Bocsánatkérés/köszönet ({locale})',
  changeAcknowledgement: 'Bocsánatkérés/köszönet',
  changeContactPerson: 'Kapcsolattartó',
  changeNextUpdate: 'Következő tájékoztató',
  noOwnAcknowledgement: '(nincs saját: a közös bocsánatkérést/köszönetet olvassák)',
  noNextUpdate: 'utolsó tájékoztató: nem ígér következőt',

  languagesHeading: 'Mit fognak olvasni a címzettek',
  noLanguageComplete: 'Még egyik nyelv sem teljes.',
  defaultLanguage: '{language} (alapértelmezett: a más nyelvű ügyfelek ezt olvassák)',
  asHtml: 'Az e-mail HTML-ként',

  approveHeading: 'Jóváhagyás',
  nothingToApprove: 'Ez a tájékoztató {status, select, approved {már jóvá van hagyva} scheduled {ütemezve van} sending {éppen küldés alatt áll} sent {már el lett küldve} cancelled {vissza lett vonva} other {{status} állapotú}}; nincs mit jóváhagyni.',
  mayNotApprove: 'Az Ön szerepköre olvashatja ezt az ellenőrzést, de nem hagyhat jóvá.',
  checklistFirst: 'Addig nem hagyható jóvá, amíg a fenti ellenőrzőlista nem teljes.',
  fourEyes: 'Ön írta vagy módosította ezt a tájékoztatót, ezért egy kollégának kell jóváhagynia (négy szem elve): csak olyan valaki hagyhatja jóvá, aki nem írta és nem is módosította.',
  approvalCovers: 'A jóváhagyása pontosan arra vonatkozik, amit ez az oldal mutat. Ha a tájékoztató vagy a szegmensei tagsága a jóváhagyás előtt megváltozik, újra át kell néznie.',
} satisfies Messages['review'];
