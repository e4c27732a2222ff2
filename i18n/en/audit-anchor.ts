/** The daily audit-anchor email to auditors (emails/audit-anchor.tsx). */
export default {
  subject: 'Audit anchor for {day}: entry {seq}',
  preheader: 'Keep this email: it lets you prove later that the audit record was not cut back or rewritten.',
  heading: 'Today’s anchor of the audit record',
  greeting: 'Hello {name},',
  greetingFallback: 'Hello,',
  intro: 'This is the newest entry of the audit record of {organisation} as of {day}. Keep this email outside tidings.',
  anchorLabel: 'Anchor',
  intact: 'The chain was checked when this anchor was taken: every link holds.',
  broken: 'The chain was checked when this anchor was taken and it is BROKEN. Open the audit page and check the integrity now.',
  howTo: 'To check the record later, enter the anchor on the audit page, or run: tidings audit verify --anchor {anchor}. If that entry is gone or has another hash, the record was changed after today.',
  link: 'Open the audit log',
  footer: 'You receive this once a day because you are an auditor in tidings.',
} as const;
