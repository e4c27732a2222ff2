import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { fromHeader } from '../../src/sending/escape.ts';
import { setSetting } from '../../src/settings/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

describe('who an email says it is from', () => {
  it('is the organisation for customers when the configured sender names no one, never the tool', async () => {
    await setSetting(t.deps.db, CLI_ACTOR, 'organisation_name', 'Bokklubben Norden AS');
    const { updateId } = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'from' } });
    const rows = await t.deps.db.selectFrom('outbox_messages').select(['from_address', 'to_address']).where('to_address', 'like', 'from%').execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.from_address).toBe(`"Bokklubben Norden AS" <${t.deps.config.from}>`);
    const snapshot = await t.deps.db.selectFrom('updates').select('release_snapshot').where('id', '=', updateId).executeTakeFirstOrThrow();
    expect(snapshot.release_snapshot?.organisation).toBe('Bokklubben Norden AS');
  });

  it('keeps a configured sender that names itself, and makes a name safe for the header', () => {
    expect(fromHeader('Bokklubben Kundeservice <kundeservice@bokklubben.no>', 'Bokklubben Norden AS')).toBe('Bokklubben Kundeservice <kundeservice@bokklubben.no>');
    expect(fromHeader('updates@bokklubben.no', 'Bokklubben "Norden"\r\nBcc: x@y')).toBe('"Bokklubben Norden Bcc: x@y" <updates@bokklubben.no>');
    expect(fromHeader('<updates@bokklubben.no>', 'tidings')).toBe('"tidings" <updates@bokklubben.no>');
  });
});
