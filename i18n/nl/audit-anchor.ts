import type { Messages } from '../catalogue.ts';

export default {
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
} satisfies Messages['auditAnchor'];
