import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Db, copyStatement } from './db.ts';

/** PGlite: `memory://` for tests, a folder for the file-backed default store. */
export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir);
  await pg.exec(`set timezone = 'America/Belem'`);
  return wrap(pg, async () => pg.close());
}

function wrap(conn: PGlite | Transaction, close: () => Promise<void>): Db {
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await conn.query<T>(sql, [...params])).rows }),
    copyFrom: async (table, columns, csv) => {
      await conn.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
    },
    exec: async (sql) => {
      await conn.exec(sql);
    },
    transaction: async (work) => {
      if (!('transaction' in conn)) throw new Error('transação aninhada não suportada');
      return conn.transaction((tx) => work(wrap(tx, async () => undefined)));
    },
    close,
  };
}
