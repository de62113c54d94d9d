// Goal (issue 18 §4, CLI): `--help` on every command, errors in Portuguese without stack traces,
// Brazilian amounts everywhere, exit codes as documented (0 ok, 1 refused, 64 wrong usage), an empty
// index folder is an error, and a mistyped path never creates or locks a registry.
// Method: `main()` in-process for every command name (COMMAND_NAMES, so a new command is covered
// by itself), stdout and stderr captured; the registry a temporary PGlite folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, main } from '../../src/cli/main.ts';

let root: string;
let savedEnv: NodeJS.ProcessEnv;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-convencoes-'));
  savedEnv = { ...process.env };
  process.env['PRECATORIOS_DATA_DIR'] = join(root, 'registro');
  delete process.env['DATABASE_URL'];
});
afterAll(() => {
  process.env = savedEnv;
  rmSync(root, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string) => out.push(String(c)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((c: string) => err.push(String(c)) > 0) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

/** What a user must never read: Node's English parser messages, errno codes, stack frames. */
const RAW = /Unknown option|argument missing|ENOENT|EADDRINUSE|\n\s+at |Error:/;

describe('every command', () => {
  it.each(COMMAND_NAMES)('%s answers --help, --ajuda and -h with its usage on stdout, exit 0', async (name) => {
    for (const flag of ['--help', '--ajuda', '-h']) {
      const r = await run(name, flag);
      expect(r.code, `${name} ${flag}`).toBe(0);
      expect(r.out).toMatch(new RegExp(`^uso: precatorios ${name}`));
    }
  });

  it.each(COMMAND_NAMES)('%s refuses an unknown option in Portuguese, exit 64, naming it', async (name) => {
    const r = await run(name, '--opcao-inexistente');
    expect(r.code).toBe(64);
    expect(r.err).toContain('opção desconhecida: --opcao-inexistente');
    expect(r.err).not.toMatch(RAW);
  });

  it('help for a subcommand: indices importar --help', async () => {
    const r = await run('indices', 'importar', '--help');
    expect([r.code, r.out.startsWith('uso: precatorios indices')]).toEqual([0, true]);
  });

  it('no command, or an unknown one: the list of commands (0 when asked, 64 otherwise)', async () => {
    expect((await run()).code).toBe(0);
    expect((await run('--help')).err).toContain('comandos:');
    const unknown = await run('pagarr');
    expect(unknown.code).toBe(64);
    expect(unknown.err).toContain('comando desconhecido: pagarr');
  });

  it('an option missing its value is named in Portuguese', async () => {
    const r = await run('corrigir', '--valor');
    expect(r.code).toBe(64);
    expect(r.err).toContain('a opção --valor precisa de um valor');
  });
});

describe('paths, amounts, folders and ports', () => {
  it('a missing file or folder is said in Portuguese and no registry is created', async () => {
    const missing = join(root, 'nao-existe.csv');
    for (const argv of [
      ['importar', missing],
      ['importar', '--completo', join(root, 'sem-backup')],
      ['fila', missing],
      ['indices', 'importar', join(root, 'sem-pasta')],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(/não encontrad[oa]: /);
      expect(r.err).not.toMatch(RAW);
    }
    expect(existsSync(join(root, 'registro'))).toBe(false);
  });

  it('an index folder with no series is an error, and nothing is written', async () => {
    const empty = join(root, 'indices-vazia');
    mkdirSync(empty);
    const r = await run('indices', 'importar', empty);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nenhuma série de índice');
    expect(r.out).not.toContain('importadas');
  });

  it('corrigir takes Brazilian amounts as pagar does (R5.17 example to the cent), and refuses an ambiguous one', async () => {
    const args = ['--data-base', '2019-06', '--ate', '2026-01', '--natureza', 'alimentar', '--orcamento', '2021', '--formato', 'json'];
    const totals: string[] = [];
    for (const valor of ['100000', '100000.00', '100.000,00', 'R$ 100.000,00']) {
      const r = await run('corrigir', '--valor', valor, ...args);
      expect(r.code, `${valor}: ${r.err}`).toBe(0);
      totals.push(JSON.parse(r.out).total);
    }
    expect(new Set(totals)).toEqual(new Set(['174789.41']));
    const ambiguous = await run('corrigir', '--valor', '100.000', ...args);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain('ambíguo');
  });

  it('servir on a busy port says so in Portuguese, exit 1, and releases the registry', async () => {
    const busy = createServer();
    const port = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)));
    try {
      const r = await run('servir', '--porta', String(port), '--sem-demo');
      expect(r.code).toBe(1);
      expect(r.err).toContain(`a porta ${port} de 127.0.0.1 já está em uso`);
      expect(r.err).not.toMatch(RAW);
      // Released: the next command opens the same folder.
      expect((await run('indices', 'listar')).code).toBe(0);
    } finally {
      busy.close();
    }
  });
});
