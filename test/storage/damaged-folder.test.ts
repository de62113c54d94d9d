// Goal (issue 15 §1): a missing, damaged or foreign PGlite folder is refused with a Portuguese
// message naming the folder and the problem — exit 1, never a stack trace, `[object Object]`,
// `Aborted()` or "PGlite failed to initialize properly" — and a refused folder is not re-created,
// filled with the demo or otherwise changed (hashed before and after). A folder that does not
// exist, or an empty one, is a new registry.
// Method: copies of one registry made by the real CLI, damaged the way disks and people damage
// them, each opened by a real `precatorios servir`. Read-only and full disk use a read-only bind
// mount and a small tmpfs when this process may mount (root in CI containers, where chmod would
// not stop root); otherwise those two run against the seam (storage-errors.ts) with the errors the
// file system and PGlite give (an Emscripten ErrnoError is not an Error: it printed `[object Object]`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_PG_VERSION } from '../../src/storage/data-folder.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { StorageFailure, describeUnknown, translatePgliteError } from '../../src/storage/storage-errors.ts';
import { FIXTURE_CSV, expectCleanRefusal, hashFolder, pgliteEnv, registryTemplate, runCli, servirRefused } from './support/store-processes.ts';

let store: Awaited<ReturnType<typeof registryTemplate>>;
/** The beneficiaries table's file, relative to the folder. */
let beneficiariosFile: string;
beforeAll(async () => {
  store = await registryTemplate();
  const db = await openDatabase({ pgliteDir: store.template });
  beneficiariosFile = (await db.query<{ p: string }>(`select pg_relation_filepath('beneficiarios') as p`)).rows[0]!.p;
  await db.close();
}, 120_000);
afterAll(() => store?.dispose());

/** `touchesFolder`: found only by trying to open it, so PGlite has written its own files (postmaster.pid): refused again on the next try, never re-created. */
const CASES: { name: string; damage: (dir: string) => void; says: RegExp; touchesFolder?: true }[] = [
  { name: 'PG_VERSION removed', damage: (d) => unlinkSync(join(d, 'PG_VERSION')), says: /está incompleto ou danificado: falta PG_VERSION/ },
  {
    name: 'global/pg_control removed',
    damage: (d) => unlinkSync(join(d, 'global/pg_control')),
    says: /está incompleto ou danificado: falta global\/pg_control/,
  },
  { name: 'pg_wal removed', damage: (d) => rmSync(join(d, 'pg_wal'), { recursive: true }), says: /falta pg_wal/ },
  { name: 'pg_control cut short', damage: (d) => truncateSync(join(d, 'global/pg_control'), 100), says: /está danificado: global\/pg_control tem 100 bytes/ },
  // pg_database's heap cut mid-page: PGlite's start fails ("failed to initialize properly").
  {
    name: 'a catalog file cut short',
    damage: (d) => truncateSync(join(d, 'global/1262'), 1000),
    says: /está danificado \(arquivos do banco faltando, truncados ou corrompidos\); restaure o último backup/,
    touchesFolder: true,
  },
  {
    name: 'a data folder of another PostgreSQL version',
    damage: (d) => writeFileSync(join(d, 'PG_VERSION'), '16\n'),
    says: new RegExp(`é de um banco PostgreSQL 16, e este programa abre pastas da versão ${PGLITE_PG_VERSION}`),
  },
];

describe('a damaged registry folder is refused and left as it was', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = store.copy(c.name.replace(/\W+/g, '-'));
      c.damage(dir);
      const before = hashFolder(dir);
      const run = await servirRefused(pgliteEnv(dir));
      expectCleanRefusal(run, expect);
      expect(run.stderr).toContain(dir);
      expect(run.stderr).toMatch(c.says);
      if (!c.touchesFolder) expect(hashFolder(dir)).toBe(before);
      else expect((await servirRefused(pgliteEnv(dir))).stderr).toMatch(c.says);
    }, 120_000);
  }

  it('a table file cut short opens, but the self-check finds the rows gone and servir refuses', async () => {
    const dir = store.copy('tabela-truncada');
    truncateSync(join(dir, beneficiariosFile), 0);
    const run = await servirRefused(pgliteEnv(dir));
    expectCleanRefusal(run, expect);
    expect(run.stderr).toMatch(/não confere consigo mesmo: número de beneficiários: guardado [1-9]\d*, nas tabelas 0/);
  }, 120_000);

  it('a foreign folder (files that are not a registry) and a file instead of a folder', async () => {
    const foreign = join(store.root, 'estranha');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'planilha.xlsx'), 'não é um banco');
    const before = hashFolder(foreign);
    const run = await runCli(['importar', FIXTURE_CSV], pgliteEnv(foreign));
    expectCleanRefusal(run, expect);
    expect(run.stderr).toContain(`a pasta ${foreign} não está vazia e não é a pasta de um registro (contém planilha.xlsx)`);
    expect(hashFolder(foreign)).toBe(before);

    const file = join(foreign, 'planilha.xlsx');
    const asFile = await runCli(['importar', FIXTURE_CSV], pgliteEnv(file));
    expectCleanRefusal(asFile, expect);
    expect(asFile.stderr).toContain(`${file} não é uma pasta`);
  }, 120_000);

  it('a folder that does not exist, and an empty one, become new registries', async () => {
    const missing = join(store.root, 'nova', 'registro');
    const made = await runCli(['importar', FIXTURE_CSV], pgliteEnv(missing));
    expect(made.code).toBe(0);
    const empty = join(store.root, 'vazia');
    mkdirSync(empty);
    const alsoMade = await runCli(['importar', FIXTURE_CSV], pgliteEnv(empty));
    expect(alsoMade.code).toBe(0);
    expect(alsoMade.stderr).toMatch(/2 novos/);
  }, 120_000);
});

const canMount =
  spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r'], { stdio: 'ignore' }).status === 0;
const sh = (script: string) => {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
};

describe.skipIf(!canMount)('read-only and full disks (real mounts)', () => {
  it('a read-only mount of a registry is refused saying so, before PGlite touches it', async () => {
    const dir = store.copy('para-somente-leitura');
    const ro = join(store.root, 'somente-leitura');
    mkdirSync(ro);
    sh(`mount --bind "${dir}" "${ro}" && mount -o remount,ro,bind "${ro}"`);
    try {
      const run = await servirRefused(pgliteEnv(ro));
      expectCleanRefusal(run, expect);
      expect(run.stderr).toContain(`a pasta ${ro} é somente leitura`);
    } finally {
      sh(`umount "${ro}"`);
    }
  }, 120_000);

  it('a full disk: refused at open with "disco cheio", and an import that fills it says so and writes nothing', async () => {
    const mnt = join(store.root, 'disco');
    mkdirSync(mnt);
    // Room for the registry and a few MB more.
    const kb = Number(spawnSync('du', ['-sk', store.template], { encoding: 'utf8' }).stdout.split('\t')[0]);
    sh(`mount -t tmpfs -o size=${kb + 3 * 1024}k tmpfs "${mnt}"`);
    try {
      const dir = join(mnt, 'registro');
      sh(`cp -a "${store.template}" "${dir}"`);
      const big = join(store.root, 'grande.csv');
      const demo = await runCli(['demo', '--escala', '2', '--saida', big], {});
      expect(demo.code).toBe(0);
      const filled = await runCli(['importar', big], pgliteEnv(dir));
      expectCleanRefusal(filled, expect);
      expect(filled.stderr).toContain(`disco cheio em ${dir}`);

      sh(`dd if=/dev/zero of="${mnt}/enchimento" bs=64k 2>/dev/null || true`);
      const run = await servirRefused(pgliteEnv(dir));
      expectCleanRefusal(run, expect);
      expect(run.stderr).toMatch(/disco cheio em /);
      // Space freed (the disk grown: a rolled-back import leaves its files' extents behind).
      sh(`rm "${mnt}/enchimento" && mount -o remount,size=${kb + 100 * 1024}k "${mnt}"`);
      // Nothing of the failed import landed: the registry still holds the fixture's 2 precatórios.
      const again = await runCli(['importar', FIXTURE_CSV], pgliteEnv(dir));
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/0 novos, 0 alterados, 2 sem mudança/);
    } finally {
      sh(`umount "${mnt}"`);
    }
  }, 300_000);
});

describe('the seam: what the file system and PGlite throw becomes a message', () => {
  const dir = '/dados/registro';
  it("PGlite's ErrnoError (not an Error) for a full disk and a read-only folder", () => {
    // What PGlite's Emscripten file system throws: { name: 'ErrnoError', errno } and no message.
    const errno = (n: number) => Object.assign(Object.create({ constructor: class ErrnoError {} }), { name: 'ErrnoError', errno: n });
    expect(String(errno(51))).toBe('[object Object]');
    expect(translatePgliteError(errno(51), dir)).toMatchObject({ kind: 'disco-cheio', message: expect.stringContaining(`disco cheio em ${dir}`) });
    expect(translatePgliteError(errno(69), dir)).toMatchObject({ kind: 'somente-leitura' });
    expect(translatePgliteError(errno(29), dir)).toMatchObject({ kind: 'danificado' });
    expect(describeUnknown(errno(51))).toBe('erro de arquivo ENOSPC');
  });

  it("PostgreSQL's disk-full error, the wasm abort and the failed start", () => {
    expect(translatePgliteError(Object.assign(new Error('could not extend file "base/5/16384": No space left on device'), { code: '53100' }), dir)?.kind).toBe(
      'disco-cheio',
    );
    const abort = Object.assign(new Error('Aborted(). Build with -sASSERTIONS for more info.'), { name: 'RuntimeError' });
    const failure = translatePgliteError(abort, dir)!;
    expect(failure.kind).toBe('danificado');
    expect(failure.message).not.toMatch(/Aborted/);
    expect(describeUnknown(failure)).toBe(failure.message);
    expect(translatePgliteError(new Error('PGlite failed to initialize properly'), dir)?.kind).toBe('danificado');
    // An ordinary query error is not a storage failure.
    expect(translatePgliteError(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }), dir)).toBeUndefined();
  });

  it("Node's EROFS, EACCES and ENOSPC while preparing the folder", () => {
    for (const [code, kind] of [
      ['EROFS', 'somente-leitura'],
      ['EACCES', 'somente-leitura'],
      ['ENOSPC', 'disco-cheio'],
    ] as const) {
      const failure = StorageFailure.fromFs(Object.assign(new Error(`${code}: x`), { code }), dir, 'ao abrir');
      expect(failure.kind).toBe(kind);
      expect(failure.message).toContain(dir);
    }
  });

  it('any thrown value prints as text, never [object Object]', () => {
    for (const value of [{}, { a: 1 }, Object.create(null), 42, null, undefined, new Error('x', { cause: { errno: 51, name: 'ErrnoError' } })]) {
      expect(describeUnknown(value)).not.toMatch(/\[object Object\]/);
    }
  });
});
