/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import common from './common.ts';
import conversations from './conversations.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import settings from './settings.ts';
import statusUpdate from './status-update.ts';

export const nl = {
  account,
  auditAnchor,
  common,
  conversations,
  layout,
  promiseReminder,
  settings,
  statusUpdate,
} satisfies Messages;
