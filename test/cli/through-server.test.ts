// Goal (issue 15 §1): while `servir` holds a PGlite folder, the CLI commands that read or write the
// registry (importar, pagar, indices, corrigir, simular, deposito, acordo, usuarios, exportar/importar --completo) go
// through its API and say so; their writes are in the server at once and after a
// restart; their output and exit codes are those of the same command run directly on a store
// nobody holds. A backup taken while writes go on is one consistent snapshot that restores to its
// own hash, and the served store still opens after more writes and a restart.
// Method: real processes. Two copies of one registry folder (made by the real `importar`): copy A
// served by `precatorios servir`, copy B with no server; each command run on both and compared
// (stdout exactly, stderr without timings — the progress lines included). Payments through the API
// during the export. An import larger than the old 64 MiB request cap (the TJPA demo ×33, ~240 000
// rows) goes through the server streamed, with the same progress lines, report and exit code as
// the direct import. Runtime: several minutes (every CLI start and PGlite open is seconds on a
// loaded machine; the large import is a minute or two per mode).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIAL_FILE } from '../../src/storage/local-credential.ts';
import { BIN, FIXTURE_CSV, ROOT, pgliteEnv, registryTemplate, startServir } from '../storage/support/store-processes.ts';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const ERRORS_CSV = join(ROOT, 'test/fixtures/projeto-com-erros.csv');
const INDICES = join(ROOT, '../shared/data/indices');
let store: Awaited<ReturnType<typeof registryTemplate>>;

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

/** What a user reads, without what varies between runs: timings, the mode line, folder names. */
const comparable = (r: Run, dirs: readonly string[]) => {
  const strip = (text: string) => {
    let t = text
      .replace(/\d+ ms\)/g, 'N ms)')
      .replace(/(precatórios|lido) \(\d+ s\)/g, '$1 (N s)')
      .replace(/criadoEm": "[^"]+"/g, 'criadoEm": "…"');
    for (const d of dirs) t = t.split(d).join('<pasta>');
    return t;
  };
  return {
    code: r.code,
    stdout: strip(r.stdout),
    stderr: strip(
      r.stderr
        .split(/\r|\n/)
        .filter((l) => !/^registro aberto por |^exportando |^restaurada /.test(l))
        .join('\n'),
    ),
  };
};

beforeAll(async () => {
  store = await registryTemplate();
}, 180_000);
afterAll(() => store?.dispose());

describe('the CLI through a running servir', () => {
  it('runs each command through the API, with the output of the direct run, and the writes survive a restart', async () => {
    const served = store.copy('servido');
    const direct = store.copy('direto');
    let server = await startServir(pgliteEnv(served), ['--sem-demo']);
    try {
      // The per-start credential for the CLI: next to the holder record, the owner's only.
      expect(statSync(join(served, LOCAL_CREDENTIAL_FILE)).mode & 0o777).toBe(0o600);
      const deposits = join(store.root, 'depositos.csv');
      writeFileSync(deposits, 'data;valor;documento\n2026-03-10;2.500,00;extrato 2\n2026-03-11;abc;extrato 3\n2026-03-12;0,00;\n');
      const goodDeposits = join(store.root, 'depositos-bons.csv');
      writeFileSync(goodDeposits, 'ente;data;valor;documento\nestado-do-para;2026-03-10;2.500,00;extrato 2\n');
      const commands: string[][] = [
        ['importar', ERRORS_CSV],
        ['importar', FIXTURE_CSV],
        ['pagar', '--ente', 'estado-do-para', '--valor', '1.000,00', '--data', '2026-03-02', '--formato', 'json'],
        ['pagar', '--ente', 'estado-do-para', '--valor', '50000', '--data', '2026-03-03', '--previa', '--formato', 'json'],
        ['pagar', '--ente', 'estado-do-para', '--valor', '50000', '--data', '2026-03-03'],
        ['pagar', '--ente', 'ente-que-nao-existe', '--valor', '10', '--data', '2026-03-03'],
        ['indices', 'importar', INDICES],
        ['indices', 'listar'],
        ['corrigir', '--valor', '100000', '--data-base', '2020-01', '--ate', '2024-01', '--natureza', 'alimentar', '--formato', 'json'],
        ['simular', '--ente', 'estado-do-para', '--deposito-mensal', '20000', '--de', '2026-03', '--ate', '2027-12', '--formato', 'json'],
        ['simular', '--ente', 'estado-do-para', '--deposito-mensal', '20000', '--de', '2026-03', '--ate', '2027-12', '--cenario-deposito=-30'],
        ['deposito', 'registrar', '--ente', 'estado-do-para', '--data', '2026-03-05', '--valor', '1.000,00', '--documento', 'extrato 1'],
        ['deposito', 'registrar', '--ente', 'ente-que-nao-existe', '--data', '2026-03-05', '--valor', '1', '--documento', 'extrato'],
        ['deposito', 'importar', deposits, '--ente', 'estado-do-para'],
        ['deposito', 'importar', goodDeposits, '--ente', 'estado-do-para'],
        ['deposito', 'extrato', '--ente', 'estado-do-para', '--formato', 'json'],
        ['deposito', 'extrato', '--ente', 'estado-do-para'],
        ['acordo', 'edital', '--ente', 'estado-do-para', '--numero', '1/2026', '--abertura', '2026-03-01', '--encerramento', '2026-03-31'],
        [
          'acordo',
          'edital',
          '--ente',
          'estado-do-para',
          '--numero',
          '2/2026',
          '--abertura',
          '2026-03-01',
          '--encerramento',
          '2026-03-31',
          '--desagio-maximo',
          '0.5',
        ],
        ['acordo', 'chamar', '--edital', '1', '--data', '2026-03-15', '--formato', 'json'],
        ['usuarios', 'criar', 'ana.souza', '--papel', 'equipe', '--nome', 'Ana Souza'],
        ['usuarios', 'listar', '--formato', 'json'],
      ];
      for (const args of commands) {
        const [viaServer, here] = [await cli(args, pgliteEnv(served)), await cli(args, pgliteEnv(direct))];
        expect(viaServer.stderr, args.join(' ')).toMatch(
          new RegExp(
            `^registro aberto por \`precatorios servir --porta 0 --sem-demo\` \\(processo ${server.child.pid} em .*— usando a API em ${server.base.replace(/[.]/g, '\\.')}$`,
            'm',
          ),
        );
        expect(here.stderr).not.toContain('registro aberto por');
        const a = comparable(viaServer, [served]);
        const b = comparable(here, [direct]);
        if (args[0] === 'usuarios' && args[1] === 'criar') {
          // A new token each time: only its shape is the same.
          expect(a.stdout).toMatch(/^\S{20,}\n$/);
          expect(b.stdout).toMatch(/^\S{20,}\n$/);
          expect({ ...a, stdout: '' }, args.join(' ')).toEqual({ ...b, stdout: '' });
        } else {
          expect(a, args.join(' ')).toEqual(b);
        }
        if (args[0] === 'importar') expect(a.code).toBe(args[1] === ERRORS_CSV ? 2 : 0);
        if (args[0] === 'deposito') expect(a.code, args.join(' ')).toBe(args[2] === deposits || args.includes('ente-que-nao-existe') ? 1 : 0);
        if (args.includes('json') && args[0] === 'pagar') expect((JSON.parse(a.stdout) as { pagamentos: unknown[] }).pagamentos.length).toBeGreaterThan(0);
      }
      // A multi-ente deposit file needs the store itself: through the server it is refused, naming --ente.
      const multi = await cli(['deposito', 'importar', goodDeposits], pgliteEnv(served));
      expect(multi.code).toBe(1);
      expect(multi.stderr).toMatch(/importa depósitos de um ente por vez: informe --ente/);
      expect((await cli(['deposito', 'importar', goodDeposits], pgliteEnv(direct))).code).toBe(0);
      // The server sees the payments at once (its public list: paid balances left the stock).
      const stock = async (base: string) =>
        ((await (await fetch(`${base}/api/entes`)).json()) as { entes: { id: string; estoque: string }[] }).entes.find((e) => e.id === 'estado-do-para')!
          .estoque;
      const afterRuns = await stock(server.base);
      await server.stop();
      expect(existsSync(join(served, LOCAL_CREDENTIAL_FILE))).toBe(false);
      server = await startServir(pgliteEnv(served), ['--sem-demo']);
      expect(await stock(server.base)).toBe(afterRuns);
      const other = await startServir(pgliteEnv(direct), ['--sem-demo']);
      try {
        expect(await stock(other.base)).toBe(afterRuns);
      } finally {
        await other.stop();
      }
    } finally {
      await server.stop();
    }
  }, 900_000);

  it('an import larger than 64 MiB goes through the server streamed, with the progress, report and exit code of the direct import', async () => {
    const big = join(store.root, 'maior-que-64-mib.csv');
    const made = await cli(['demo', '--escala', '33', '--saida', big], {});
    expect(made.code, made.stderr).toBe(0);
    const size = statSync(big).size;
    expect(size).toBeGreaterThan(64 * 1024 * 1024);
    const served = store.copy('grande-servido');
    const direct = store.copy('grande-direto');
    const server = await startServir(pgliteEnv(served), ['--sem-demo']);
    try {
      const viaServer = await cli(['importar', big], pgliteEnv(served));
      expect(viaServer.stderr).toContain(`usando a API em ${server.base}`);
      const here = await cli(['importar', big], pgliteEnv(direct));
      expect(here.code, here.stderr).toBe(0);
      expect(comparable(viaServer, [served])).toEqual(comparable(here, [direct]));
      const progress = (r: Run) => [...r.stderr.matchAll(/\rgravados (\d+) precatórios/g)].map((m) => Number(m[1]));
      expect(progress(viaServer).length).toBeGreaterThan(10);
      expect(progress(viaServer)).toEqual(progress(here));
      const peakKb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      console.info(
        `importação de ${(size / 1024 / 1024).toFixed(1)} MiB pelo servidor: ${progress(viaServer).at(-1)} precatórios; pico de memória do servir ${Math.round(peakKb(server.child.pid!) / 1024)} MiB`,
      );
    } finally {
      await server.stop();
    }
  }, 900_000);

  it('a backup taken while payments go on restores to its own hash; the served store opens again after more writes', async () => {
    const served = store.copy('backup-vivo');
    const TOKEN = 'token-do-teste-de-backup';
    let server = await startServir(pgliteEnv(served, { PRECATORIOS_ADMIN_TOKEN: TOKEN }), ['--sem-demo']);
    const pay = async (base: string, n: number) => {
      const codes: number[] = [];
      for (let i = 0; i < n; i++) {
        const res = await fetch(`${base}/api/precatorios/${encodeURIComponent('0000001-85.2023.8.14.0301')}/pagamentos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ beneficiarioId: 'b1', valor: '10.00', pagoEm: '2026-03-02' }),
        });
        codes.push(res.status);
      }
      return codes;
    };
    try {
      const backup = join(store.root, 'backup-durante-escritas');
      const [exported, codes] = await Promise.all([cli(['exportar', '--completo', backup], pgliteEnv(served)), pay(server.base, 10)]);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toContain('usando a API em');
      expect(codes).toEqual(Array(10).fill(201));
      expect(statSync(backup).mode & 0o777).toBe(0o700);
      const hash = /hash do conteúdo \(sha256\): ([0-9a-f]{64})/.exec(exported.stdout)?.[1];
      expect(hash).toBeDefined();
      // Restored directly into a new folder: the same content hash (the restore checks it before committing).
      const restored = await cli(['importar', '--completo', backup], pgliteEnv(join(store.root, 'restaurado')));
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(`hash do conteúdo (sha256): ${hash}`);
      // And through a server holding an empty registry: the same restore, by its API.
      const emptyDir = join(store.root, 'restaurado-pelo-servidor');
      const emptyServer = await startServir(pgliteEnv(emptyDir), ['--sem-demo']);
      try {
        const viaServer = await cli(['importar', '--completo', backup], pgliteEnv(emptyDir));
        expect(viaServer.code, viaServer.stderr).toBe(0);
        expect(viaServer.stderr).toContain('usando a API em');
        expect(viaServer.stdout).toContain(`hash do conteúdo (sha256): ${hash}`);
        const again = await cli(['importar', '--completo', backup], pgliteEnv(emptyDir));
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(/erro: .*não está vazio/);
      } finally {
        await emptyServer.stop();
      }
      expect(await pay(server.base, 10)).toEqual(Array(10).fill(201));
      await server.stop();
      server = await startServir(pgliteEnv(served, { PRECATORIOS_ADMIN_TOKEN: TOKEN }), ['--sem-demo']);
      const lookup = (await (await fetch(`${server.base}/api/precatorios/${encodeURIComponent('0000001-85.2023.8.14.0301')}`)).json()) as {
        historico: { tipo: string }[];
      };
      expect(lookup.historico.filter((e) => e.tipo === 'pagamento-cronologica').length).toBe(20);
    } finally {
      await server.stop();
    }
  }, 600_000);
});
