// Goal: the budget-year derivation (R1.2–R1.5) reproduces published court data.
// Method: replay the TJDFT federal requisitions (2 April rule) and TJAP's grace-period table.
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { budgetYearFor, gracePeriodOf, requisitionMomentOf } from '../../src/domain/rules/budget-year.ts';
import { RULES } from '../support/rules.ts';
import { readSharedCsv } from '../support/shared.ts';

const tjdft = readSharedCsv('data/reference/budget_year/tjdft_federal_autuacao_vs_exercicio.csv');
const tjap = readSharedCsv('data/reference/budget_year/tjap_periodo_graca_por_exercicio.csv');

describe('TJDFT federal precatórios: autuação → exercício (2 April rule)', () => {
  it('has all 211 published rows', () => expect(tjdft).toHaveLength(211));
  it.each(tjdft.map((r) => [r['numero_precatorio']!, r['data_autuacao']!, Number(r['exercicio_orcamentario'])] as const))(
    '%s presented %s → budget year %i',
    (_numero, presented, expected) => {
      expect(budgetYearFor(isoDate(presented), RULES.budgetYearRules)).toBe(expected);
    },
  );
});

describe('TJAP período de graça per budget year', () => {
  it('has the 8 published budget years', () => expect(tjap).toHaveLength(8));
  it.each(tjap.map((r) => [Number(r['exercicio_orcamentario']), r['inicio_periodo_graca']!, r['fim_periodo_graca']!] as const))(
    'budget year %i: grace from %s to %s',
    (year, start, end) => {
      const grace = gracePeriodOf(year, RULES.requisitionMoments);
      expect(`${grace.firstMonth}-01`).toBe(start);
      expect(`${grace.lastMonth}-31`).toBe(end);
    },
  );
});

describe('R1.4 examples', () => {
  const cases: [string, number][] = [
    ['2020-06-30', 2021], // Addebitare example
    ['2020-07-10', 2022], // Addebitare example
    ['2020-07-01', 2021], // cut-off day inclusive (R1.3)
    ['2021-07-01', 2022], // last day of the 1 July regime
    ['2021-07-02', 2023], // EC 114 window opens (TJPB)
    ['2022-04-02', 2023], // EC 114 window closes (TJPB)
    ['2022-04-03', 2024], // R1.5: would have been 2023 under the old rule
    ['2022-07-01', 2024],
    ['2025-04-02', 2026], // last day of the 2 April regime
    ['2025-04-03', 2027], // EC 136 window opens (TJPR IN 171)
    ['2025-08-18', 2027],
    ['2026-02-01', 2027], // EC 136 window closes; TJAP grace 2027 starts 2026-02-01
    ['2026-02-02', 2028], // R1.4: derivation from CF §5
    ['2026-04-02', 2028], // R1.5: would have been 2027 under EC 114
    ['2027-02-01', 2028],
    ['2027-02-02', 2029],
  ];
  it.each(cases)('presented %s → budget year %i', (presented, expected) => {
    expect(budgetYearFor(isoDate(presented), RULES.budgetYearRules)).toBe(expected);
  });

  it.each([
    [2022, '2021-07-01'],
    [2023, '2022-04-02'],
    [2026, '2025-04-02'],
    [2027, '2026-02-01'],
    [2030, '2029-02-01'],
  ] as const)('momento de requisição of budget year %i is %s', (year, expected) => {
    expect(requisitionMomentOf(year, RULES.requisitionMoments)).toBe(expected);
  });
});
