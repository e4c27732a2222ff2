import type { Messages } from '../catalogue.ts';

export default {
  languageHeading: 'Nyelv',
  languageHint: 'Az oldalai és a tidings által Önnek küldött e-mailek nyelve.',
  languageLabel: 'Nyelv',
  languageSave: 'Nyelv mentése',
  languageChanged: 'Az oldalai és e-mailjei mostantól magyar nyelvűek.',
} satisfies Messages['account'];
