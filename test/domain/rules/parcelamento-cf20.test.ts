// Goal: R7.10 (CF art. 100 §20) — who is parcelled and how, to the centavo. Method: the derived
// oracle O7.8 of money-movements.md §7.4, and laws over generated budget years (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, money } from '../../../src/domain/money.ts';
import { type Cf20Candidate, cf20Parcelamentos } from '../../../src/domain/rules/parcelamento-cf20.ts';
import { RULES } from '../../support/rules.ts';

const item = (numero: string, budgetYear: number, value: string): Cf20Candidate => ({ numero, budgetYear, valueBrl: money(value) });

describe('CF §20 parcelamento (R7.10)', () => {
  it('O7.8: base 10.000.000,00 and P 2.000.000,00 → qualifies; entrada 300.000,00, then 5 parcels of 340.000,00', () => {
    const others = [item('B', 2026, '5000000.00'), item('C', 2026, '3000000.00')];
    const [plan, ...rest] = cf20Parcelamentos(RULES, [item('P', 2026, '2000000.00'), ...others]);
    expect(rest.map((r) => r.numero)).toEqual(['B', 'C']); // 50 % and 30 % of the base qualify too
    expect(plan).toMatchObject({ numero: 'P', budgetYear: 2026 });
    expect(plan!.baseBrl.toFixed(2)).toBe('10000000.00');
    expect(plan!.parcels.map((p) => [p.year, p.kind, p.amountBrl.toFixed(2)])).toEqual([
      [2026, 'entrada', '300000.00'],
      [2027, 'parcela', '340000.00'],
      [2028, 'parcela', '340000.00'],
      [2029, 'parcela', '340000.00'],
      [2030, 'parcela', '340000.00'],
      [2031, 'parcela', '340000.00'],
    ]);
    expect(plan!.legalBasis).toMatch(/CF art\. 100 §20/);
  });

  it('exactly 15 % of the base does not qualify ("superior a 15%"); none before EC 94/2016', () => {
    expect(cf20Parcelamentos(RULES, [item('P', 2026, '15.00'), ...Array.from({ length: 17 }, (_, i) => item(`x${i}`, 2026, '5.00'))])).toEqual([]);
    expect(cf20Parcelamentos(RULES, [item('P', 2016, '100.00')])).toEqual([]);
    expect(cf20Parcelamentos(RULES, [item('P', 2017, '100.00')]).map((p) => p.numero)).toEqual(['P']);
  });

  it('counts the parcels of earlier parcelamentos due in a year in its base (TJPR-DJ86 art. 26 §2)', () => {
    // 2026: A (1.000.000,00) alone → parcelled; 170.000,00 due in 2027. 2027: B 30.000,00 and C 150.000,00:
    // without A's parcel C is 83 % of the base; with it, 150.000 / 350.000 = 42,86 % — still above; B at 8,57 % is not.
    const plans = cf20Parcelamentos(RULES, [item('A', 2026, '1000000.00'), item('B', 2027, '30000.00'), item('C', 2027, '150000.00'), item('D', 2027, '0.00')]);
    expect(plans.map((p) => [p.numero, p.baseBrl.toFixed(2)])).toEqual([
      ['A', '1000000.00'],
      ['C', '350000.00'],
    ]);
  });

  const yearsArb = fc.array(
    fc.record({ year: fc.integer({ min: 2014, max: 2030 }), cents: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1e12 })) }),
    { maxLength: 40 },
  );

  it('laws: parcels sum to the value exactly; equal but the last (within parcels − 1 centavos); qualify iff > 15 % of the base', () => {
    fc.assert(
      fc.property(yearsArb, (rows) => {
        const candidates = rows.map((r, i) => ({ numero: `n${i}`, budgetYear: r.year, valueBrl: new Dec(r.cents).dividedBy(100) }));
        const plans = cf20Parcelamentos(RULES, candidates);
        const planned = new Set(plans.map((p) => p.numero));
        const dueIn = new Map<number, Dec>();
        for (const p of plans) for (const x of p.parcels) if (x.year > p.budgetYear) dueIn.set(x.year, (dueIn.get(x.year) ?? new Dec(0)).plus(x.amountBrl));
        for (const p of plans) {
          expect(p.parcels.reduce((s, x) => s.plus(x.amountBrl), new Dec(0)).equals(p.valueBrl)).toBe(true);
          expect(p.parcels.map((x) => x.year)).toEqual([0, 1, 2, 3, 4, 5].map((k) => p.budgetYear + k));
          const later = p.parcels.slice(1).map((x) => x.amountBrl);
          for (const x of later.slice(0, -1)) expect(x.equals(later[0]!)).toBe(true);
          const gap = later.at(-1)!.minus(later[0]!);
          expect(gap.greaterThanOrEqualTo(0) && gap.lessThan('0.05')).toBe(true);
          expect(p.parcels[0]!.amountBrl.minus(p.valueBrl.times('0.15')).abs().lessThanOrEqualTo('0.005')).toBe(true);
        }
        for (const c of candidates) {
          if (c.budgetYear < 2017) {
            expect(planned.has(c.numero)).toBe(false);
            continue;
          }
          const base = candidates.filter((x) => x.budgetYear === c.budgetYear).reduce((s, x) => s.plus(x.valueBrl), dueIn.get(c.budgetYear) ?? new Dec(0));
          expect(planned.has(c.numero)).toBe(base.greaterThan(0) && c.valueBrl.greaterThan(base.times('0.15')));
        }
      }),
      { numRuns: 300 },
    );
  });
});
