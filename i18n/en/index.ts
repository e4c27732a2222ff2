/** The English catalogue: it defines every namespace and key the other languages must have. One module per namespace. */
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import common from './common.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import statusUpdate from './status-update.ts';

export const en = {
  account,
  auditAnchor,
  common,
  layout,
  promiseReminder,
  statusUpdate,
} as const;
