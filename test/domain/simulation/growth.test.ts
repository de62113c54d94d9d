// Goal (issue 15 §2: legal constants as dated rows): the projection's EC 136 interest comes from the
// rule row in force each month (data/rules/correction-interest-rates.csv, R5.10), not from a literal.
// Law: with IPCA 0 and no graça in the window, the balance after n months is 1 + n × p / 1200
// (simple interest of p % a.a. "calculados mensalmente" on a principal that does not move).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate, YearMonth } from '../../../src/domain/dates.ts';
import { Dec } from '../../../src/domain/money.ts';
import { timeline } from '../../../src/domain/rules/timeline.ts';
import { projectedGrowth } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';

const FROM = '2027-01' as YearMonth;
/** Budget year 2001: its graça (2000/2001) lies far before the window. */
const OLD_BUDGET = 2001;
const ZERO_IPCA = { ipcaPctYear: new Dec(0) };

describe('projection growth reads the EC 136 rate from the rule book (R5.10)', () => {
  it('the shipped row (2 % a.a.): n months earn n × 2/12 %', () => {
    const f = projectedGrowth(ZERO_IPCA, RULES).factorsFor(OLD_BUDGET, FROM, 25);
    expect(f[12]).toBeCloseTo(1.02, 12);
    expect(f[24]).toBeCloseTo(1.04, 12);
    expect(projectedGrowth(ZERO_IPCA, RULES).description).toContain('juros simples de 2,00 % a.a.');
  });

  it('any rate p of a row: 1 + n × p / 1200; a rate change on a month applies from that month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 36 }), (p100, q100, n) => {
        const p = p100 / 100;
        const q = q100 / 100;
        const rules = {
          ...RULES,
          ec136InterestPctPerYear: timeline([
            { validFrom: '2025-08-01' as IsoDate, value: new Dec(p), legalBasis: 'teste' },
            { validFrom: '2028-01-01' as IsoDate, value: new Dec(q), legalBasis: 'teste' },
          ]),
        };
        const f = projectedGrowth(ZERO_IPCA, rules).factorsFor(OLD_BUDGET, FROM, n + 1);
        // Rate months 2027-01 … 2027-12 at p, from 2028-01 at q.
        const atP = Math.min(n, 12);
        const expected = 1 + (atP * p + (n - atP) * q) / 1200;
        expect(f[n]).toBeCloseTo(expected, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('no EC 136 row in force (months before 08/2025): IPCA only', () => {
    const f = projectedGrowth(ZERO_IPCA, RULES).factorsFor(OLD_BUDGET, '2024-01' as YearMonth, 8);
    expect(f[7]).toBe(1);
  });
});
