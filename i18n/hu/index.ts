/** The catalogue of this language: one module per namespace, typed against English. */
import type { Messages } from '../catalogue.ts';
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

export const hu = {
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
} satisfies Messages;
