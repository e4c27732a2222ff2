/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
import account from './account.ts';
import answers from './answers.ts';
import auditAnchor from './audit-anchor.ts';
import auth from './auth.ts';
import common from './common.ts';
import conversations from './conversations.ts';
import layout from './layout.ts';
import portal from './portal.ts';
import promiseReminder from './promise-reminder.ts';
import settings from './settings.ts';
import shell from './shell.ts';
import statusUpdate from './status-update.ts';
import unsubscribe from './unsubscribe.ts';

export const hu = {
  account,
  answers,
  auditAnchor,
  auth,
  common,
  conversations,
  layout,
  portal,
  promiseReminder,
  settings,
  shell,
  statusUpdate,
  unsubscribe,
} satisfies Messages;
