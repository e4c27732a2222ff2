/**
 * The customer's unsubscribe pages (src/unsubscribe), same voice as the emails; `{situation}` is the
 * situation's title, in each language's own quotation marks. The `record*` keys are for staff: what a
 * contact's record says they unsubscribed from.
 */
export default {
  pageTitle: 'Your email updates',
  heading: 'Updates about “{situation}”',
  intro: 'You receive our emails about this matter because you are a customer of ours. Choose what you no longer want to receive.',
  stopSituation: 'Stop updates about this matter',
  stopSituationHint: 'We will still keep you informed about other matters.',
  stopAll: 'Stop all updates from us',
  stopAllHint: 'You will receive no more updates from us, about this matter or any other.',
  questions: 'Do you have a question? Reply to any of our emails and your contact person will answer you personally.',
  doneSituation: 'You will no longer receive updates about “{situation}”',
  thanks: 'Thank you for letting us know.',
  ratherNothing: 'Would you rather not receive any other updates from us either?',
  doneAll: 'You will no longer receive any updates from us',
  invalidHeading: 'This link does not work',
  invalidText: 'The link may have been changed or only partly copied. Please open the unsubscribe link in one of our emails again, or reply to that email and we will help you.',
  expiredHeading: 'This link has expired',
  expiredText: 'For your security, the links in our emails only work for a limited time. Please use the link in a more recent email from us, or reply to one of our emails and we will help you.',
  recordLabel: 'Unsubscribed from',
  recordAll: 'All updates (since {date})',
  recordSituation: 'Updates about {situation} (since {date})',
} as const;
