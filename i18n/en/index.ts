/** The English catalogue: it defines every namespace and key the other languages must have. One module per namespace. */
import account from './account.ts';
import answers from './answers.ts';
import audit from './audit.ts';
import auditAnchor from './audit-anchor.ts';
import auth from './auth.ts';
import common from './common.ts';
import composer from './composer.ts';
import contactPoints from './contact-points.ts';
import contacts from './contacts.ts';
import conversations from './conversations.ts';
import dashboard from './dashboard.ts';
import deliveries from './deliveries.ts';
import history from './history.ts';
import layout from './layout.ts';
import outbox from './outbox.ts';
import portal from './portal.ts';
import promiseReminder from './promise-reminder.ts';
import promises from './promises.ts';
import review from './review.ts';
import segments from './segments.ts';
import settings from './settings.ts';
import shell from './shell.ts';
import situations from './situations.ts';
import statusUpdate from './status-update.ts';
import suppressions from './suppressions.ts';
import unsubscribe from './unsubscribe.ts';
import updateProgress from './update-progress.ts';
import updates from './updates.ts';

export const en = {
  account,
  answers,
  audit,
  auditAnchor,
  auth,
  common,
  composer,
  contactPoints,
  contacts,
  conversations,
  dashboard,
  deliveries,
  history,
  layout,
  outbox,
  portal,
  promiseReminder,
  promises,
  review,
  segments,
  settings,
  shell,
  situations,
  statusUpdate,
  suppressions,
  unsubscribe,
  updateProgress,
  updates,
} as const;
