// Goal: `precatorios simular` reads an ente from the configured database, projects its payments,
// compares a scenario and reports errors through stderr and the exit code, as a real process.
// Method: a PGlite directory seeded with the demo registry (and one stored funding row), then the
// CLI spawned against it with PRECATORIOS_DATA_DIR.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, money } from '../../src/domain/money.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { putFunding } from '../../src/storage/funding-store.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';

const BIN = fileURLToPath(new URL('../../bin/precatorios.mjs', import.meta.url));
let dir: string;
const input = demoInput(7, 0.05);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simular-'));
  const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
  await db.transaction((tx) => importRegistry(tx, input, 'teste'));
  await putFunding(db, 'estado-do-para', {
    validFrom: isoDate('2025-01-01'),
    kind: 'deposito-mensal',
    amount: money('400000.00'),
    chronologicalShare: new Dec('0.75'),
    legalBasis: 'teste',
  });
  await db.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, 'simular', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', PRECATORIOS_DATA_DIR: join(dir, 'pglite') },
  });
}

describe('precatorios simular', () => {
  it('projects with the funding stored in the database and prints JSON', () => {
    const result = run('--ente', 'estado-do-para', '--de', '2026-01', '--ate', '2028-12', '--formato', 'json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.ente).toEqual({ id: 'estado-do-para', nome: 'Estado do Pará', regime: 'especial' });
    // R$ 400.000 a month, 25 % of it to acordos (chronological share 0,75 stored in the funding row).
    expect(out.anos.map((a: any) => [a.ano, a.entrada, a.acordos])).toEqual([
      [2026, '4800000.00', '1200000.00'],
      [2027, '4800000.00', '1200000.00'],
      [2028, '4800000.00', '1200000.00'],
    ]);
    const open = input.precatorios.filter((p) => p.enteId === 'estado-do-para' && (p.status === 'ativo' || p.status === 'suspenso'));
    expect(out.precatorios).toHaveLength(open.length);
    expect(out.precatorios.map((p: any) => p.posicao)).toEqual(open.map((_, i) => i + 1));
    // Paid money never exceeds what reached each account: the list's 75 % and the acordos' 25 % (R7.7 1).
    const sum = (f: (y: any) => number) => out.anos.reduce((a: number, y: any) => a + f(y), 0);
    const byAcordo = sum((y) => Number(y.acordosPagos));
    expect(sum((y) => Number(y.pago)) - byAcordo).toBeLessThanOrEqual(3 * 3_600_000 + 0.001);
    expect(byAcordo).toBeGreaterThan(0);
    expect(byAcordo).toBeLessThanOrEqual(3 * 1_200_000 + 0.001);
    expect(out.cenario).toBeNull();
  });

  it('compares a scenario given on the command line and shows the shift per precatório in the table', () => {
    const result = run(
      '--ente',
      'estado-do-para',
      '--deposito-mensal',
      '1.000.000,00',
      '--de',
      '2026-01',
      '--ate',
      '2027-12',
      '--cenario-deposito=-30',
      '--limite',
      '5',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Simulação de pagamentos — Estado do Pará (regime especial), jan/2026 a dez/2027');
    expect(result.stdout).toContain('Premissas:');
    expect(result.stdout).toContain('Precatórios (5 de ');
    expect(result.stdout).toMatch(/Cenário \(depósito -30 %\) comparado com a base: \d+ antecipado\(s\), \d+ adiado\(s\)/);
    expect(result.stdout).toMatch(/ 0 antecipado\(s\)/); // less money never brings anyone forward
  });

  it('exits 1 when the ente has no funding stored and none is given, or does not exist', () => {
    const none = run('--ente', 'municipio-de-belem');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('o ente municipio-de-belem não tem financiamento no banco; informe --deposito-mensal, --dotacao-anual ou --percentual-rcl');
    const unknown = run('--ente', 'marte', '--deposito-mensal', '10');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('ente "marte" não está no banco');
  });

  it('exits 64 on bad usage, naming the option', () => {
    expect(run().status).toBe(64);
    const badMonth = run('--ente', 'estado-do-para', '--de', '2026-13');
    expect(badMonth.status).toBe(64);
    expect(badMonth.stderr).toContain('--de deve ser AAAA-MM (recebido: 2026-13)');
    const badMoney = run('--ente', 'estado-do-para', '--deposito-mensal', 'muito');
    expect(badMoney.status).toBe(64);
    expect(badMoney.stderr).toContain('--deposito-mensal: "muito" não é um valor em reais');
    const negative = run('--ente', 'estado-do-para', '--cenario-deposito', '-30');
    expect(negative.status).toBe(64);
    expect(negative.stderr).toContain('valores negativos vão com "=", como --cenario-deposito=-30');
  });
});
