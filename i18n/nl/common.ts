import type { Messages } from '../catalogue.ts';

export default {
  save: 'Opslaan',
  cancel: 'Annuleren',
  delete: 'Verwijderen',
  edit: 'Bewerken',
  back: 'Terug',
  search: 'Zoeken',
  filter: 'Filteren',
  yes: 'Ja',
  no: 'Nee',
  none: 'Geen',
  never: 'nooit',
  actions: 'Acties',
  next: 'Volgende',
  previous: 'Vorige',
  nextPage: 'Volgende pagina',
  previousPage: 'Vorige pagina',
  noneYet: 'Nog geen.',
  count: '{count, number}',
  utc: '{time} UTC',
} satisfies Messages['common'];
