import { readFileSync, readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from './store-holder.ts';
import { RESTORE_ADVICE, StorageFailure } from './storage-errors.ts';

/**
 * What a PGlite folder holds before it is opened (issue 15 §1). PGlite itself runs `initdb` over any
 * folder without PG_VERSION — a folder that lost that one file was silently re-created empty (and
 * then filled with the demo) — and aborts with `Aborted()` on others. So the folder is looked at
 * first: missing → a new registry; empty → a new registry too (a mount point or a folder made by
 * hand, nothing to lose); a complete data folder → opened; anything else is refused, naming what
 * is wrong, and nothing in it is touched.
 */
export type FolderState = { readonly kind: 'ausente' } | { readonly kind: 'vazia' } | { readonly kind: 'registro' };

/** The PostgreSQL major version of the bundled PGlite (its PG_VERSION file). */
export const PGLITE_PG_VERSION = '18';

/** Entries every PostgreSQL data folder has after initdb; files are checked to be files. */
const REQUIRED_FILES = ['PG_VERSION', 'global/pg_control', 'postgresql.conf'] as const;
const REQUIRED_DIRS = ['base', 'global', 'pg_wal', 'pg_xact', 'pg_multixact', 'pg_subtrans', 'pg_tblspc'] as const;
/** global/pg_control is always exactly this size (PG_CONTROL_FILE_SIZE). */
const PG_CONTROL_BYTES = 8192;

/** Our own files in the folder: the lock and its temporary siblings. */
const isOurs = (name: string) => name === LOCK_FILE || name.startsWith(`.${LOCK_FILE}.`) || name === PROBE_FILE;
export const PROBE_FILE = 'precatorios.sonda';

export function inspectFolder(dir: string): FolderState {
  let entries: string[];
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory())
      throw new StorageFailure('estranha', dir, `${dir} não é uma pasta (é um arquivo); PRECATORIOS_DATA_DIR deve apontar para a pasta do registro`);
    entries = readdirSync(dir).filter((name) => !isOurs(name));
  } catch (error) {
    if (error instanceof StorageFailure) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'ausente' };
    throw StorageFailure.fromFs(error, dir, `não foi possível ler a pasta ${dir}`);
  }
  if (entries.length === 0) return { kind: 'vazia' };
  const kindOf = (relative: string): 'file' | 'dir' | undefined => {
    try {
      const s = statSync(join(dir, relative));
      return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  };
  const missing = [...REQUIRED_FILES.filter((f) => kindOf(f) !== 'file'), ...REQUIRED_DIRS.filter((d) => kindOf(d) !== 'dir')];
  const total = REQUIRED_FILES.length + REQUIRED_DIRS.length;
  if (missing.length === total) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new StorageFailure(
      'estranha',
      dir,
      `a pasta ${dir} não está vazia e não é a pasta de um registro (contém ${shown}); aponte PRECATORIOS_DATA_DIR para a pasta do registro, ou para uma pasta nova ou vazia para criar um registro`,
    );
  }
  if (missing.length > 0) {
    throw new StorageFailure(
      'incompleto',
      dir,
      `o registro em ${dir} está incompleto ou danificado: falta${missing.length > 1 ? 'm' : ''} ${missing.join(', ')}; nada foi alterado. Se a pasta foi copiada pela metade, copie-a de novo; senão ${RESTORE_ADVICE}`,
    );
  }
  const version = readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim();
  if (version !== PGLITE_PG_VERSION) {
    throw new StorageFailure(
      'versao',
      dir,
      `a pasta ${dir} é de um banco PostgreSQL ${version || '(versão ilegível)'}, e este programa abre pastas da versão ${PGLITE_PG_VERSION}; exporte-o com a versão que o criou (precatorios exportar --completo) e importe aqui`,
    );
  }
  const control = statSync(join(dir, 'global/pg_control')).size;
  if (control !== PG_CONTROL_BYTES) {
    throw new StorageFailure(
      'danificado',
      dir,
      `o registro em ${dir} está danificado: global/pg_control tem ${control} bytes (deveria ter ${PG_CONTROL_BYTES}); ${RESTORE_ADVICE}`,
    );
  }
  return { kind: 'registro' };
}

/** Free bytes where `dir` lives, or undefined when the platform cannot tell. */
export function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/** Below this much free space a PostgreSQL data folder cannot be relied on to take writes (one WAL segment is 16 MiB). */
export const LOW_SPACE_BYTES = 16 * 1024 * 1024;
