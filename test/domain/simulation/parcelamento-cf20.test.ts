// Goal: a CF §20 parcelamento (R7.10) in the projection and its share rule, on a worked debtor:
// R$ 1.000.000,00 among R$ 1.400.000,00 of its budget year is paid R$ 150.000,00 in that year and
// R$ 170.000,00 in each of the next five, at its original place, while the list goes on; the held
// share follows what was already paid. Method: hand-computed amounts from the §20 text (15 %, then
// five equal parcels), no growth, so every centavo is checked.
import { describe, expect, it } from 'vitest';
import { money } from '../../../src/domain/money.ts';
import { cf20HeldShare, cf20Parcelamentos } from '../../../src/domain/rules/parcelamento-cf20.ts';
import type { YearMonth } from '../../../src/domain/dates.ts';
import { centsToMoney, projectEnte } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';
import { MUNICIPIO, MUNICIPIO_GERAL, beneficiario, deposit, dotacao, must, precatorio } from './fixtures.ts';

const N = (i: number) => `000000${i}-00.2025.8.14.0301`;
const registry = (ente = MUNICIPIO_GERAL) => [
  precatorio(ente, N(1), '2025-01-10', 'comum', [beneficiario('p1', '600000.00'), beneficiario('p2', '400000.00')]),
  // Presented up to 2 April 2025 (EC 114): budget year 2026 with P, a base of 1.400.000,00.
  ...[2, 3, 4, 5].map((i) => precatorio(ente, N(i), `2025-03-${10 + i}`, 'comum', [beneficiario(`b${i}`, '100000.00')])),
  // Budget year 2027: 20.000 of a base of 190.000 (with P's parcel of 2027): not parcelled.
  precatorio(ente, N(6), '2025-06-10', 'comum', [beneficiario('q', '20000.00')]),
];

describe('CF §20 parcelamento in the projection (R7.10)', () => {
  it('pays the parcelled precatório 15 % in its year and a fifth of the rest each year after, and the list goes on', () => {
    const projection = must(
      projectEnte({
        ente: MUNICIPIO_GERAL,
        precatorios: registry(),
        funding: dotacao(MUNICIPIO_GERAL.id, '7200000.00'),
        rules: RULES,
        from: '2026-01' as YearMonth,
        until: '2031-12' as YearMonth,
        rates: undefined,
        correction: undefined,
      }),
    );
    const run = projection.baseline;
    const ofP = run.events.filter((e) => e.numero === N(1)).map((e) => [e.month, e.kind, centsToMoney(e.amountCents).toFixed(2)]);
    expect(ofP).toEqual([
      ['2026-01', 'pagamento-parcial', '150000.00'],
      ['2027-01', 'pagamento-parcial', '170000.00'],
      ['2028-01', 'pagamento-parcial', '170000.00'],
      ['2029-01', 'pagamento-parcial', '170000.00'],
      ['2030-01', 'pagamento-parcial', '170000.00'],
      ['2031-01', 'quitacao', '1000000.00'],
    ]);
    const settled = Object.fromEntries(run.projections.map((p) => [p.numero, p.fullPaymentMonth]));
    // Behind P in the list, paid in full while P waits for its parcels.
    expect([2, 3, 4, 5].map((i) => settled[N(i)])).toEqual(['2026-01', '2026-01', '2026-01', '2026-01']);
    expect(settled[N(6)]).toBe('2027-01');
    // January 2026: 600.000 came in, 150.000 + 4 × 100.000 paid; the rest waits in the account.
    expect(centsToMoney(run.months[0]!.chronologicalPaidCents).toFixed(2)).toBe('550000.00');
    expect(centsToMoney(run.months[0]!.unspentCents).toFixed(2)).toBe('50000.00');
    expect(projection.assumptions.find((a) => a.includes('§20'))).toContain(N(1));
  });

  it('holds nothing in regime especial: the special account pays the whole stock in list order (ADCT 101)', () => {
    const projection = must(
      projectEnte({
        ente: MUNICIPIO,
        precatorios: registry(MUNICIPIO),
        funding: deposit(MUNICIPIO.id, '600000.00'),
        rules: RULES,
        from: '2026-01' as YearMonth,
        until: '2026-12' as YearMonth,
        rates: undefined,
        correction: undefined,
      }),
    );
    expect(projection.baseline.projections.find((p) => p.numero === N(1))!.fullPaymentMonth).toBe('2026-02');
    expect(projection.assumptions.some((a) => a.includes('§20'))).toBe(false);
  });

  it('the held share is the face not yet due over the face still open, within [0, 1]', () => {
    const [plan] = cf20Parcelamentos(RULES, [
      { numero: 'P', budgetYear: 2026, valueBrl: money('1000000.00') },
      { numero: 'B', budgetYear: 2026, valueBrl: money('400000.00') },
    ]);
    expect(plan!.numero).toBe('P');
    const share = (open: string, year: number) => cf20HeldShare(plan!, money(open), year);
    expect(share('1000000.00', 2025)).toBe(1); // before its budget year nothing is due
    expect(share('1000000.00', 2026)).toBe(0.85);
    expect(share('1000000.00', 2027)).toBe(0.68);
    expect(share('700000.00', 2027)).toBeCloseTo(680000 / 700000, 15); // paid 300.000: 20.000 of 2027 still due
    expect(share('800000.00', 2026)).toBe(1); // paid 200.000 ahead of the 150.000 due: nothing more this year
    expect(share('1000000.00', 2031)).toBe(0);
    expect(share('0.00', 2026)).toBe(0);
  });
});
