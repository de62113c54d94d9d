import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, allocate, sum } from '../../src/domain/money.ts';
import { moneyArb } from '../support/arbitraries.ts';

describe('properties of allocate', () => {
  const weights = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }).filter((w) => w.some((x) => x > 0));

  it('preserves the total: the shares add up to the original amount', () => {
    fc.assert(
      fc.property(moneyArb(), weights, (total, w) => {
        expect(
          sum(
            allocate(
              total,
              w.map((x) => new Dec(x)),
            ),
          ).equals(total),
        ).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives each share its exact proportion within one cent, and nothing to a zero weight', () => {
    fc.assert(
      fc.property(moneyArb(), weights, (total, w) => {
        const shares = allocate(
          total,
          w.map((x) => new Dec(x)),
        );
        const weightSum = w.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => {
          const exact = total.times(w[i]!).dividedBy(weightSum);
          expect(s.minus(exact).abs().lessThan('0.01')).toBe(true);
          if (w[i] === 0) expect(s.isZero()).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });
});
