// Goal (issue 15 §1): the demo loads only into a registry created now (a folder that did not exist)
// or with `servir --demo`, never because a registry happens to be empty; a registry made from the
// demo says so in /api/health (`demonstracao`), in a header on every API answer and (through the
// health answer) on the dashboard; and /api/health reports whether writes work — 503 with the
// reason when they do not.
// Method: real `precatorios servir` processes on PGlite folders; the write probe against a real
// read-only remount and a full tmpfs when this process may mount, and against injected database
// failures (SQLSTATE 53100, 25006, a refused connection) always.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryStatus } from '../../src/api/registry-status.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { probeWrites } from '../../src/storage/write-probe.ts';
import { pgliteEnv, registryTemplate, servirRefused, startServir } from '../storage/support/store-processes.ts';

let store: Awaited<ReturnType<typeof registryTemplate>>;
beforeAll(async () => {
  store = await registryTemplate();
}, 120_000);
afterAll(() => store?.dispose());

const health = async (base: string) => {
  const res = await fetch(`${base}/api/health`);
  return {
    status: res.status,
    header: res.headers.get('x-precatorios-demonstracao'),
    body: (await res.json()) as { status: string; demonstracao: boolean; escritas: { ok: boolean; tipo?: string; motivo?: string } },
  };
};

describe('the demo, only when the registry is new or when asked, and marked', () => {
  it('a folder that did not exist gets the demo, marked in health, in every API header; an empty existing registry does not; --demo loads it there', async () => {
    const fresh = join(store.root, 'nao-existia');
    const demo = await startServir(pgliteEnv(fresh));
    try {
      expect(demo.stderr()).toMatch(/carregado o registro de demonstração \(\d+ precatórios fictícios; marcado como demonstração\)/);
      expect(await health(demo.base)).toEqual({
        status: 200,
        header: '1',
        body: { status: 'ok', banco: 'pglite', demonstracao: true, escritas: { ok: true } },
      });
      for (const path of ['/api/entes', '/api/openapi.json', '/api/precatorios/0000000-00.0000.0.00.0000', '/api/nao-existe']) {
        expect((await fetch(`${demo.base}${path}`)).headers.get('x-precatorios-demonstracao')).toBe('1');
      }
      // Issue 16 §3: no index imported, yet the lookup is corrected — `servir` reads the shipped snapshot.
      const fila = (await (await fetch(`${demo.base}/api/entes/estado-do-para/fila?tamanho=3`)).json()) as { itens: { numero: string }[] };
      expect(fila.itens.length).toBeGreaterThan(0);
      for (const { numero } of fila.itens) {
        const lookup = (await (await fetch(`${demo.base}/api/precatorios/${numero}`)).json()) as { valorCorrigido: { total?: string; erro?: string } };
        expect(lookup.valorCorrigido.total, lookup.valorCorrigido.erro).toMatch(/^\d+\.\d{2}$/);
      }
      expect(((await (await fetch(`${demo.base}/api/indices/tr`)).json()) as { origem: string }).origem).toBe('snapshot');
    } finally {
      await demo.stop();
    }

    // An existing registry with nothing in it (made by `servir --sem-demo`) is not filled with the demo.
    const empty = join(store.root, 'vazio');
    await (await startServir(pgliteEnv(empty), ['--sem-demo'])).stop();
    const plain = await startServir(pgliteEnv(empty));
    try {
      expect(plain.stderr()).not.toMatch(/demonstração \(/);
      expect(plain.stderr()).toContain('o registro está vazio');
      const h = await health(plain.base);
      expect(h.body.demonstracao).toBe(false);
      expect(h.header).toBeNull();
      expect(((await (await fetch(`${plain.base}/api/entes`)).json()) as { entes: unknown[] }).entes).toEqual([]);
    } finally {
      await plain.stop();
    }
    const asked = await startServir(pgliteEnv(empty), ['--demo']);
    try {
      expect((await health(asked.base)).body.demonstracao).toBe(true);
    } finally {
      await asked.stop();
    }
  }, 300_000);

  it('--demo on a registry that holds precatórios is refused; a real registry is never marked', async () => {
    const dir = store.copy('real');
    const run = await servirRefused(pgliteEnv(dir), ['--demo']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('erro: o registro já tem 2 precatórios: a demonstração só é carregada num registro vazio');
    const server = await startServir(pgliteEnv(dir));
    try {
      const h = await health(server.base);
      expect(h.body.demonstracao).toBe(false);
      expect(h.header).toBeNull();
    } finally {
      await server.stop();
    }
  }, 180_000);
});

const canMount =
  spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r'], { stdio: 'ignore' }).status === 0;
const sh = (script: string) => {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
};

describe.skipIf(!canMount)('health tells whether writes work (real mounts, a running servir)', () => {
  it('a disk filled up while servir runs: 503 with the reason; back to 200 when space is freed', async () => {
    const mnt = join(store.root, 'disco-saude');
    mkdirSync(mnt);
    const kb = Number(spawnSync('du', ['-sk', store.template], { encoding: 'utf8' }).stdout.split('\t')[0]);
    sh(`mount -t tmpfs -o size=${kb + 40 * 1024}k tmpfs "${mnt}" && cp -a "${store.template}" "${mnt}/registro"`);
    const server = await startServir(pgliteEnv(join(mnt, 'registro')));
    try {
      expect((await health(server.base)).status).toBe(200);
      sh(`dd if=/dev/zero of="${mnt}/enchimento" bs=64k 2>/dev/null || true`);
      // The probe's answer is cached up to PROBE_CACHE_MS: poll until it has seen the change.
      let full = await health(server.base);
      while (full.status === 200) full = await health(server.base);
      expect(full).toMatchObject({
        status: 503,
        body: { status: 'falha', escritas: { ok: false, tipo: 'disco-cheio', motivo: expect.stringContaining('disco cheio') } },
      });
      sh(`rm "${mnt}/enchimento"`);
      let back = await health(server.base);
      while (back.status !== 200) back = await health(server.base);
      expect(back.body.escritas).toEqual({ ok: true });
    } finally {
      await server.stop();
      sh(`umount "${mnt}"`);
    }
  }, 240_000);
});

describe.skipIf(!canMount)('the write probe on a read-only mount', () => {
  // A mount with a store open for writing cannot be remounted read-only (EBUSY), so the probe's
  // folder check runs on a read-only bind mount of a registry nobody holds.
  it('says somente-leitura', async () => {
    const dir = store.copy('para-ro');
    const ro = join(store.root, 'ro-saude');
    mkdirSync(ro);
    sh(`mount --bind "${dir}" "${ro}" && mount -o remount,ro,bind "${ro}"`);
    const db = await openDatabase({ pgliteDir: 'memory://' });
    try {
      expect(await probeWrites(db, ro)).toMatchObject({ ok: false, tipo: 'somente-leitura', motivo: expect.stringContaining('somente leitura (EROFS)') });
      expect(await probeWrites(db, dir)).toMatchObject({ ok: true });
    } finally {
      await db.close();
      sh(`umount "${ro}"`);
    }
  });
});

describe('the write probe at the seam (every environment)', () => {
  /** A Db whose writes fail the way `fail` says; reads of the demo mark answer "none". */
  const failing = (fail: () => Promise<never>): Db => ({
    kind: 'postgres',
    query: (async (sql: string) => (sql.includes('store_probe') ? fail() : { rows: [] })) as Db['query'],
    copyFrom: fail,
    exec: fail,
    transaction: fail,
    close: async () => undefined,
  });
  const pgError = (code: string, message: string) => () => Promise.reject(Object.assign(new Error(message), { code }));

  it('disk full, read-only and refused databases each get their reason', async () => {
    expect(await probeWrites(failing(pgError('53100', 'could not extend file: No space left on device')))).toMatchObject({ ok: false, tipo: 'disco-cheio' });
    expect(await probeWrites(failing(pgError('25006', 'cannot execute INSERT in a read-only transaction')))).toMatchObject({
      ok: false,
      tipo: 'somente-leitura',
    });
    const refused = await probeWrites(failing(pgError('08006', 'connection to 10.0.0.7 failed')));
    expect(refused).toMatchObject({ ok: false, tipo: 'banco-indisponivel', motivo: 'o banco recusou uma escrita de teste' });
    // The driver's words (hosts, paths) go to the server's log only.
    expect(refused.ok === false && refused.erro).toContain('10.0.0.7');
  });

  it('the health answer is reused for PROBE_CACHE_MS and probed again after (injected clock)', async () => {
    let now = 0;
    let probes = 0;
    const db = await openDatabase({ pgliteDir: 'memory://' });
    const counting: Db = {
      ...db,
      query: (async (sql: string, params?: readonly unknown[]) => {
        if (sql.includes('store_probe')) probes += 1;
        return db.query(sql, params);
      }) as Db['query'],
    };
    const status = new RegistryStatus(counting, undefined, false, () => now);
    expect(await status.writes()).toEqual({ ok: true });
    await status.writes();
    expect(probes).toBe(1);
    now += 2000;
    await status.writes();
    expect(probes).toBe(2);
    await db.close();
  });
});
