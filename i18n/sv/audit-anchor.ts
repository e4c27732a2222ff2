import type { Messages } from '../catalogue.ts';

export default {
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
} satisfies Messages['auditAnchor'];
