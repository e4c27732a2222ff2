/** The English catalogue: it defines every namespace and key the other languages must have. One module per namespace. */
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import audit from './audit.ts';
import common from './common.ts';
import contacts from './contacts.ts';
import layout from './layout.ts';
import outbox from './outbox.ts';
import promiseReminder from './promise-reminder.ts';
import segments from './segments.ts';
import statusUpdate from './status-update.ts';
import suppressions from './suppressions.ts';

export const en = {
  account,
  audit,
  auditAnchor,
  common,
  contacts,
  layout,
  outbox,
  promiseReminder,
  segments,
  statusUpdate,
  suppressions,
} as const;
