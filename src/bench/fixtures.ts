import pg from 'pg';
import { sql } from 'kysely';
import { CLI_ACTOR } from '../audit/log.ts';
import { createContactPoint } from '../contact-points/queries.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded.ts';
import type { RecipientValues } from '../sending/personalise.ts';
import type { VariantInput } from '../sending/render.ts';
import { createSegment } from '../segments/queries.ts';
import { createSituation } from '../situations/queries.ts';
import { createDraft } from '../updates/compose.ts';

/* What the benchmark measures on: a scratch database, generated contacts and CSV, a sample email. */

export const SAMPLE_VARIANT: VariantInput = {
  locale: 'nb',
  organisation: 'Bokklubben',
  situationTitle: 'Bokklubbens rekonstruksjon',
  updateNumber: 3,
  subject: 'Dette betyr rekonstruksjonen for medlemskapet ditt',
  bodyMarkdown: 'Bokklubben er under **rekonstruksjon**. Medlemskapet ditt fortsetter som før.\n\n- Bestillinger før 1. mars blir levert\n- Tilgodelapper gjelder fortsatt\n- Refusjonskrav behandles i mottatt rekkefølge\n\nLes mer på [bokklubben.no](https://bokklubben.example.org/rekonstruksjon).',
  acknowledgement: { kind: 'both', text: 'Vi beklager usikkerheten dette skaper, og takker for tålmodigheten din.' },
  contactPoint: { name: 'Ingrid Dahl', role: 'Leder for medlemsservice', phone: '+47 22 12 34 56', email: 'ingrid.dahl@bokklubben.example.org' },
  final: false,
};

export function recipient(i: number): RecipientValues {
  return {
    name: `Kari Nordmann ${i}`,
    statusUrl: `https://tidings.example.org/c/s${i.toString(36)}.abcdef.0123456789abcdefghijklmnopq`,
    unsubscribeUrl: `https://tidings.example.org/unsubscribe/u${i.toString(36)}.abcdef.0123456789abcdefghijklmnopq`,
    replyTo: 'ingrid.dahl@bokklubben.example.org',
    promisedDate: 'torsdag 5. mars 2026',
  };
}

export async function scratchDatabase(config: Config): Promise<{ url: string; drop: () => Promise<void>; embedded?: EmbeddedServer }> {
  let embedded: EmbeddedServer | undefined;
  let adminUrl = config.databaseUrl;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(config.home);
    adminUrl = embedded.url;
  }
  const name = `tidings_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    embedded,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await embedded?.stop();
    },
  };
}

export async function* csvRows(n: number): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode('email,name,locale,timezone,refund_claim,voucher_balance,magazine_subscriber,club\n');
  const locales = ['nb', 'sv', 'nl', 'hu', 'en'];
  const zones = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Amsterdam', 'Europe/Budapest', 'Europe/London'];
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `import${i}@members.example.org,Member ${i},${locales[i % 5]},${zones[i % 5]},${i % 7 === 0 ? 250 : 0},${i % 400},${i % 3 === 0},fiction\n`;
    if (chunk.length > 64 * 1024) {
      yield enc.encode(chunk);
      chunk = '';
    }
  }
  if (chunk) yield enc.encode(chunk);
}

export async function seedContacts(db: Db, n: number): Promise<void> {
  await sql`
    INSERT INTO contacts (email, name, locale, timezone, attributes)
    SELECT 'member' || g || '@members.example.org', 'Member ' || g,
           (ARRAY['nb','sv','nl','hu','en'])[1 + g % 5],
           (ARRAY['Europe/Oslo','Europe/Stockholm','Europe/Amsterdam','Europe/Budapest','Europe/London'])[1 + g % 5],
           jsonb_build_object('refund_claim', CASE WHEN g % 7 = 0 THEN 50 + g % 900 ELSE 0 END,
                              'voucher_balance', g % 400,
                              'magazine_subscriber', g % 3 = 0,
                              'club', (ARRAY['crime','fiction','history','children','poetry'])[1 + g % 5],
                              'member_since', 1995 + g % 31)
      FROM generate_series(1, ${n}) AS g`.execute(db);
  await sql`ANALYZE contacts`.execute(db);
}

/** An update to `rule`, approved and (unless `scheduled` is false) due now, as the send call would leave it. */
export async function approvedUpdateTo(db: Db, rule: unknown, name: string, options: { scheduled?: boolean } = {}): Promise<number> {
  const situation = await createSituation(db, CLI_ACTOR, { title: `Benchmark ${name}`, summary: '' });
  const cp = await createContactPoint(db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
  const { segment } = await createSegment(db, CLI_ACTOR, { name, rule });
  const draft = await createDraft(db, CLI_ACTOR, situation.id, {
    segmentIds: [segment.id],
    contactPointId: cp.id,
    acknowledgement: { kind: 'both', text: SAMPLE_VARIANT.acknowledgement.text },
    nextUpdateAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    defaultLocale: 'en',
    content: { en: { subject: 'What the restructuring means for your membership', body: 'Your membership **continues**.' }, nb: { subject: SAMPLE_VARIANT.subject, body: SAMPLE_VARIANT.bodyMarkdown } },
  });
  // The benchmark measures sending, not the four-eyes workflow: mark it released-ready directly.
  const scheduled = options.scheduled !== false;
  await db
    .updateTable('updates')
    .set({ status: scheduled ? 'scheduled' : 'approved', approved_at: new Date(), ...(scheduled ? { send_at: new Date() } : {}) })
    .where('id', '=', draft.id)
    .execute();
  return draft.id;
}
