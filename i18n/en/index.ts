/** The English catalogue: it defines every namespace and key the other languages must have. One module per namespace. */
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import auth from './auth.ts';
import common from './common.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import shell from './shell.ts';
import statusUpdate from './status-update.ts';

export const en = {
  account,
  auditAnchor,
  auth,
  common,
  layout,
  promiseReminder,
  shell,
  statusUpdate,
} as const;
