import type { Messages } from '../catalogue.ts';

export default {
  save: 'Mentés',
  cancel: 'Mégse',
  delete: 'Törlés',
  edit: 'Szerkesztés',
  back: 'Vissza',
  search: 'Keresés',
  filter: 'Szűrés',
  yes: 'Igen',
  no: 'Nem',
  none: 'Nincs',
  never: 'soha',
  actions: 'Műveletek',
  next: 'Következő',
  previous: 'Előző',
  nextPage: 'Következő oldal',
  previousPage: 'Előző oldal',
  noneYet: 'Még nincs.',
  count: '{count, number}',
  utc: '{time} UTC',
} satisfies Messages['common'];
