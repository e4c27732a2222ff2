/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import auth from './auth.ts';
import common from './common.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import shell from './shell.ts';
import statusUpdate from './status-update.ts';

export const nl = {
  account,
  auditAnchor,
  auth,
  common,
  layout,
  promiseReminder,
  shell,
  statusUpdate,
} satisfies Messages;
