import type { Messages } from '../catalogue.ts';

export default {
  languageHeading: 'Taal',
  languageHint: 'De taal van uw pagina’s en van de e-mails die tidings u stuurt.',
  languageLabel: 'Taal',
  languageSave: 'Taal opslaan',
  languageChanged: 'Uw pagina’s en e-mails zijn nu in het Nederlands.',
} satisfies Messages['account'];
