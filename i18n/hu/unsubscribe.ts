import type { Messages } from '../catalogue.ts';

export default {
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
  recordLabel: 'Leiratkozott',
  recordAll: 'Minden tájékoztató ({date} óta)',
  recordSituation: 'Tájékoztatók ebben az ügyben: {situation} ({date} óta)',
} satisfies Messages['unsubscribe'];
