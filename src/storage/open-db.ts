import { mkdirSync } from 'node:fs';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-db.ts';
import { openPostgres } from './postgres-db.ts';

/** Where the embedded default keeps its files (gitignored). */
export const DEFAULT_PGLITE_DIR = '.data/pglite';

/**
 * PostgreSQL when `databaseUrl` is given (the shell passes `DATABASE_URL`), else the file-backed
 * PGlite default; `memory://` gives a throwaway PGlite. Migrations run before it is returned.
 * `fixedPool`: a long-running server opens all its PostgreSQL connections now and keeps them.
 */
export async function openDatabase(
  options: { databaseUrl?: string | undefined; pgliteDir?: string | undefined; pgSchema?: string | undefined; fixedPool?: boolean } = {},
): Promise<Db> {
  let db: Db;
  if (options.databaseUrl) db = await openPostgres(options.databaseUrl, { schema: options.pgSchema, fixedPool: options.fixedPool });
  else {
    const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
    db = await openPglite(dir);
  }
  await migrate(db);
  return db;
}
