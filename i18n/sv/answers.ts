import type { Messages } from '../catalogue.ts';

export default {
  questionSubject: 'Fråga från statussidan',
  replyFallbackSubject: 'Din fråga',
  quoteIntro: 'Du skrev {date}:',
} satisfies Messages['answers'];
