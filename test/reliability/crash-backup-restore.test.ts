// Goal (issue 15 §1, "Done means"): a backup (`exportar --completo`) or a restore (`importar
// --completo`) killed with SIGKILL at any moment leaves a store that reopens and passes the
// self-check `servir` runs at start, holding all-before or all-after: the backup never changes the
// registry and leaves either no backup folder or a whole one that verifies (a half-written one is
// never where the backup was asked for, and cannot be restored); the restore, one transaction,
// leaves the empty registry or the whole backup (its content hash) — on a file-backed PGlite store
// and on PostgreSQL.
// Method: a store seeded once with the demo registry; its backup made once by the real CLI; then
// the CLI child killed at seeded moments tied to its own progress on stderr (tables exported,
// tables restored), before and right after its final line. The restore's target is an empty store,
// reset from its template after a kill that left the whole backup in it.
// Runtime (2 cores, loaded): a few minutes per backend (each run is a CLI start).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryContentHash, verifyBackupFolder } from '../../src/storage/backup.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';
import { type CrashStore, CRASH_BACKENDS, reopenChecked } from './support/crash-stores.ts';
import { type ChildSpec, killPlan, runAndKill, runToEnd, sooner } from './support/kill.ts';
import { ALLOWED, type KillRecord, type Outcome, summarise } from './support/outcomes.ts';

const SEED = 20261202;
/**
 * 10 planned kills per command and backend: 2 in start-up, 3 in the first half of the tables, 3
 * anywhere, 1 after the last table, 1 after the final line. Each is retried sooner when the child
 * finished first, so at least 8 land on a fast machine as on a slow one.
 */
const COUNTS = { startup: 2, earlyWrites: 3, anyWrite: 3, afterLastWrite: 1, afterCommit: 1 };

/** Distinct tables named by progress lines matching `line` (its first group is the table). */
const tablesSeen = (line: RegExp) => (stderr: string) => new Set([...stderr.matchAll(line)].map((m) => m[1])).size;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crash-backup-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function contentHash(store: CrashStore, context: string): Promise<string> {
  const db = await reopenChecked(store, context);
  try {
    return await registryContentHash(db);
  } finally {
    await db.close();
  }
}

describe.each(CRASH_BACKENDS)('backup and restore killed with SIGKILL ($name)', (backend) => {
  let seeded: CrashStore;
  let empty: CrashStore;
  let seededHash: string;
  let emptyHash: string;
  let backup: string;
  let backupHash: string;
  /** Tables with rows: the export's progress names each once it has rows to write. */
  let tablesWithRows: number;
  let tables: number;

  beforeAll(async () => {
    seeded = await backend.create(async (db) => {
      await db.transaction((tx) => importRegistry(tx, demoInput(SEED, 1), 'teste'));
    });
    empty = await backend.create(async () => undefined);
    seededHash = await contentHash(seeded, 'semeado');
    emptyHash = await contentHash(empty, 'vazio');
    backup = join(root, `${backend.name}-backup`);
    const made = await runToEnd({ args: ['exportar', '--completo', backup], env: seeded.env, total: 0, committed: /backup completo em/ });
    expect(made.exitCode, made.stderr).toBe(0);
    const manifest = await verifyBackupFolder(backup);
    backupHash = manifest.hashConteudo;
    tables = manifest.tabelas.length;
    tablesWithRows = manifest.tabelas.filter((t) => t.linhas > 0).length;
  }, 300_000);
  afterAll(async () => {
    await seeded?.dispose();
    await empty?.dispose();
  });

  it('the backup is the seeded registry, big enough to be killed between tables', () => {
    expect(backupHash).toBe(seededHash);
    expect(tablesWithRows).toBeGreaterThanOrEqual(5);
  });

  it('a killed backup never changes the registry, and leaves no backup folder or a whole one', async () => {
    const records: KillRecord[] = [];
    let n = 0;
    // A run that ends before its kill is a record too; the same moment is then tried sooner (sooner()).
    for (const planned of killPlan(SEED + (backend.name === 'pglite' ? 1 : 2), COUNTS, tablesWithRows, 0.5, 2500)) {
      for (const trigger of sooner(planned)) {
        const parent = join(root, `${backend.name}-exportacao-${n++}`);
        const folder = join(parent, 'backup');
        const spec: ChildSpec = {
          args: ['exportar', '--completo', folder],
          env: seeded.env,
          total: tablesWithRows,
          // Printed once the backup folder is in place (renamed from its staging folder).
          committed: /backup completo em/,
          progressOf: tablesSeen(/exportando (\S+): \d+ linhas/g),
        };
        const result = await runAndKill(spec, trigger);
        await seeded.settle();
        if (!result.killed) expect(result.exitCode, result.stderr).toBe(0);
        const started = Date.now();
        const context = `após ${result.killed ? 'SIGKILL' : 'saída'} em ${result.stage} (${result.progress} de ${tablesWithRows} tabelas, ${result.elapsedMs} ms)`;
        expect(await contentHash(seeded, context), `o registro não muda com um backup ${context}`).toBe(seededHash);
        let outcome: Outcome = 'none';
        if (existsSync(folder)) {
          // There only once whole: it verifies (manifest and every sha256) and is the registry.
          expect((await verifyBackupFolder(folder)).hashConteudo, context).toBe(seededHash);
          outcome = 'all';
        }
        // A staging folder a kill left behind is the owner's only (personal data), and never a backup.
        for (const name of existsSync(parent) ? readdirSync(parent).filter((f) => f.includes('.parcial-')) : []) {
          expect(statSync(join(parent, name)).mode & 0o777, context).toBe(0o700);
          await expect(verifyBackupFolder(join(parent, name))).rejects.toThrow();
        }
        if (result.killed) expect(ALLOWED[result.stage], `${result.stage} → ${outcome}`).toContain(outcome);
        records.push({ result, outcome, reopenMs: Date.now() - started });
        rmSync(parent, { recursive: true, force: true });
        if (result.killed) break;
      }
    }
    console.info(summarise(`backup de ${tables} tabelas, ${backend.name}`, records));
    expect(records.filter((r) => r.result.killed).length).toBeGreaterThanOrEqual(8);
    expect(records.some((r) => r.result.killed && r.result.stage === 'mid-write')).toBe(true);
  }, 1_200_000);

  it('a killed restore leaves the empty registry or the whole backup', async () => {
    const records: KillRecord[] = [];
    const spec: ChildSpec = {
      args: ['importar', '--completo', backup],
      env: empty.env,
      total: tables,
      // Printed on stdout after the restore's transaction committed.
      committed: /backup .* restaurado/,
      progressOf: tablesSeen(/restaurada (\S+): \d+ linhas/g),
    };
    let last: Outcome = 'none';
    for (const planned of killPlan(SEED + (backend.name === 'pglite' ? 3 : 4), COUNTS, tables, 0.5, 2500)) {
      for (const trigger of sooner(planned)) {
        if (last === 'all') await empty.reset();
        const result = await runAndKill(spec, trigger);
        await empty.settle();
        if (!result.killed) expect(result.exitCode, result.stderr).toBe(0);
        const started = Date.now();
        const context = `após ${result.killed ? 'SIGKILL' : 'saída'} em ${result.stage} (${result.progress} de ${tables} tabelas, ${result.elapsedMs} ms)`;
        const hash = await contentHash(empty, context);
        if (hash === emptyHash) last = 'none';
        else {
          expect(hash, `o backup inteiro deveria estar no banco ${context}`).toBe(backupHash);
          last = 'all';
        }
        if (result.killed) expect(ALLOWED[result.stage], `${result.stage} → ${last}`).toContain(last);
        records.push({ result, outcome: last, reopenMs: Date.now() - started });
        if (result.killed) break;
      }
    }
    console.info(summarise(`restauração de ${tables} tabelas, ${backend.name}`, records));
    expect(records.filter((r) => r.result.killed).length).toBeGreaterThanOrEqual(8);
    expect(records.some((r) => r.result.killed && r.result.stage === 'mid-write')).toBe(true);
    expect(records.some((r) => r.outcome === 'all')).toBe(true);
  }, 1_200_000);
});
