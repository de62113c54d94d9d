import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';

/**
 * The storage backends every contract test runs against: PGlite in memory always, and a real
 * PostgreSQL when DATABASE_URL is set (CI starts one; REQUIRE_POSTGRES=1 makes its absence fail).
 * Each PostgreSQL database lives in a schema of its own, dropped by `dispose`.
 */
export interface Backend {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<Db & { dispose(): Promise<void> }>;
}

const url = process.env['DATABASE_URL'];
if (process.env['REQUIRE_POSTGRES'] === '1' && !url) throw new Error('REQUIRE_POSTGRES=1 mas DATABASE_URL não está definido');

export const BACKENDS: Backend[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openDatabase({ pgliteDir: 'memory://' });
      return Object.assign(db, { dispose: () => db.close() });
    },
  },
  ...(url
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const db = await openDatabase({ databaseUrl: url, pgSchema: schema });
            return Object.assign(db, {
              async dispose() {
                await db.close();
                const admin = new pg.Client({ connectionString: url });
                await admin.connect();
                await admin.query(`drop schema ${schema} cascade`);
                await admin.end();
              },
            });
          },
        },
      ]
    : []),
];

/**
 * For a describe block: a fresh database of `backend` holding `input` (imported in one transaction),
 * from before its first test to after its last. The database is read through the returned function.
 */
export function registryOn(backend: Backend, input: Parameters<typeof importRegistry>[1]): () => Db {
  let db: (Db & { dispose(): Promise<void> }) | undefined;
  beforeAll(async () => {
    db = await backend.open();
    await db.transaction((tx) => importRegistry(tx, input, 'teste'));
  }, 120_000);
  afterAll(async () => {
    await db?.dispose();
  });
  return () => db!;
}
