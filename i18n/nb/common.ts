import type { Messages } from '../catalogue.ts';

export default {
  save: 'Lagre',
  cancel: 'Avbryt',
  delete: 'Slett',
  edit: 'Rediger',
  back: 'Tilbake',
  search: 'Søk',
  filter: 'Filtrer',
  yes: 'Ja',
  no: 'Nei',
  none: 'Ingen',
  never: 'aldri',
  actions: 'Handlinger',
  next: 'Neste',
  previous: 'Forrige',
  nextPage: 'Neste side',
  previousPage: 'Forrige side',
  noneYet: 'Ingen ennå.',
  count: '{count, number}',
  utc: '{time} UTC',
} satisfies Messages['common'];
