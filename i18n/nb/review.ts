import type { Messages } from '../catalogue.ts';

export default {
  heading: 'Gjennomgang: {subject}',
  headingNoSubject: 'Gjennomgang: en oppdatering uten emne ennå',
  theUpdate: 'Oppdateringen',
  editedBy: 'Skrevet eller endret av {names}.',
  nobodySignedIn: 'ingen innlogget bruker',

  audienceHeading: 'Hvem som mottar den',
  contactPerson: 'Kontaktperson: {person}.',
  contactPersonNone: 'Kontaktperson: ingen valgt.',
  finalUpdate: 'Dette er den siste oppdateringen: den lover ingen ny.',
  nextPromised: 'Neste oppdatering er lovet innen {date}.',
  nextNotPromised: 'Ingen neste oppdatering er lovet ennå.',
  quietHours: 'Holdes tilbake for hver kunde til det er dag på kundens egen klokke.',

  changesHeading: 'Hva som er endret siden forrige sendte oppdatering',
  firstUpdate: 'Denne saken har ikke sendt noen oppdatering ennå: alt her er nytt for kundene.',
  nothingDiffers: 'Ingenting skiller seg fra oppdatering {number} i emne, tekst, beklagelse/takk, kontaktperson eller dato.',
  nothingDiffersUnnumbered: 'Ingenting skiller seg fra den sist sendte oppdateringen i emne, tekst, beklagelse/takk, kontaktperson eller dato.',
  comparedWith: 'Sammenlignet med oppdatering {number}: nye ord er understreket, fjernede ord er gjennomstreket.',
  comparedWithUnnumbered: 'Sammenlignet med den sist sendte oppdateringen: nye ord er understreket, fjernede ord er gjennomstreket.',
  changeSubject: 'Emne ({locale})',
  changeBody: 'Tekst ({locale})',
  changeLanguageAcknowledgement: 'Beklagelse/takk ({locale})',
  changeAcknowledgement: 'Beklagelse/takk',
  changeContactPerson: 'Kontaktperson',
  changeNextUpdate: 'Neste oppdatering',
  noOwnAcknowledgement: '(ingen egen: leser den felles beklagelsen/takken)',
  noNextUpdate: 'siste oppdatering: ingen ny oppdatering lovet',

  languagesHeading: 'Hva mottakerne vil lese',
  noLanguageComplete: 'Ingen språk er fullstendige ennå.',
  defaultLanguage: '{language} (standard: kunder med andre språk leser denne)',
  asHtml: 'E-posten som HTML',

  approveHeading: 'Godkjenn',
  nothingToApprove: 'Denne oppdateringen {status, select, approved {er godkjent} scheduled {er planlagt} sending {sendes nå} sent {er sendt} cancelled {er avbrutt} other {har status {status}}}; det er ingenting å godkjenne.',
  mayNotApprove: 'Rollen din kan lese denne gjennomgangen, men ikke godkjenne.',
  checklistFirst: 'Den kan ikke godkjennes før sjekklisten ovenfor er fullført.',
  fourEyes: 'Du skrev eller endret denne oppdateringen, så en kollega må godkjenne den (fire øyne): bare noen som verken skrev eller endret den, kan godkjenne den.',
  approvalCovers: 'Godkjenningen din gjelder nøyaktig det denne siden viser. Endres oppdateringen eller hvem som er i segmentene før du godkjenner, blir du bedt om å gå gjennom den på nytt.',
} satisfies Messages['review'];
