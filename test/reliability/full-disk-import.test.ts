// Goal (issue 15 §1, "Done means"): a disk that fills up DURING a large import on PGlite — the
// import has written batches when space runs out — fails with the Portuguese full-disk message
// naming the folder and a non-zero exit code, nothing else on the screen (no stack, no
// `[object Object]`); once space is freed the store opens, its self-check (the one `servir` runs at
// start) passes and the registry holds exactly what it held before (content hash). With a `servir`
// holding the folder, the CLI's import goes through it and fails the same way, /api/health answers
// 503 "disco-cheio" with the reason while the disk is full, and 200 once space is freed.
// Method: real processes on a real small tmpfs (root in CI containers may mount; elsewhere this file
// is skipped, and test/storage/damaged-folder.test.ts still checks the error translation through the
// seam). The tmpfs holds the registry, 24 MB of room (above the health probe's 16 MB floor) and a
// filler file; deleting the filler is "freeing space". The CSV (the TJPA demo ×12, ~85 000 rows,
// which needs several times that room) and the server's upload copy live outside the tmpfs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryContentHash } from '../../src/storage/backup.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { checkStoreTotals } from '../../src/storage/self-check.ts';
import { BIN, ROOT, expectCleanRefusal, pgliteEnv, registryTemplate, runCli, startServir } from '../storage/support/store-processes.ts';

const canMount =
  spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r'], { stdio: 'ignore' }).status === 0;
if (!canMount) console.info('full-disk-import: este processo não pode montar um tmpfs; o teste de disco cheio durante a importação foi pulado');

const sh = (script: string) => {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
  return r.stdout;
};

const ROOM_MB = 24;
const FILLER_MB = 64;

let store: Awaited<ReturnType<typeof registryTemplate>>;
let bigCsv: string;
let hashBefore: string;
let templateKb: number;

beforeAll(async () => {
  if (!canMount) return;
  store = await registryTemplate();
  bigCsv = join(store.root, 'grande.csv');
  const made = await runCli(['demo', '--escala', '12', '--saida', bigCsv], {});
  expect(made.code, made.stderr).toBe(0);
  const db = await openDatabase({ pgliteDir: store.template });
  try {
    hashBefore = await registryContentHash(db);
  } finally {
    await db.close();
  }
  templateKb = Number(sh(`du -sk "${store.template}"`).split('\t')[0]);
}, 300_000);
afterAll(() => store?.dispose());

/** A tmpfs with the registry, ROOM_MB free and a FILLER_MB filler; `free()` deletes the filler. */
function smallDisk(name: string): { dir: string; free(): void; unmount(): void } {
  const mnt = join(store.root, name);
  mkdirSync(mnt);
  sh(`mount -t tmpfs -o size=${templateKb + (ROOM_MB + FILLER_MB) * 1024}k tmpfs "${mnt}"`);
  const dir = join(mnt, 'registro');
  sh(`cp -a "${store.template}" "${dir}" && dd if=/dev/zero of="${mnt}/enchimento" bs=1M count=${FILLER_MB} 2>/dev/null`);
  return { dir, free: () => sh(`rm "${mnt}/enchimento"`), unmount: () => sh(`umount "${mnt}"`) };
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The import ran out of space midway: it had written batches, said "disco cheio" naming the folder, and wrote no report. */
function expectFullDiskMidway(run: Run, dir: string): void {
  expectCleanRefusal({ ...run, signal: null }, expect);
  const written = [...run.stderr.matchAll(/gravados (\d+) precatórios/g)].map((m) => Number(m[1]));
  expect(written.length, run.stderr).toBeGreaterThan(0);
  console.info(`disco cheio em ${dir} depois de ${Math.max(...written)} precatórios gravados (${written.length} lotes)`);
  expect(run.stderr).toContain(`erro: disco cheio em ${dir}: a escrita não coube e foi desfeita; libere espaço e tente de novo`);
  expect(run.stderr).not.toMatch(/linhas \(projeto\):/);
  expect(run.stdout).toBe('');
}

/** Reopened by this process after the failure: opens, passes the self-check, and holds what it held before. */
async function expectAsBefore(dir: string): Promise<void> {
  const db = await openDatabase({ pgliteDir: dir });
  try {
    const checked = await checkStoreTotals(db, dir);
    expect(checked.totals.find((t) => t.label === 'número de precatórios')?.kept).toBe('2');
    expect(await registryContentHash(db)).toBe(hashBefore);
  } finally {
    await db.close();
  }
}

describe.skipIf(!canMount)('a disk that fills up during a large import (PGlite, real tmpfs)', () => {
  it('the CLI on its own store: disco cheio naming the folder, exit 1; after freeing space the store opens, checks itself and is as before', async () => {
    const disk = smallDisk('disco-direto');
    try {
      const run = await cli(['importar', bigCsv], pgliteEnv(disk.dir));
      expectFullDiskMidway(run, disk.dir);
      disk.free();
      await expectAsBefore(disk.dir);
    } finally {
      disk.unmount();
    }
  }, 600_000);

  it('through a running servir: the same failure; health 503 disco-cheio while full, 200 after; the restarted servir checks itself; as before', async () => {
    const disk = smallDisk('disco-servido');
    let server = await startServir(pgliteEnv(disk.dir), ['--sem-demo']);
    const health = async () => {
      const res = await fetch(`${server.base}/api/health`);
      return { status: res.status, body: (await res.json()) as { status: string; escritas: { ok: boolean; tipo?: string; motivo?: string } } };
    };
    try {
      expect((await health()).status).toBe(200);
      const run = await cli(['importar', bigCsv], pgliteEnv(disk.dir));
      expect(run.stderr).toContain(`usando a API em ${server.base}`);
      expectFullDiskMidway(run, disk.dir);
      // The disk is still full (a rolled-back import keeps its files' extents): the probe says so.
      const full = await health();
      expect(full.status).toBe(503);
      expect(full.body).toMatchObject({ status: 'falha', escritas: { ok: false, tipo: 'disco-cheio', motivo: expect.stringMatching(/^disco cheio: /) } });
      disk.free();
      // The probe's answer is reused for PROBE_CACHE_MS: asked again until it probes anew (no deadline asserted).
      let back = await health();
      for (let i = 0; back.status !== 200 && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 250));
        back = await health();
      }
      expect(back).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', escritas: { ok: true } }) });
      await server.stop();
      // servir runs the self-check at start and refuses a store that fails it.
      server = await startServir(pgliteEnv(disk.dir), ['--sem-demo']);
      expect(server.stderr()).toMatch(/registro conferido em \d+ ms: número de precatórios 2,/);
      await server.stop();
      await expectAsBefore(disk.dir);
    } finally {
      await server.stop();
      disk.unmount();
    }
  }, 600_000);
});
