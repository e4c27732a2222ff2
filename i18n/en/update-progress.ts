/** An update's sending, as its page shows it: the counts, the sentence over them, and who did not receive it. */
export default {
  progress: 'Progress',
  outcome: 'Outcome',
  findOneRecipient: 'Find one recipient and the events of their email',
  historyOfUpdate: 'Send history of this update',
  recipientsHandled: 'Recipients handled',
  refreshHint: 'The numbers update by themselves while this page is open with JavaScript on.',
  refreshLink: 'Refresh the numbers',
  liveHint: 'The numbers update by themselves every few seconds.',
  liveUnavailable: 'The live numbers are unavailable right now; reload the page to see them.',

  // The counts, each total with its parts under it
  rowQueued: 'Queued',
  rowHandedOver: 'Sent (handed to the provider)',
  rowDelivered: 'Delivered',
  rowNoReport: 'No delivery report yet',
  rowDelayed: 'Delivery delayed',
  rowNotDelivered: 'Not delivered',
  rowExcluded: 'Excluded before sending',

  // The sentence over the counts
  summaryScheduled: 'Scheduled for {date}. Nothing has been sent yet; it can still be cancelled.',
  summaryStarting: 'Starting: the recipient list is being prepared.',
  summarySending: '{handled, number} of {total, number} recipients handled: {sent, number} sent, {excluded, number} excluded, {notDelivered}.',
  summaryHeld: '{count, plural, one {# customer} other {# customers}} held for quiet hours; the first go at {date}.',
  summarySent: 'Sent to {count, plural, one {# customer} other {# customers}}; {excluded, number} excluded; {notDelivered}.',
  summaryCancelledNothing: 'Cancelled {date}. Nothing was sent.',
  summaryCancelledSome: 'Cancelled {date}. {count, plural, one {# customer} other {# customers}} had already been sent it.',
  summaryNotSent: '{status}: not sent yet.',

  // One recipient's events
  noEventsYet: 'none yet',
  eventCount: '{count, plural, one {# event} other {# events}}',
  eventsFor: 'for {email}',

  // Who did not receive it
  recipientsHeading: 'Recipients who did not receive it',
  noFailures: '0 not delivered: no email bounced, was marked as spam, failed or was suppressed by the provider.',
  noFailuresSoFar: '0 not delivered so far: no email bounced, was marked as spam, failed or was suppressed by the provider.',
  captionNotDelivered: 'Not delivered: {total, number}',
  captionNotDeliveredFirst: 'Not delivered: the first {shown, number} of {total, number}',
  captionExcluded: 'Excluded before sending: {total, number}',
  captionExcludedFirst: 'Excluded before sending: the first {shown, number} of {total, number}',
  nobodyExcluded: 'Nobody was left out.',
  columnEmail: 'Email',
  columnName: 'Name',
  columnStatus: 'Status',
  columnReason: 'Reason',
  columnEvents: 'Provider events',
  reasonBounced: 'the address bounced',
  reasonComplained: 'the customer marked it as spam',
  reasonSuppressed: 'suppressed ({reason})',
} as const;
