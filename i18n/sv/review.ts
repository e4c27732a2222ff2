import type { Messages } from '../catalogue.ts';

export default {
  heading: 'Granskning: {subject}',
  headingNoSubject: 'Granskning: en uppdatering utan ämne ännu',
  theUpdate: 'Uppdateringen',
  editedBy: 'Skriven eller ändrad av {names}.',
  nobodySignedIn: 'ingen inloggad användare',

  audienceHeading: 'Vem som får den',
  contactPerson: 'Kontaktperson: {person}.',
  contactPersonNone: 'Kontaktperson: ingen vald.',
  finalUpdate: 'Detta är den sista uppdateringen: den lovar ingen ny.',
  nextPromised: 'Nästa uppdatering är utlovad senast {date}.',
  nextNotPromised: 'Ingen nästa uppdatering är utlovad ännu.',
  quietHours: 'Hålls för varje kund tills det är dag enligt kundens egen klocka.',

  changesHeading: 'Vad som har ändrats sedan den senast skickade uppdateringen',
  firstUpdate: 'Det här ärendet har inte skickat någon uppdatering ännu: allt här är nytt för kunderna.',
  nothingDiffers: 'Inget skiljer sig från uppdatering {number} i ämne, text, ursäkt/tack, kontaktperson eller datum.',
  nothingDiffersUnnumbered: 'Inget skiljer sig från den senast skickade uppdateringen i ämne, text, ursäkt/tack, kontaktperson eller datum.',
  comparedWith: 'Jämfört med uppdatering {number}: tillagda ord är understrukna, borttagna är överstrukna.',
  comparedWithUnnumbered: 'Jämfört med den senast skickade uppdateringen: tillagda ord är understrukna, borttagna är överstrukna.',
  changeSubject: 'Ämne ({locale})',
  changeBody: 'Text ({locale})',
  changeLanguageAcknowledgement: 'Ursäkt/tack ({locale})',
  changeAcknowledgement: 'Ursäkt/tack',
  changeContactPerson: 'Kontaktperson',
  changeNextUpdate: 'Nästa uppdatering',
  noOwnAcknowledgement: '(ingen egen: läser den gemensamma ursäkten/tacket)',
  noNextUpdate: 'sista uppdateringen: ingen ny uppdatering utlovad',

  languagesHeading: 'Vad mottagarna kommer att läsa',
  noLanguageComplete: 'Inget språk är fullständigt ännu.',
  defaultLanguage: '{language} (standard: kunder med andra språk läser den här)',
  asHtml: 'E-postmeddelandet som HTML',

  approveHeading: 'Godkänn',
  nothingToApprove: 'Den här uppdateringen {status, select, approved {är godkänd} scheduled {är schemalagd} sending {skickas just nu} sent {är skickad} cancelled {är avbruten} other {har status {status}}}; det finns inget att godkänna.',
  mayNotApprove: 'Din roll får läsa den här granskningen men inte godkänna.',
  checklistFirst: 'Den kan inte godkännas förrän checklistan ovan är klar.',
  fourEyes: 'Du skrev eller ändrade den här uppdateringen, så en kollega måste godkänna den (fyra ögon): bara någon som varken skrev eller ändrade den får godkänna den.',
  approvalCovers: 'Ditt godkännande gäller exakt det som den här sidan visar. Om uppdateringen eller vilka som finns i dess segment ändras innan du godkänner, blir du ombedd att granska den igen.',
} satisfies Messages['review'];
