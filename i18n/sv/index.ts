/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
import account from './account.ts';
import answers from './answers.ts';
import auditAnchor from './audit-anchor.ts';
import auth from './auth.ts';
import common from './common.ts';
import conversations from './conversations.ts';
import dashboard from './dashboard.ts';
import deliveries from './deliveries.ts';
import history from './history.ts';
import layout from './layout.ts';
import portal from './portal.ts';
import promiseReminder from './promise-reminder.ts';
import promises from './promises.ts';
import settings from './settings.ts';
import shell from './shell.ts';
import statusUpdate from './status-update.ts';
import unsubscribe from './unsubscribe.ts';
import updateProgress from './update-progress.ts';
import updates from './updates.ts';

export const sv = {
  account,
  answers,
  auditAnchor,
  auth,
  common,
  conversations,
  dashboard,
  deliveries,
  history,
  layout,
  portal,
  promiseReminder,
  promises,
  settings,
  shell,
  statusUpdate,
  unsubscribe,
  updateProgress,
  updates,
} satisfies Messages;
