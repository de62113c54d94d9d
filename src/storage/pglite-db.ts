import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Db, copyStatement } from './db.ts';
import { translatePgliteError } from './storage-errors.ts';

/** PGlite: `memory://` for tests, a folder for the file-backed default store. */
export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir);
  await pg.exec(`set timezone = 'America/Belem'`);
  return wrap(pg, dataDir, async () => pg.close());
}

/**
 * Every failure of the store itself (full disk, read-only folder, damaged file) leaves through here
 * as a StorageFailure (storage-errors.ts); query errors (constraints, bad values) pass unchanged.
 */
function wrap(conn: PGlite | Transaction, dataDir: string, close: () => Promise<void>, seen?: { failure?: Error }): Db {
  const translated = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const failure = translatePgliteError(error, dataDir);
      if (failure && seen && !seen.failure) seen.failure = failure;
      throw failure ?? error;
    }
  };
  return {
    kind: 'pglite',
    query: <T>(sql: string, params: readonly unknown[] = []) => translated(async () => ({ rows: (await conn.query<T>(sql, [...params])).rows })),
    copyFrom: (table, columns, csv) => translated(async () => {
      await conn.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
    }),
    exec: (sql) => translated(async () => {
      await conn.exec(sql);
    }),
    transaction: async (work) => {
      if (!('transaction' in conn)) throw new Error('transação aninhada não suportada');
      // After a full disk PGlite's own ROLLBACK may fail too ("cannot drop active portal") and its
      // error replaces the first one: the first storage failure met inside is what is reported.
      const inside: { failure?: Error } = {};
      let workFailed = false;
      try {
        return await conn.transaction((tx) => work(wrap(tx, dataDir, async () => undefined, inside)).catch((error: unknown) => {
          workFailed = true;
          throw error;
        }));
      } catch (error) {
        // The work's own errors (a refused row, a missing CSV file) pass as they are; BEGIN/COMMIT's are translated.
        throw inside.failure ?? (workFailed ? error : (translatePgliteError(error, dataDir) ?? error));
      }
    },
    close,
  };
}
