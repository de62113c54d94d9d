import { userInfo } from 'node:os';
import { TZDate } from '@date-fns/tz';
import { COURT_TIME_ZONE, type IsoDate, isoDate } from '../domain/dates.ts';
import { type OpenedDb, openDatabase } from '../storage/open-db.ts';

/**
 * The only place that reads the environment and the clock. Everything below gets them as values.
 * - DATABASE_URL: PostgreSQL; otherwise the embedded PGlite in PRECATORIOS_DATA_DIR (default .data/pglite).
 */
export function openConfiguredDatabase(env: NodeJS.ProcessEnv = process.env, options: { fixedPool?: boolean } = {}): Promise<OpenedDb> {
  // A PGlite folder records who holds it (store-holder.ts): this command line, since now.
  const holder = { comando: ['precatorios', ...process.argv.slice(2)].join(' '), desde: new Date().toISOString() };
  return openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, pgliteDir: env['PRECATORIOS_DATA_DIR'] || undefined, holder, ...options });
}

/** Today in the court's zone (Belém), as the core's run date. */
export function todayInCourt(now: number = Date.now()): IsoDate {
  const d = new TZDate(now, COURT_TIME_ZONE);
  return isoDate(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
}

/**
 * The actor of writes a CLI command makes on the store it opened itself: the operating-system user
 * running it, marked `local:` — what the machine says, not a name the caller types (a `--usuario`
 * flag was exactly that). A staff login can never look like it: logins have no `:`.
 */
export function localActor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): the uid itself still names who ran it.
    name = `uid-${process.getuid?.() ?? 'desconhecido'}`;
  }
  return `local:${name || 'desconhecido'}`;
}
