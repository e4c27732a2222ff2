/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
import account from './account.ts';
import auditAnchor from './audit-anchor.ts';
import common from './common.ts';
import dashboard from './dashboard.ts';
import deliveries from './deliveries.ts';
import history from './history.ts';
import layout from './layout.ts';
import promiseReminder from './promise-reminder.ts';
import promises from './promises.ts';
import statusUpdate from './status-update.ts';
import updateProgress from './update-progress.ts';
import updates from './updates.ts';

export const nb = {
  account,
  auditAnchor,
  common,
  dashboard,
  deliveries,
  history,
  layout,
  promiseReminder,
  promises,
  statusUpdate,
  updateProgress,
  updates,
} satisfies Messages;
