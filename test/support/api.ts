import { createApp } from '../../src/api/app.ts';
import type { RateLimits } from '../../src/api/rate-limit.ts';
import { generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { recordsOf } from '../../src/import/types.ts';
import { loadRpvLaws, withRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { RULES } from './rules.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';

export const TOKEN = 'token-de-teste-da-equipe';
export const RUN_DATE = isoDate('2025-11-23');

/** The seeded demo registry as parsed rows (personal data included), for seeding and for scans. */
export function demoInput(seed = 5, scale = 0.1) {
  const [header, ...rows] = generateTjpaDemo(seed, scale);
  const parsed = assembleProjectRows(recordsOf(header!, rows), supportedDatesToday());
  return { ...parsed, entes: withRpvLaws(parsed.entes, loadRpvLaws()) };
}

/** `db` (a fresh in-memory PGlite when not given) holding the registry `input`. */
export async function seededDb(input: ReturnType<typeof demoInput>, db?: Db): Promise<Db> {
  const database = db ?? (await openDatabase({ pgliteDir: 'memory://' }));
  await database.transaction((tx) => importRegistry(tx, input, 'teste'));
  return database;
}

/** An app over a fresh in-memory PGlite holding the demo registry. */
export async function demoApp(db?: Db, input = demoInput(), limites?: RateLimits) {
  const database = await seededDb(input, db);
  const logs: string[] = [];
  const app = createApp({
    db: database,
    rules: RULES,
    correctionRules: loadCorrectionRules(),
    rpvLaws: loadRpvLaws(),
    today: () => RUN_DATE,
    adminToken: TOKEN,
    log: (m) => logs.push(m),
    indexRecheckMs: 0,
    ...(limites ? { limites } : {}),
  });
  return { app, db: database, input, logs };
}

/** The bootstrap administrator (PRECATORIOS_ADMIN_TOKEN): its writes are recorded as `administrador`. */
export const staffHeaders = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
