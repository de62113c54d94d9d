import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Db, copyStatement } from './db.ts';

/** PGlite: `memory://` for tests, a folder for the file-backed default store. */
export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir);
  await pg.exec(`set timezone = 'America/Belem'`);
  return wrap(pg, async () => pg.close());
}

/** See Db.activity: one per connection, shared by the connection and its transactions. */
interface Activity {
  /** Transactions holding or waiting for the connection (PGlite runs them one at a time). */
  open: number;
  generation: number;
}

const PLAIN_SELECT = /^\s*select\b/i;

function wrap(conn: PGlite | Transaction, close: () => Promise<void>, activity: Activity = { open: 0, generation: 0 }): Db {
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
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      await turn?.();
      try {
        return { rows: (await conn.query<T>(sql, [...params])).rows };
      } finally {
        wrote(sql);
      }
    },
    copyFrom: async (table, columns, csv) => {
      await turn?.();
      try {
        await conn.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
      } finally {
        wrote('copy');
      }
    },
    exec: async (sql) => {
      await turn?.();
      try {
        await conn.exec(sql);
      } finally {
        wrote(sql);
      }
    },
    transaction: async (work) => {
      if (!('transaction' in conn)) throw new Error('transação aninhada não suportada');
      activity.open += 1;
      try {
        return await conn.transaction((tx) => work(wrap(tx, async () => undefined, activity)));
      } finally {
        activity.open -= 1;
        activity.generation += 1;
      }
    },
    activity: () => ({ inTransaction: activity.open > 0, generation: activity.generation }),
    close,
  };
}
