import { sql } from 'kysely';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createContactPoint } from '../../src/contact-points/queries.ts';
import type { Db } from '../../src/db/connection.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { createSituation } from '../../src/situations/queries.ts';

/** Inserts n contacts set-based: c1..cn@example.org, locales cycling through the five. */
export async function seedContacts(db: Db, n: number, prefix = 'c'): Promise<void> {
  await sql`
    INSERT INTO contacts (email, name, locale, timezone, attributes)
    SELECT ${prefix} || g || '@example.org', 'Customer ' || g,
           (ARRAY['en','nb','sv','nl','hu'])[1 + g % 5],
           (ARRAY['Europe/London','Europe/Oslo','Europe/Stockholm','Europe/Amsterdam','Europe/Budapest'])[1 + g % 5],
           jsonb_build_object('n', g, 'refund_claim', g % 3)
      FROM generate_series(1, ${n}) AS g
    ON CONFLICT (email_lower) DO NOTHING`.execute(db);
}

/** A situation, a contact point and an "everyone" segment, ready for a first update. */
export async function baseScenario(db: Db, title = 'Bokklubben restructuring') {
  const situation = await createSituation(db, CLI_ACTOR, { title, summary: 'The club is in restructuring.' });
  const cp = await createContactPoint(db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
  const { segment } = await createSegment(db, CLI_ACTOR, { name: `Everyone ${situation.id}`, rule: { all: [{ attribute: 'email', op: 'exists' }] } });
  return { situation, cp, segment };
}

export function completeUpdate(segmentId: number, contactPointId: number, nextUpdateAt = new Date(Date.now() + 7 * 86_400_000)) {
  return {
    segmentIds: [segmentId],
    contactPointId,
    acknowledgement: { kind: 'apology' as const, text: 'We are sorry for the uncertainty this causes you.' },
    nextUpdateAt: nextUpdateAt.toISOString(),
    defaultLocale: 'en' as const,
    content: {
      en: { subject: 'Your membership during the restructuring', body: 'Your membership **continues**. Orders placed before 1 March will be delivered.' },
      nb: { subject: 'Medlemskapet ditt under rekonstruksjonen', body: 'Medlemskapet ditt **fortsetter**. Bestillinger før 1. mars blir levert.' },
    },
  };
}
