import type { Messages } from '../catalogue.ts';

export default {
  heading: 'Beoordeling: {subject}',
  headingNoSubject: 'Beoordeling: een update nog zonder onderwerp',
  theUpdate: 'De update',
  editedBy: 'Geschreven of gewijzigd door {names}.',
  nobodySignedIn: 'niemand aangemeld',

  audienceHeading: 'Wie hem ontvangt',
  contactPerson: 'Contactpersoon: {person}.',
  contactPersonNone: 'Contactpersoon: niemand gekozen.',
  finalUpdate: 'Dit is de laatste update: er wordt geen volgende toegezegd.',
  nextPromised: 'Volgende update toegezegd voor {date}.',
  nextNotPromised: 'Nog geen volgende update toegezegd.',
  quietHours: 'Voor elke klant vastgehouden tot het overdag is op diens eigen klok.',

  changesHeading: 'Wat er is veranderd sinds de laatst verzonden update',
  firstUpdate: 'Deze situatie heeft nog geen update verzonden: alles hier is nieuw voor de klanten.',
  nothingDiffers: 'Niets verschilt van update {number} in onderwerp, tekst, excuses/dank, contactpersoon of datum.',
  nothingDiffersUnnumbered: 'Niets verschilt van de laatst verzonden update in onderwerp, tekst, excuses/dank, contactpersoon of datum.',
  comparedWith: 'Vergeleken met update {number}: toegevoegde woorden zijn onderstreept, verwijderde doorgehaald.',
  comparedWithUnnumbered: 'Vergeleken met de laatst verzonden update: toegevoegde woorden zijn onderstreept, verwijderde doorgehaald.',
  changeSubject: 'Onderwerp ({locale})',
  changeBody: 'Tekst ({locale})',
  changeLanguageAcknowledgement: 'Excuses/dank ({locale})',
  changeAcknowledgement: 'Excuses/dank',
  changeContactPerson: 'Contactpersoon',
  changeNextUpdate: 'Volgende update',
  noOwnAcknowledgement: '(geen eigen tekst: leest de algemene excuses/dank)',
  noNextUpdate: 'laatste update: geen volgende update toegezegd',

  languagesHeading: 'Wat ontvangers zullen lezen',
  noLanguageComplete: 'Nog geen enkele taal is volledig.',
  defaultLanguage: '{language} (standaard: klanten met een andere taal lezen deze)',
  asHtml: 'De e-mail als HTML',

  approveHeading: 'Goedkeuren',
  nothingToApprove: 'Deze update {status, select, approved {is goedgekeurd} scheduled {is ingepland} sending {wordt nu verzonden} sent {is verzonden} cancelled {is geannuleerd} other {heeft de status {status}}}; er valt niets goed te keuren.',
  mayNotApprove: 'Uw rol mag deze beoordeling lezen, maar niet goedkeuren.',
  checklistFirst: 'Hij kan pas worden goedgekeurd als de checklist hierboven compleet is.',
  fourEyes: 'U hebt deze update geschreven of gewijzigd, dus een collega moet hem goedkeuren (vier ogen): alleen iemand die hem niet heeft geschreven of gewijzigd, mag hem goedkeuren.',
  approvalCovers: 'Uw goedkeuring geldt precies voor wat deze pagina toont. Als de update of de samenstelling van de segmenten verandert voordat u goedkeurt, wordt u gevraagd hem opnieuw te beoordelen.',
} satisfies Messages['review'];
