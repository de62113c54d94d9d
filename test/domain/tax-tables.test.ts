// Goal: the IRRF and previdência tables are dated rows of data/rules with their legal basis
// (money-movements.md R6.7–R6.12), loaded and validated by the RuleBook loader. Method: the shipped
// rows equal the published figures O6.2/O6.3; a damaged row stops the load naming file, line and
// column; fast-check laws: every shipped table is continuous at its limits (the tax of a limit is the
// same under both adjacent bands, to the cent × NM) and the table in force is the one by date.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { Dec, roundCents } from '../../src/domain/money.ts';
import { progressiveTax } from '../../src/domain/rules/irrf.ts';
import { requireRuleInForce, ruleInForce } from '../../src/domain/rules/timeline.ts';
import { DEFAULT_RULES_DIR, loadRuleBook } from '../../src/rules/load-rule-book.ts';
import { RULES } from '../support/rules.ts';

const TAX = RULES.tax;
const asText = (rows: readonly { upTo: Dec | undefined; rate: Dec; deduction: Dec }[]) =>
  rows.map((b) => [b.upTo?.toFixed(2) ?? 'acima', b.rate.toString(), b.deduction.toFixed(2)]);

describe('the shipped tax rows (data/rules)', () => {
  it('hold the 05/2025 monthly table and desconto simplificado as published (O6.2)', () => {
    const table = requireRuleInForce(TAX.irrfMonthly, isoDate('2025-05-01'), 'IRRF');
    expect(table.validFrom).toBe('2025-05-01');
    expect(asText(table.value)).toEqual([
      ['2428.80', '0', '0.00'],
      ['2826.65', '0.075', '182.16'],
      ['3751.05', '0.15', '394.16'],
      ['4664.68', '0.225', '675.49'],
      ['acima', '0.275', '908.73'],
    ]);
    expect(requireRuleInForce(TAX.descontoSimplificado, isoDate('2025-12-31'), 'desconto').value.toFixed(2)).toBe('607.20');
    // Lei 15.270 leaves the bands alone: January 2026 still reads the 05/2025 table (R6.9).
    expect(requireRuleInForce(TAX.irrfMonthly, isoDate('2026-01-15'), 'IRRF').validFrom).toBe('2025-05-01');
  });

  it('hold the Lei 15.270 reduction from 01/2026 only (O6.3)', () => {
    expect(ruleInForce(TAX.monthlyReduction, isoDate('2025-12-31'))).toBeUndefined();
    const r = requireRuleInForce(TAX.monthlyReduction, isoDate('2026-01-01'), 'redução').value;
    expect([r.fullUpTo, r.fullMax, r.phaseOutUpTo, r.phaseOutConstant].map((d) => d.toFixed(2))).toEqual(['5000.00', '312.89', '7350.00', '978.62']);
    expect(r.phaseOutRate.toString()).toBe('0.133145');
  });

  it('hold the PJ rates of R6.7 and the [UNC] previdência defaults of R6.12, each with its basis', () => {
    const on = isoDate('2026-01-15');
    const pj = Object.fromEntries(Object.entries(TAX.pjRates).map(([k, t]) => [k, requireRuleInForce(t, on, k).value.toString()]));
    expect(pj).toEqual({ PJ_SERVICOS: '0.015', PJ_CESSAO: '0.01', PJ_LUCRO: '0.05', PJ_SIMPLES: '0' });
    expect(requireRuleInForce(TAX.previdenciaRates.get('PSS_UNIAO')!, on, 'PSS').value.toString()).toBe('0.11');
    expect(requireRuleInForce(TAX.previdenciaRates.get('IGEPREV_PA')!, on, 'IGEPREV').value.toString()).toBe('0.14');
    const rows = [
      ...TAX.irrfMonthly,
      ...TAX.descontoSimplificado,
      ...TAX.monthlyReduction,
      ...Object.values(TAX.pjRates).flat(),
      ...[...TAX.previdenciaRates.values()].flat(),
    ];
    for (const row of rows) expect(row.legalBasis.length).toBeGreaterThan(40);
  });

  it('every shipped table is continuous at each limit, for any NM (the deductions agree with the limits)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TAX.irrfMonthly), fc.integer({ min: 1, max: 240 }), (dated, nmInt) => {
        const nm = new Dec(nmInt);
        const bands = dated.value;
        for (let i = 0; i + 1 < bands.length; i++) {
          const limit = bands[i]!.upTo!.times(nm);
          const lower = roundCents(limit.times(bands[i]!.rate), 'half-up').minus(bands[i]!.deduction.times(nm));
          const upper = roundCents(limit.times(bands[i + 1]!.rate), 'half-up').minus(bands[i + 1]!.deduction.times(nm));
          // RFB rounds each deduction to the cent: at most one cent per month of NM apart.
          expect(lower.minus(upper).abs().lessThanOrEqualTo(new Dec('0.01').times(nm).plus('0.01'))).toBe(true);
          expect(progressiveTax(limit, bands, nm).toFixed(2)).toBe(lower.toFixed(2));
        }
      }),
    );
  });
});

describe('a damaged tax table stops the load, naming file, line and column', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const withEdited = (file: string, edit: (text: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'tax-rules-'));
    dirs.push(dir);
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    const before = readFileSync(join(dir, file), 'utf8');
    const after = edit(before);
    expect(after).not.toBe(before); // the edit must hit the row it means to damage
    writeFileSync(join(dir, file), after);
    return () => loadRuleBook(dir);
  };

  it.each([
    [
      'irrf-monthly-bands.csv',
      (t: string) => t.replace('2025-05-01,3751.05,0.15,394.16', '2025-05-01,3751.05,0.15,349.16'),
      /irrf-monthly-bands\.csv: tabela de 2025-05-01: faixa 3: dedução 349\.16 descontínua/,
    ],
    ['irrf-monthly-bands.csv', (t: string) => t.replace('2025-05-01,,0.275', '2025-05-01,,2.75'), /irrf-monthly-bands\.csv linha 16: rate: "2\.75"/],
    [
      'irrf-monthly-bands.csv',
      (t: string) => t.replace('2025-05-01,2826.65,0.075,182.16', '2025-05-01,2826,65,0.075'),
      /irrf-monthly-bands\.csv linha 13: rate: "65"/,
    ],
    [
      'irrf-monthly-bands.csv',
      (t: string) => t.replace('2025-05-01,,0.275', '2025-05-01,9999.00,0.275'),
      /faixa 5: só a última faixa fica sem limite superior/,
    ],
    ['irrf-monthly-bands.csv', (t: string) => t.replace('2025-05-01,4664.68,0.225', '2025-05-01,3664.68,0.225'), /faixa 4: limite 3664\.68 não é maior/],
    ['irrf-desconto-simplificado.csv', (t: string) => t.replace('607.20', '607,20'), /irrf-desconto-simplificado\.csv: .*line 4/],
    ['irrf-monthly-reduction.csv', (t: string) => t.replace(',0.133145,', ',,'), /irrf-monthly-reduction\.csv linha 2: phase_out_rate: ""/],
    ['irrf-pj-rates.csv', (t: string) => t.replace('PJ_CESSAO,', 'PJ_CESAO,'), /irrf-pj-rates\.csv: regime: "PJ_CESAO"/],
    ['irrf-pj-rates.csv', (t: string) => t.replace(/\nPJ_SIMPLES,[^\n]*/, ''), /irrf-pj-rates\.csv: falta o regime PJ_SIMPLES/],
    ['previdencia-rates.csv', (t: string) => t.replace(',0.14,', ',14,'), /previdencia-rates\.csv linha 3: rate: "14"/],
    ['previdencia-rates.csv', (t: string) => t.replace(/"\[UNC\][^"]*"/, '""'), /previdencia-rates\.csv linha 3: legal_basis: vazio/],
  ])('%s: %s', (file, edit, message) => {
    expect(withEdited(file, edit)).toThrow(message);
  });
});
