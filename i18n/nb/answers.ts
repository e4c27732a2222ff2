import type { Messages } from '../catalogue.ts';

export default {
  questionSubject: 'Spørsmål fra statussiden',
  replyFallbackSubject: 'Spørsmålet ditt',
  quoteIntro: 'Du skrev {date}:',
} satisfies Messages['answers'];
