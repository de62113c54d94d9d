// Goal: the CLI shows the withholding (issue 16 §2): `pagar` prints IRRF, previdência and net per
// payment from the registered tax facts (and why a payment has none), and `documento` prints the
// payment document (R6.20) as a table, JSON, CSV (';' and BOM) and a printable page with the O6.5
// figures; bad input exits 64 with the reason, an unknown payment exits 1 in Portuguese.
// Method: a PGlite directory seeded with test/support/tax-facts-registry.ts (regime especial, so one
// run pays all three), the commands run in this process with stdout/stderr captured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentoCommand } from '../../src/cli/documento.ts';
import { pagarCommand } from '../../src/cli/pagar.ts';
import { money } from '../../src/domain/money.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { COMUM, RRA, seedTaxFacts } from '../support/tax-facts-registry.ts';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'documento-'));
  const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
  await seedTaxFacts(db);
  await db.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(command: typeof pagarCommand, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('PRECATORIOS_DATA_DIR', join(dir, 'pglite'));
  try {
    return { status: await command.run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('pagar and documento show the withholding', () => {
  let rraPayment = '';

  it('pagar: IRRF, previdência and net per payment, the totals, and why a payment has none', async () => {
    const json = await run(pagarCommand, '--ente', 'x', '--valor', '100000.00', '--data', '2026-01-15', '--formato', 'json');
    expect(json.status).toBe(0);
    const plan = JSON.parse(json.stdout) as { pagamentos: { numero: string; pagamento: string; retencao: Record<string, string> | null }[] };
    const rra = plan.pagamentos.find((p) => p.numero === RRA)!;
    rraPayment = rra.pagamento;
    expect(rra.retencao).toMatchObject({ regime: 'PF_RRA', irrf: expect.stringMatching(/^\d+\.\d{2}$/) });
    const table = await run(pagarCommand, '--ente', 'x', '--valor', '400000.00', '--data', '2026-01-15');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/IRRF\s+previdência\s+líquido/);
    expect(table.stdout).toMatch(/Retenções \(\d+ pagamento\(s\)\): IRRF R\$/);
    expect(table.stdout).toContain('sem retenção — retenção não calculada: regime tributário não informado (R6.7)');
    expect(table.stdout).toContain(COMUM);
  });

  it('documento: the same payment as a table, JSON, CSV with BOM and a printable page', async () => {
    const texto = await run(documentoCommand, RRA, '--pagamento', rraPayment);
    expect(texto.status).toBe(0);
    expect(texto.stdout).toMatch(/retenções\s+regime tributário\s+PF_RRA/);
    expect(texto.stdout).toContain('Maria da Silva');
    const json = JSON.parse((await run(documentoCommand, RRA, '--pagamento', rraPayment, '--formato', 'json')).stdout) as {
      bruto: string;
      liquido: string;
      retencoes: { irrf: string; previdencia: string };
    };
    expect(money(json.bruto).minus(json.retencoes.irrf).minus(json.retencoes.previdencia).toFixed(2)).toBe(json.liquido);
    const csv = (await run(documentoCommand, RRA, '--pagamento', rraPayment, '--formato', 'csv')).stdout;
    expect(csv.startsWith('\uFEFFseção;campo;valor\r\n')).toBe(true);
    expect(csv).toContain(`retenções;IRRF;${json.retencoes.irrf}\r\n`);
    const html = (await run(documentoCommand, RRA, '--pagamento', rraPayment, '--formato', 'html')).stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<th>líquido ao beneficiário</th><td>${json.liquido}</td>`);
  });

  it('refuses bad input (64) and an unknown payment (1), in Portuguese', async () => {
    expect(await run(documentoCommand, RRA)).toMatchObject({ status: 64, stderr: expect.stringContaining('informe o pagamento (--pagamento <id>)') });
    expect(await run(documentoCommand, RRA, '--pagamento', '1', '--formato', 'pdf')).toMatchObject({
      status: 64,
      stderr: expect.stringContaining('--formato deve ser texto, json, csv ou html'),
    });
    expect(await run(documentoCommand, RRA, '--pagamento', '424242')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(`pagamento 424242 não encontrado no precatório ${RRA}`),
    });
  });
});
