import type { Messages } from '../catalogue.ts';

export default {
  questionSubject: 'Kérdés az állapotoldalról',
  replyFallbackSubject: 'Az Ön kérdése',
  quoteIntro: '{date} ezt írta:',
} satisfies Messages['answers'];
