// Goal: `precatorios plano` (issue 17 §3; R7.8, R7.9) on a PGlite folder, in-process through main():
// `rcl` records the RCL with its source (exit 0), bad values are exit 64 in Portuguese naming the
// option and write nothing; `mostrar` prints the tier, the yearly limit and the monthly deposit of
// O7.9, what-if by --rcl/--estoque, and the same figures as JSON as the API's use case;
// `parcelamentos` lists the CF §20 plans (R7.10) of a regime geral debtor of the demo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { Dec } from '../../src/domain/money.ts';

let root: string;
let savedEnv: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cli-plano-'));
  savedEnv = { ...process.env };
  process.env['PRECATORIOS_DATA_DIR'] = join(root, 'registro');
  delete process.env['DATABASE_URL'];
  const csv = join(root, 'demo.csv');
  expect((await run('demo', '--saida', csv, '--escala', '0.02')).code).toBe(0);
  expect((await run('importar', csv)).code).toBe(0);
}, 120_000);
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

const ENTE = ['--ente', 'estado-do-para'];

describe('precatorios plano', () => {
  it('refuses bad values with exit 64 naming the option, and writes nothing', async () => {
    for (const [option, args] of [
      ['--valor', ['rcl', ...ENTE, '--exercicio', '2024', '--valor', '-5', '--fonte', 'RREO']],
      ['--valor', ['rcl', ...ENTE, '--exercicio', '2024', '--valor', '0', '--fonte', 'RREO']],
      ['--exercicio', ['rcl', ...ENTE, '--exercicio', '24', '--valor', '1000', '--fonte', 'RREO']],
      ['--fonte', ['rcl', ...ENTE, '--exercicio', '2024', '--valor', '1000']],
      ['--ano', ['mostrar', ...ENTE, '--ano', '2024']],
      ['--data', ['mostrar', ...ENTE, '--data', '2099-01-01']],
      ['--rcl', ['mostrar', ...ENTE, '--rcl', '0']],
    ] as const) {
      const r = await run('plano', ...args);
      expect([option, r.code]).toEqual([option, 64]);
      expect(r.err).toContain(option);
    }
    const none = await run('plano', 'mostrar', ...ENTE, '--ano', '2025', '--data', '2025-06-30', '--formato', 'json');
    expect(JSON.parse(none.out)).toMatchObject({ rcl: null });
  });

  it('records the RCL and shows the O7.9 plan; what-if by --estoque', async () => {
    const rec = await run(
      'plano',
      'rcl',
      ...ENTE,
      '--exercicio',
      '2024',
      '--valor',
      '40.000.000.000,00',
      '--estoque-mora',
      '7000000000',
      '--fonte',
      'RREO SEFA-PA',
    );
    expect(rec.code).toBe(0);
    expect(rec.out).toContain('RCL de 2024 registrada');
    const table = await run('plano', 'mostrar', ...ENTE, '--ano', '2025', '--data', '2025-03-31');
    expect(table.code).toBe(0);
    expect(table.out).toContain('inciso II: 1.5 % da RCL');
    expect(table.out).toMatch(/depósito mensal R\$\s?50\.000\.000,00/);
    // No deposit in the special account: Jan–Mar due, nothing released (R7.9).
    expect(table.out).toMatch(/INADIMPLENTE: valor não liberado R\$\s?150\.000\.000,00/);
    const whatIf = JSON.parse(
      (await run('plano', 'mostrar', ...ENTE, '--ano', '2025', '--data', '2025-03-31', '--estoque', '34000000000.01', '--formato', 'json')).out,
    );
    expect(whatIf).toMatchObject({ hipotese: true, inciso: 'IX', limiteAnual: '2000000000.00' });
  });

  it('ente salvar / lei-rpv (issue 17 §5): created, edited, refused naming the field', async () => {
    expect((await run('ente', 'salvar', '--id', 'municipio-cli', '--nome', 'Município CLI', '--esfera', 'municipal', '--regime', 'geral')).out).toContain(
      'criado',
    );
    expect((await run('ente', 'salvar', '--id', 'municipio-cli', '--nome', 'Município da CLI', '--esfera', 'municipal', '--regime', 'geral')).out).toContain(
      'salvo',
    );
    const bad = await run('ente', 'salvar', '--id', 'municipio-cli', '--nome', 'X Y', '--esfera', 'distrital', '--regime', 'geral');
    expect([bad.code, bad.err]).toEqual([1, expect.stringContaining('esfera')]);
    const law = await run(
      'ente',
      'lei-rpv',
      '--ente',
      'municipio-cli',
      '--desde',
      '2024-01-01',
      '--tipo',
      'salarios-minimos',
      '--valor',
      '50',
      '--fundamento',
      'Lei municipal 9/2023',
    );
    expect([law.code, law.out]).toEqual([0, expect.stringContaining('salarios-minimos 50')]);
    const early = await run('ente', 'lei-rpv', '--ente', 'municipio-cli', '--desde', '1900-01-01', '--tipo', 'teto-rgps', '--fundamento', 'Lei');
    expect([early.code, early.err]).toEqual([64, expect.stringContaining('--desde')]);
    const neg = await run(
      'ente',
      'lei-rpv',
      '--ente',
      'municipio-cli',
      '--desde',
      '2024-01-01',
      '--tipo',
      'valor-fixo',
      '--valor',
      '-5',
      '--fundamento',
      'Lei',
    );
    expect([neg.code, neg.err]).toEqual([64, expect.stringContaining('--valor')]);
  });

  it('parcelamentos: the CF §20 plans of a debtor, parcels summing to each value, the table naming each (R7.10)', async () => {
    const args = ['plano', 'parcelamentos', '--ente', 'municipio-de-ananindeua'];
    const json = await run(...args, '--formato', 'json');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out) as {
      ente: { regime: string };
      itens: { numero: string; valor: string; fracaoDaBase: string; parcelas: { valor: string }[] }[];
    };
    expect(r.ente.regime).toBe('geral');
    expect(r.itens.length).toBeGreaterThan(0);
    for (const item of r.itens) {
      expect(item.parcelas).toHaveLength(6);
      expect(item.parcelas.reduce((s, p) => s.plus(p.valor), new Dec(0)).toFixed(2)).toBe(item.valor);
      expect(new Dec(item.fracaoDaBase).greaterThan('0.15')).toBe(true);
    }
    const table = await run(...args);
    expect(table.code).toBe(0);
    for (const item of r.itens) expect(table.out).toContain(item.numero);
    expect(table.out).toContain('CF art. 100 §20');
    const unknown = await run('plano', 'parcelamentos', '--ente', 'ente-que-nao-existe');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('ente-que-nao-existe');
  });
});
