import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db } from '../../../src/storage/db.ts';
import { openDatabase } from '../../../src/storage/open-db.ts';
import { checkStoreTotals } from '../../../src/storage/self-check.ts';
import { BACKENDS } from '../../support/backends.ts';

/**
 * A store a CLI child writes to and a test reopens after killing it: a file-backed PGlite folder,
 * or a PostgreSQL database of its own (the CLI reads DATABASE_URL and has no schema option). Each
 * starts from a template prepared once (migrated, and seeded when the test needs it), so a reset
 * is a copy, not a re-import.
 */
export interface CrashStore {
  readonly name: 'pglite' | 'postgres';
  /** Environment for the CLI child. */
  readonly env: Readonly<Record<string, string>>;
  /** Opens the store the way the CLI does (migrations run): "reopens cleanly" means this resolves. */
  open(): Promise<Db>;
  /**
   * Waits until the killed child's work is over on the server side. PostgreSQL keeps running a
   * killed client's statement, or a COMMIT it had already sent, until it notices the closed socket:
   * read too early, the store could still change after the check. PGlite lives in the child: no-op.
   */
  settle(): Promise<void>;
  /** Back to the template's state. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface CrashBackend {
  readonly name: 'pglite' | 'postgres';
  create(seed: (db: Db) => Promise<void>): Promise<CrashStore>;
}

const url = process.env['DATABASE_URL'];

const pgliteBackend: CrashBackend = {
  name: 'pglite',
  async create(seed) {
    const root = mkdtempSync(join(tmpdir(), 'crash-pglite-'));
    const template = join(root, 'template');
    const dir = join(root, 'store');
    const db = await openDatabase({ pgliteDir: template });
    await seed(db);
    await db.close();
    const reset = async () => {
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
    };
    await reset();
    return {
      name: 'pglite',
      // An empty DATABASE_URL means "no PostgreSQL" (shell/environment.ts), even when CI sets one.
      env: { DATABASE_URL: '', PRECATORIOS_DATA_DIR: dir },
      open: () => openDatabase({ pgliteDir: dir }),
      settle: async () => undefined,
      reset,
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
};

function databaseUrl(name: string): string {
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls until no session other than ours is connected to `database` (at most `timeoutMs`). */
async function noSessionsLeft(database: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await admin<{ n: string }>('select count(*)::text as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    if (row?.n === '0') return;
    if (Date.now() > deadline) throw new Error(`a sessão do processo morto ainda está aberta em ${database} após ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const postgresBackend: CrashBackend = {
  name: 'postgres',
  async create(seed) {
    const name = `crash_${randomBytes(5).toString('hex')}`;
    const template = `${name}_t`;
    await admin(`create database ${template}`);
    const db = await openDatabase({ databaseUrl: databaseUrl(template) });
    await seed(db);
    await db.close();
    // WITH (FORCE) ends the session a killed child may have left behind (PostgreSQL ≥ 13).
    const reset = async () => {
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`create database ${name} template ${template}`);
    };
    await reset();
    return {
      name: 'postgres',
      env: { DATABASE_URL: databaseUrl(name) },
      open: () => openDatabase({ databaseUrl: databaseUrl(name) }),
      settle: () => noSessionsLeft(name),
      reset,
      dispose: async () => {
        await admin(`drop database if exists ${name} with (force)`);
        await admin(`drop database if exists ${template} with (force)`);
      },
    };
  },
};

/**
 * The backends of test/support/backends.ts (PostgreSQL when DATABASE_URL is set; REQUIRE_POSTGRES=1
 * without it fails there), as stores a child process can use.
 */
export const CRASH_BACKENDS: CrashBackend[] = BACKENDS.map((b) => (b.name === 'postgres' ? postgresBackend : pgliteBackend));

/**
 * Reopens the store after a kill as `servir` does at start: migrations, then its self-check
 * (storage/self-check.ts, the very function `servir` runs: the counts and sums the store keeps about
 * itself agree with its tables). Rejects with the self-check's own message when they do not.
 */
export async function reopenChecked(store: CrashStore, context: string): Promise<Db> {
  const db = await store.open();
  try {
    await checkStoreTotals(db, `${store.name} ${context}`);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
