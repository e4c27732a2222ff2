import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Disabling a user ends their access for good: the domain deletes their
  // sessions and revokes their tokens when it disables them, and this trigger
  // does the same for a disable written by hand, so that clearing disabled_at
  // later (by hand or by enabling) never brings an old session or token back.
  await sql`
    CREATE FUNCTION users_disable_ends_access() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM sessions WHERE user_id = NEW.id;
      UPDATE api_tokens SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER users_disable_ends_access AFTER UPDATE OF disabled_at ON users
    FOR EACH ROW WHEN (OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL)
    EXECUTE FUNCTION users_disable_ends_access()`.execute(db);

  // A user's last sign-in is read from the record (auth.login entries), per user.
  await sql`CREATE INDEX audit_log_login_subject_idx ON audit_log (subject_id, at) WHERE action = 'auth.login'`.execute(db);
}
