import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Db, copyStatement } from './db.ts';
import { translatePgliteError } from './storage-errors.ts';

/** PGlite: `memory://` for tests, a folder for the file-backed default store. */
export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir);
  await pg.exec(`set timezone = 'America/Belem'`);
  return wrap(pg, dataDir, async () => pg.close());
}

/** See Db.activity: one per connection, shared by the connection and its transactions. */
interface Activity {
  /** Transactions holding or waiting for the connection (PGlite runs them one at a time). */
  open: number;
  generation: number;
}

const PLAIN_SELECT = /^\s*select\b/i;

/**
 * Every failure of the store itself (full disk, read-only folder, damaged file) leaves through here
 * as a StorageFailure (storage-errors.ts); query errors (constraints, bad values) pass unchanged.
 */
function wrap(
  conn: PGlite | Transaction,
  dataDir: string,
  close: () => Promise<void>,
  activity: Activity = { open: 0, generation: 0 },
  seen?: { failure?: Error },
): Db {
  const outside = 'transaction' in conn;
  // A write outside a transaction commits on its own: count it (conservatively, anything but a SELECT).
  const wrote = (sql: string) => {
    if (outside && !PLAIN_SELECT.test(sql)) activity.generation += 1;
  };
  // PGlite runs each statement synchronously on this thread and settles its promise as a
  // microtask, so a transaction of many statements (an import: minutes) would never let the event
  // loop turn — no request, timer or I/O callback between its statements (measured: the loop held
  // for 14 s by a 50 000-row import). Inside a transaction each statement first yields a turn.
  const turn = outside ? undefined : () => new Promise<void>((resolve) => setImmediate(resolve));
  const translated = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    await turn?.();
    try {
      return await work();
    } catch (error) {
      const failure = translatePgliteError(error, dataDir);
      if (failure && seen && !seen.failure) seen.failure = failure;
      throw failure ?? error;
    } finally {
      wrote(sql);
    }
  };
  return {
    kind: 'pglite',
    query: <T>(sql: string, params: readonly unknown[] = []) => translated(sql, async () => ({ rows: (await conn.query<T>(sql, [...params])).rows })),
    copyFrom: (table, columns, csv) =>
      translated('copy', async () => {
        await conn.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
      }),
    exec: (sql) =>
      translated(sql, async () => {
        await conn.exec(sql);
      }),
    transaction: async (work) => {
      if (!('transaction' in conn)) throw new Error('transação aninhada não suportada');
      // After a full disk PGlite's own ROLLBACK may fail too ("cannot drop active portal") and its
      // error replaces the first one: the first storage failure met inside is what is reported.
      const inside: { failure?: Error } = {};
      let workFailed = false;
      activity.open += 1;
      try {
        return await conn.transaction((tx) =>
          work(wrap(tx, dataDir, async () => undefined, activity, inside)).catch((error: unknown) => {
            workFailed = true;
            throw error;
          }),
        );
      } catch (error) {
        // The work's own errors (a refused row, a missing CSV file) pass as they are; BEGIN/COMMIT's are translated.
        throw inside.failure ?? (workFailed ? error : (translatePgliteError(error, dataDir) ?? error));
      } finally {
        activity.open -= 1;
        activity.generation += 1;
      }
    },
    activity: () => ({ inTransaction: activity.open > 0, generation: activity.generation }),
    close,
  };
}
