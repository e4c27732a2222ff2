import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One promise per sent non-final update that named a next-update date:
  // "these recipients were told they will hear from us by due_at".
  await sql`
    CREATE TABLE promises (
      id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      situation_id        bigint NOT NULL REFERENCES situations(id),
      update_id           bigint NOT NULL UNIQUE REFERENCES updates(id),
      due_at              timestamptz NOT NULL,
      recipients          integer NOT NULL DEFAULT 0,
      state               text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'overdue', 'kept', 'broken')),
      kept_by_update_id   bigint REFERENCES updates(id),
      reached             integer NOT NULL DEFAULT 0,
      reminded_at         timestamptz,
      overdue_reminded_at timestamptz,
      settled_at          timestamptz,
      created_at          timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX promises_state_due_idx ON promises (state, due_at)`.execute(db);
  await sql`CREATE INDEX promises_situation_idx ON promises (situation_id)`.execute(db);
}
