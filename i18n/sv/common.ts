import type { Messages } from '../catalogue.ts';

export default {
  save: 'Spara',
  cancel: 'Avbryt',
  delete: 'Ta bort',
  edit: 'Redigera',
  back: 'Tillbaka',
  search: 'Sök',
  filter: 'Filtrera',
  yes: 'Ja',
  no: 'Nej',
  none: 'Inga',
  never: 'aldrig',
  actions: 'Åtgärder',
  next: 'Nästa',
  previous: 'Föregående',
  nextPage: 'Nästa sida',
  previousPage: 'Föregående sida',
  noneYet: 'Inga ännu.',
  count: '{count, number}',
  utc: '{time} UTC',
} satisfies Messages['common'];
