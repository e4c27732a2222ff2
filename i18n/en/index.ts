/** The English catalogue: it defines every namespace and key the other languages must have. One module per namespace. */
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import common from './common.ts';
import conversations from './conversations.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import settings from './settings.ts';
import statusUpdate from './status-update.ts';

export const en = {
  account,
  auditAnchor,
  common,
  conversations,
  layout,
  promiseReminder,
  settings,
  statusUpdate,
} as const;
