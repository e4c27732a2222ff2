/** The dashboard: who waits for an answer, and the counts of the record. */
export default {
  title: 'Dashboard',
  waitingHeading: 'Customers waiting for an answer',
  waitingUnder4h: 'waiting under 4 h',
  waiting4to24h: 'waiting 4–24 h',
  waitingOver24h: 'waiting over 24 h',
  openFollowUps: 'open follow-ups',
  nobodyWaiting: 'Nobody is waiting for an answer.',
  unansweredTotal: '{count, number} unanswered in total.',
  customers: 'customers',
  segments: 'segments',
  contactPoints: 'contact points',
  auditEntries: 'entries on the record',
} as const;
