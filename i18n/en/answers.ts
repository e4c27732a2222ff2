/**
 * Answers to a customer (src/conversations/answer.ts), in the customer's language: the subject of a
 * status-page question as the answer's "Re:" carries it, and the line above the quoted question.
 */
export default {
  questionSubject: 'Question from the status page',
  replyFallbackSubject: 'Your question',
  quoteIntro: 'On {date}, you wrote:',
} as const;
