import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { type Db, copyStatement } from './db.ts';

async function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], csv: string): Promise<void> {
  await pipeline(Readable.from([csv]), client.query(copyFromStdin(copyStatement(table, columns, 'stdin'))));
}

// Keep NUMERIC (1700) as text — pg already does — and read dates/timestamps as text: queries cast
// them explicitly, but a stray `date` must never become a local `Date`.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(1184, (v: string) => v);
pg.types.setTypeParser(1114, (v: string) => v);

/**
 * PostgreSQL through a pool; each transaction holds one client from BEGIN to COMMIT/ROLLBACK.
 * `schema` (tests) puts every table in a schema of its own, created if missing.
 * `fixedPool` (the server): all `max` connections open now and stay open while idle (pg-pool
 * closes only idle clients above `min`). Each new connection costs PostgreSQL a backend process and
 * a cold catalog cache (3–10 ms on loopback, more under load); with pg's default (open on demand,
 * close after 10 s idle) a server paid that in its first requests and again after every lull (bench
 * load, 4 runs each, alternated: p99 of the first 5 s 59–239 ms → 37–118 ms; steady state
 * unchanged). A one-shot command or a test opens what it uses.
 * JIT off for every connection: our statements are index lookups and per-row subqueries, which
 * LLVM compilation never pays back. A debtor's read (33 600 precatórios, cost estimate above the
 * JIT thresholds) spent 0.77 s compiling of 1.76 s (EXPLAIN ANALYZE); with it off the statement
 * took 1.05 s against 1.83 s (psql \timing, same minute). `jit` exists since PostgreSQL 11.
 */
export async function openPostgres(connectionString: string, options: { max?: number; schema?: string; fixedPool?: boolean } = {}): Promise<Db> {
  const { max = 10, schema, fixedPool = false } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`nome de schema inválido: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`create schema if not exists ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    ...(fixedPool ? { min: max } : {}),
    options: `-c timezone=America/Belem -c jit=off${schema ? ` -c search_path=${schema}` : ''}`,
  });
  const opened = await Promise.all(Array.from({ length: fixedPool ? max : 1 }, () => pool.connect()));
  for (const client of opened) client.release();
  const db: Db = {
    kind: 'postgres',
    query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await pool.query(sql, [...params])).rows as T[] }),
    copyFrom: async (table, columns, csv) => {
      const client = await pool.connect();
      try {
        await copyInto(client, table, columns, csv);
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      const tx: Db = {
        kind: 'postgres',
        query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await client.query(sql, [...params])).rows as T[] }),
        copyFrom: (table, columns, csv) => copyInto(client, table, columns, csv),
        exec: async (sql) => {
          await client.query(sql);
        },
        transaction: () => Promise.reject(new Error('transação aninhada não suportada')),
        close: async () => undefined,
      };
      try {
        await client.query('begin');
        const result = await work(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return db;
}
