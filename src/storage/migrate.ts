import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Applies the numbered SQL migrations (`NNNN_name.sql`) not yet applied, each in its own
 * transaction with its record in `schema_migrations`, so a crash leaves either the whole
 * migration or none. Returns the versions applied now.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  // Two processes opening an empty database at once (two API servers on one PostgreSQL) take turns
  // on a transaction-level advisory lock: the second waits, then finds the migration applied.
  const serialised = <T>(work: (tx: Db) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      return work(tx);
    });
  await serialised((tx) => tx.exec(`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`));
  const done = new Set((await db.query<{ version: string }>('select version from schema_migrations')).rows.map((r) => r.version));
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const version = file.slice(0, 4);
    if (done.has(version)) continue;
    const sql = readFileSync(`${dir}${file}`, 'utf8');
    const ran = await serialised(async (tx) => {
      if ((await tx.query('select 1 from schema_migrations where version = $1', [version])).rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}

/** Advisory lock key of the migration runner (the import has its own). */
const MIGRATION_LOCK_KEY = 7_250_130_900;
