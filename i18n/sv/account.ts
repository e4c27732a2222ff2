import type { Messages } from '../catalogue.ts';

export default {
  languageHeading: 'Språk',
  languageHint: 'Språket på dina sidor och i e-postmeddelandena som tidings skickar dig.',
  languageLabel: 'Språk',
  languageSave: 'Spara språk',
  languageChanged: 'Dina sidor och e-postmeddelanden är nu på svenska.',
} satisfies Messages['account'];
