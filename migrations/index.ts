import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_updates_and_sending.ts';
import * as m0003 from './0003_delivery_tracking.ts';
import * as m0004 from './0004_conversations.ts';
import * as m0005 from './0005_promises.ts';
import * as m0006 from './0006_reminders_history_erasure.ts';
import * as m0007 from './0007_quiet_hours.ts';
import * as m0008 from './0008_portal_limits_answer_reply_to.ts';
import * as m0009 from './0009_user_locale.ts';
import * as m0010 from './0010_four_eyes.ts';
import * as m0011 from './0011_sign_in_failures.ts';
import * as m0012 from './0012_staff_lifecycle.ts';
import * as m0013 from './0013_idempotency_keys.ts';
import * as m0014 from './0014_keyed_audit_chain.ts';
import * as m0015 from './0015_two_factor.ts';
import * as m0016 from './0016_language_variants.ts';
import * as m0017 from './0017_delivery_reader_locale.ts';
import * as m0019 from './0019_promises_at_release.ts';
import * as m0020 from './0020_grouped_audit_record.ts';

// Listed by hand so that every runtime (tsx, vitest, a bundler) loads them the
// same way. Names sort in the order they apply; never rename or reorder.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_updates_and_sending': m0002,
  '0003_delivery_tracking': m0003,
  '0004_conversations': m0004,
  '0005_promises': m0005,
  '0006_reminders_history_erasure': m0006,
  '0007_quiet_hours': m0007,
  '0008_portal_limits_answer_reply_to': m0008,
  '0009_user_locale': m0009,
  '0010_four_eyes': m0010,
  '0011_sign_in_failures': m0011,
  '0012_staff_lifecycle': m0012,
  '0013_idempotency_keys': m0013,
  '0014_keyed_audit_chain': m0014,
  '0015_two_factor': m0015,
  '0016_language_variants': m0016,
  '0017_delivery_reader_locale': m0017,
  '0019_promises_at_release': m0019,
  '0020_grouped_audit_record': m0020,
};
