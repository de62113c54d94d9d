import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, readlinkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StorageFailure, describeFsError } from './storage-errors.ts';

/**
 * The one holder of a file-backed PGlite folder (issue 15 §1). PGlite runs inside the process that
 * opens it, so two processes on one folder are two databases writing the same files: each blind to
 * the other's writes, and the files end up mixed (lost payments, a store that no longer opens). The
 * holder writes `precatorios.lock` in the folder before PGlite touches it; every other opener reads
 * it and stops without touching the database files.
 *
 * The record is written to a temporary file and hard-linked into place: `link` fails with EEXIST
 * when the name exists, so of two racing openers exactly one wins, and the lock file is never seen
 * half written. A stale record (its process is gone) is moved aside with `rename`, which only one
 * opener can do to a given file; see `breakStale`.
 */
export const LOCK_FILE = 'precatorios.lock';

export interface HolderRecord {
  readonly pid: number;
  readonly host: string;
  /** When the holder took the folder (ISO 8601, UTC). */
  readonly desde: string;
  /** What holds it, e.g. `precatorios servir`. */
  readonly comando: string;
  /** Where the holder answers (set by `servir` once it listens), for a CLI that goes through it. */
  readonly url?: string;
  /** Kernel boot and pid namespace of the holder (Linux): a pid means something only within both. */
  readonly boot?: string;
  readonly pidNs?: string;
  /** The holder's start time in clock ticks since boot (Linux): tells a reused pid from the holder. */
  readonly inicioProcesso?: string;
  /** Random per hold: release removes the file only if it is still this hold's. */
  readonly token: string;
}

export interface StoreHold {
  readonly dir: string;
  readonly record: HolderRecord;
  /** Records where the holder answers (atomic replace of the lock file, still ours). */
  setUrl(url: string): void;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void;
}

/** The holder record of `dir`, or undefined when nobody holds it (or the file is unreadable). */
export function readHolder(dir: string): HolderRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<HolderRecord>;
    if (
      typeof value.pid !== 'number' ||
      typeof value.host !== 'string' ||
      typeof value.desde !== 'string' ||
      typeof value.comando !== 'string' ||
      typeof value.token !== 'string'
    )
      return undefined;
    return value as HolderRecord;
  } catch {
    return undefined;
  }
}

/** Linux identifiers of this process's world; undefined elsewhere. */
function readOr(read: () => string): string | undefined {
  try {
    return read().trim();
  } catch {
    return undefined;
  }
}
const bootId = () => readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
const pidNamespace = () => readOr(() => readlinkSync('/proc/self/ns/pid'));
/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces). */
function processStart(pid: number | 'self'): string | undefined {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

export type HolderState =
  | { readonly kind: 'vivo' }
  | { readonly kind: 'morto'; readonly porque: string }
  | { readonly kind: 'desconhecido'; readonly porque: string };

/** Whether the holder of `record` still runs, as far as this process can tell. */
export function holderState(record: HolderRecord): HolderState {
  if (record.host !== hostname())
    return { kind: 'desconhecido', porque: `o registro é da máquina ${record.host}, e daqui não se pode saber se o processo ainda roda` };
  const boot = bootId();
  // Same host name, another boot of the kernel: the holder died with the reboot.
  if (record.boot && boot && record.boot !== boot) return { kind: 'morto', porque: 'a máquina foi reiniciada desde então' };
  const ns = pidNamespace();
  if (record.pidNs && ns && record.pidNs !== ns)
    return { kind: 'desconhecido', porque: 'o processo roda em outro contêiner (outro espaço de processos), e daqui não se pode saber se ainda roda' };
  if (record.pid === process.pid && record.inicioProcesso !== undefined && record.inicioProcesso === processStart('self')) return { kind: 'vivo' };
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { kind: 'morto', porque: `o processo ${record.pid} não existe mais` };
    // EPERM: it exists, under another user.
  }
  // A container restarted gives its processes the same pids again: the start time tells them apart.
  const started = processStart(record.pid);
  if (record.inicioProcesso && started && started !== record.inicioProcesso)
    return { kind: 'morto', porque: `o processo ${record.pid} terminou (o número agora é de outro processo)` };
  return { kind: 'vivo' };
}

function describeHolder(dir: string, r: HolderRecord): string {
  return `o registro em ${dir} está aberto por \`${r.comando}\` (processo ${r.pid} em ${r.host}, desde ${r.desde}${r.url ? `, respondendo em ${r.url}` : ''})`;
}

/**
 * Takes the folder for this process, or throws a StorageFailure naming the holder. A stale record
 * is recovered and `say` is told. `dir` must exist.
 */
export function acquireHold(dir: string, holder: { readonly comando: string; readonly desde: string }, say: (message: string) => void): StoreHold {
  const lockPath = join(dir, LOCK_FILE);
  const record: HolderRecord = {
    pid: process.pid,
    host: hostname(),
    desde: holder.desde,
    comando: holder.comando,
    ...optional('boot', bootId()),
    ...optional('pidNs', pidNamespace()),
    ...optional('inicioProcesso', processStart('self')),
    token: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    // A held folder (live, stale or unknown holder) is judged before anything is written in it.
    if (!readHolder(dir) && tryLink(dir, lockPath, record)) break;
    const current = readHolder(dir);
    if (!current) {
      // Unreadable or just removed: look again a few times (a racing writer never leaves it half written).
      if (attempt < 5) continue;
      throw new StorageFailure(
        'trancado',
        dir,
        `o arquivo de posse ${lockPath} existe mas não se lê como um registro de posse; se nenhum processo usa a pasta, apague-o e tente de novo`,
      );
    }
    const state = holderState(current);
    if (state.kind === 'vivo')
      throw new StorageFailure(
        'em-uso',
        dir,
        `${describeHolder(dir, current)}; pare-o ou use a API desse servidor (um segundo processo na mesma pasta perderia ou corromperia escritas)`,
      );
    if (state.kind === 'desconhecido')
      throw new StorageFailure(
        'em-uso',
        dir,
        `${describeHolder(dir, current)} — ${state.porque}. Se esse processo não roda mais, apague ${lockPath} e tente de novo`,
      );
    if (attempt >= 5) throw new StorageFailure('em-uso', dir, `não foi possível tomar a posse de ${dir} (outro processo a disputa)`);
    if (breakStale(dir, lockPath, current))
      say(
        `aviso: ${dir} estava marcada como aberta por \`${current.comando}\` (processo ${current.pid} em ${current.host}, desde ${current.desde}), mas ${state.porque}: posse recuperada`,
      );
  }
  let held = record;
  const release = () => {
    if (readHolder(dir)?.token === held.token) {
      try {
        unlinkSync(lockPath);
      } catch {
        // already gone
      }
    }
    process.removeListener('exit', release);
  };
  // Released by close, and on exit (process.exit, an uncaught error). Not on signals: a listener
  // would replace the default action, and PGlite's synchronous work can keep it from running until
  // the command ends — Ctrl-C would no longer stop an import. `servir` handles SIGINT/SIGTERM itself
  // and closes the store (which releases); a CLI command stopped by a signal, like one killed with
  // SIGKILL, leaves its record, and the next opener finds its process gone and recovers it.
  process.on('exit', release);
  return {
    dir,
    get record() {
      return held;
    },
    setUrl(url) {
      const next = { ...held, url };
      const temp = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
      writeFileSync(temp, `${JSON.stringify(next)}\n`);
      if (readHolder(dir)?.token !== held.token) {
        unlinkSync(temp);
        throw new StorageFailure('em-uso', dir, `a posse de ${dir} foi perdida (o arquivo ${lockPath} foi apagado ou trocado por outro processo)`);
      }
      renameSync(temp, lockPath);
      held = next;
    },
    release,
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Writes the record to a temporary file and links it to the lock name: false if the name exists. */
function tryLink(dir: string, lockPath: string, record: HolderRecord): boolean {
  const temp = join(dir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temp, `${JSON.stringify(record)}\n`, { flag: 'wx' });
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never created (read-only folder)
    }
    throw StorageFailure.fromFs(error, dir, `não foi possível gravar o arquivo de posse em ${dir}`);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw StorageFailure.fromFs(error, dir, `não foi possível gravar o arquivo de posse em ${dir} (${describeFsError(error)})`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean
    }
  }
}

/**
 * Moves a stale lock file aside. `rename` moves a given file once: of two openers recovering the same
 * stale record, one moves it and the other gets ENOENT. If what was moved is not the stale record
 * (another opener had already recovered it and linked its own), it is put back (`link` again) and
 * this opener tries from the start, now meeting a live holder.
 */
function breakStale(dir: string, lockPath: string, stale: HolderRecord): boolean {
  const aside = join(dir, `.${LOCK_FILE}.velho.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    renameSync(lockPath, aside);
  } catch {
    return false;
  }
  let moved: HolderRecord | undefined;
  try {
    moved = JSON.parse(readFileSync(aside, 'utf8')) as HolderRecord;
  } catch {
    moved = undefined;
  }
  if (moved?.token !== stale.token) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // someone linked in meanwhile: the loop meets them
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}
