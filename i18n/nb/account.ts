import type { Messages } from '../catalogue.ts';

export default {
  languageHeading: 'Språk',
  languageHint: 'Språket på sidene dine og i e-postene tidings sender deg.',
  languageLabel: 'Språk',
  languageSave: 'Lagre språk',
  languageChanged: 'Sidene og e-postene dine er nå på norsk bokmål.',
} satisfies Messages['account'];
