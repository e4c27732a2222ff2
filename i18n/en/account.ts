/** The signed-in person's own page. */
export default {
  languageHeading: 'Language',
  languageHint: 'The language of your pages and of the emails tidings sends you.',
  languageLabel: 'Language',
  languageSave: 'Save language',
  languageChanged: 'Your pages and emails are now in English.',
} as const;
