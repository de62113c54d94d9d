import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOW_SPACE_BYTES, freeBytes, inspectFolder } from './data-folder.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite-db.ts';
import { openPostgres } from './postgres-db.ts';
import { type StoreHold, acquireHold } from './store-holder.ts';
import { StorageFailure, translatePgliteError } from './storage-errors.ts';

/** Where the embedded default keeps its files (gitignored). */
export const DEFAULT_PGLITE_DIR = '.data/pglite';

/** A store as opened: the seam, plus what the opening found. */
export interface OpenedDb extends Db {
  /** This opening created the registry (its first migration ran now): a folder that did not exist or was empty, or a database without the tables. */
  readonly created: boolean;
  /** The folder of a file-backed PGlite (absolute), held by this process until `close`. */
  readonly dataDir?: string;
  readonly hold?: StoreHold;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  pgliteDir?: string | undefined;
  pgSchema?: string | undefined;
  fixedPool?: boolean;
  /** Who holds a PGlite folder, and since when (the shell passes the command line and the clock). */
  holder?: { readonly comando: string; readonly desde: string };
  /** Where a recovered stale hold is reported (stderr by default). */
  say?: (message: string) => void;
}

/**
 * PostgreSQL when `databaseUrl` is given (the shell passes `DATABASE_URL`), else the file-backed
 * PGlite default; `memory://` gives a throwaway PGlite. Migrations run before it is returned.
 * `fixedPool`: a long-running server opens all its PostgreSQL connections now and keeps them.
 * A PGlite folder is held by one process at a time (store-holder.ts) and looked at before PGlite
 * touches it (data-folder.ts); what goes wrong is a StorageFailure worded for the user.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<OpenedDb> {
  if (options.databaseUrl) {
    const db = await openPostgres(options.databaseUrl, { schema: options.pgSchema, fixedPool: options.fixedPool });
    const applied = await migrate(db);
    return Object.assign(db, { created: applied.includes('0001') });
  }
  const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (dir.startsWith('memory://')) {
    const db = await openPglite(dir);
    const applied = await migrate(db);
    return Object.assign(db, { created: applied.includes('0001') });
  }
  return openPgliteFolder(resolve(dir), options);
}

async function openPgliteFolder(dir: string, options: OpenOptions): Promise<OpenedDb> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) inspectFolder(dir); // refuses: a file, not a folder
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw StorageFailure.fromFs(error, dir, `não foi possível criar a pasta do registro ${dir}`);
  }
  // The holder's own clock reading when the shell gave none (a library caller, a test).
  const holder = options.holder ?? { comando: 'precatorios (biblioteca)', desde: new Date().toISOString() };
  const hold = acquireHold(dir, holder, options.say ?? ((m) => process.stderr.write(`${m}\n`)));
  try {
    inspectFolder(dir);
    const db = await openPglite(dir).catch((error: unknown) => {
      throw storageFailureOf(error, dir);
    });
    let applied: string[];
    try {
      applied = await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw storageFailureOf(error, dir);
    }
    const close = db.close;
    return Object.assign(db, {
      created: applied.includes('0001'),
      dataDir: dir,
      hold,
      close: async () => {
        try {
          await close();
        } finally {
          hold.release();
        }
      },
    });
  } catch (error) {
    hold.release();
    throw error;
  }
}

/** A failure while opening: a full disk explains most of PGlite's odd start-up errors, so it is checked first. */
function storageFailureOf(error: unknown, dir: string): unknown {
  const free = freeBytes(dir);
  if (free !== undefined && free < LOW_SPACE_BYTES && !(error instanceof StorageFailure)) {
    return new StorageFailure(
      'disco-cheio',
      dir,
      `disco cheio em ${dir} (${(free / 1024 / 1024).toFixed(1)} MB livres): o registro não pôde ser aberto; libere espaço e tente de novo`,
    );
  }
  return translatePgliteError(error, dir) ?? error;
}
