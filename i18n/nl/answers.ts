import type { Messages } from '../catalogue.ts';

export default {
  questionSubject: 'Vraag via de statuspagina',
  replyFallbackSubject: 'Uw vraag',
  quoteIntro: 'U schreef op {date}:',
} satisfies Messages['answers'];
