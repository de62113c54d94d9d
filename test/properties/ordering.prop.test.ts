// Goal: the chronological order obeys the law for any input, not only the published lists.
// Method: fast-check over generated debtors (dates, natures, values, beneficiaries); each law is
// named in words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SortKey, compareSortKeys, orderQueue, orderQueueSteps, sortKeyOf } from '../../src/domain/queue/ordering.ts';
import { runToEnd } from '../../src/domain/steps.ts';
import { budgetYearFor } from '../../src/domain/rules/budget-year.ts';
import { debtorListArb, isoDateArb, precatorioArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';
import { seededShuffle } from '../support/shuffle.ts';

const RUNS = { numRuns: 300 };
const keyArb = fc
  .integer({ min: 1, max: 500 })
  .chain((i) => precatorioArb('e', 'geral', i))
  .map((p) => sortKeyOf(p, RULES));
const sign = (n: number) => Math.sign(n);
const scopes = ['SAME_BUDGET_YEAR', 'ALL_YEARS'] as const;

describe('properties of the chronological order (R2.2)', () => {
  it.each(scopes)('is antisymmetric: compare(a, b) = −compare(b, a) [%s]', (scope) => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(sign(compareSortKeys(a, b, { alimentarPreferenceScope: scope }))).toBe(-sign(compareSortKeys(b, a, { alimentarPreferenceScope: scope })) || 0);
      }),
      RUNS,
    );
  });

  it.each(scopes)('is transitive: a ≤ b and b ≤ c imply a ≤ c [%s]', (scope) => {
    const options = { alimentarPreferenceScope: scope };
    fc.assert(
      fc.property(keyArb, keyArb, keyArb, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => compareSortKeys(p, q, options)) as [SortKey, SortKey, SortKey];
        expect(compareSortKeys(x, y, options)).toBeLessThanOrEqual(0);
        expect(compareSortKeys(y, z, options)).toBeLessThanOrEqual(0);
        expect(compareSortKeys(x, z, options)).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('is total: two different precatórios never compare equal', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        if (a.numero !== b.numero) expect(compareSortKeys(a, b)).not.toBe(0);
      }),
      RUNS,
    );
  });

  it.each(scopes)('orders exactly as compareSortKeys does (the fast path changes nothing) [%s]', (scope) => {
    const options = { alimentarPreferenceScope: scope };
    fc.assert(
      fc.property(debtorListArb(), ({ precatorios }) => {
        const fast = orderQueue(precatorios, RULES, options).map((r) => r.item.numero);
        const plain = precatorios
          .map((p) => sortKeyOf(p, RULES))
          .sort((a, b) => compareSortKeys(a, b, options))
          .map((k) => k.numero);
        expect(fast).toEqual(plain);
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(debtorListArb(), fc.integer(), ({ precatorios }, seed) => {
        const once = orderQueue(precatorios, RULES).map((r) => r.item.numero);
        const again = orderQueue(seededShuffle(precatorios, seed), RULES).map((r) => r.item.numero);
        expect(again).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });

  // A server sorts in steps (orderQueueSteps: runs of 2048 merged, pausing between slices): past
  // one run, the order must still be exactly compareSortKeys' — checked against a plain sort.
  it.each(scopes)('orders a list longer than one sorted run exactly as a plain sort by compareSortKeys [%s]', (scope) => {
    const options = { alimentarPreferenceScope: scope };
    fc.assert(
      fc.property(debtorListArb(30), fc.integer({ min: 4097, max: 13_000 }), fc.integer(), ({ precatorios }, length, seed) => {
        fc.pre(precatorios.length > 0);
        // Copies under other números: many equal presentations, so the número decides often.
        const many = seededShuffle(
          Array.from({ length }, (_, i) => ({ ...precatorios[i % precatorios.length]!, numero: `${String(i).padStart(7, '0')}-11.2024.8.14.0301` })),
          seed,
        );
        const plain = many
          .map((p) => ({ p, key: sortKeyOf(p, RULES) }))
          .sort((a, b) => compareSortKeys(a.key, b.key, options))
          .map((x) => x.p.numero);
        expect(runToEnd(orderQueueSteps(many, RULES, options)).map((r) => r.item.numero)).toEqual(plain);
        expect(orderQueue(many, RULES, options).map((r) => r.item.numero)).toEqual(plain);
      }),
      { numRuns: 4 },
    );
  });

  it('puts budget years in non-decreasing order and, within every budget year, every alimentar before every comum', () => {
    fc.assert(
      fc.property(debtorListArb(), ({ precatorios }) => {
        const ranked = orderQueue(precatorios, RULES);
        ranked.forEach((r, i) => {
          expect(r.position).toBe(i + 1);
          const next = ranked[i + 1];
          if (!next) return;
          expect(next.key.budgetYear).toBeGreaterThanOrEqual(r.key.budgetYear);
          if (next.key.budgetYear === r.key.budgetYear && r.key.natureza === 'comum') expect(next.key.natureza).toBe('comum');
        });
      }),
      { numRuns: 200 },
    );
  });

  it('with ALL_YEARS scope puts every alimentar, of any year, before every comum (R2.4 alternative)', () => {
    fc.assert(
      fc.property(debtorListArb(), ({ precatorios }) => {
        const natures = orderQueue(precatorios, RULES, { alimentarPreferenceScope: 'ALL_YEARS' }).map((r) => r.key.natureza);
        expect(natures.indexOf('alimentar', natures.indexOf('comum') + 1) === -1 || natures.indexOf('comum') === -1).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('never moves a later presentation ahead of an earlier one of the same budget year and natureza', () => {
    fc.assert(
      fc.property(debtorListArb(), ({ precatorios }) => {
        const ranked = orderQueue(precatorios, RULES);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1]!.key, ranked[i]!.key];
          if (a.budgetYear === b.budgetYear && a.natureza === b.natureza && a.presentation.kind === 'timestamp' && b.presentation.kind === 'timestamp') {
            expect(a.presentation.at <= b.presentation.at).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('properties of the budget year (R1.4)', () => {
  it('never decreases as the presentation date advances, and is always a later year', () => {
    fc.assert(
      fc.property(isoDateArb(1990, 2040), isoDateArb(1990, 2040), (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const yEarly = budgetYearFor(early, RULES.budgetYearRules);
        expect(yEarly).toBeLessThanOrEqual(budgetYearFor(late, RULES.budgetYearRules));
        expect(yEarly).toBeGreaterThan(Number(early.slice(0, 4)));
        expect(yEarly).toBeLessThanOrEqual(Number(early.slice(0, 4)) + 2);
      }),
      { numRuns: 1000 },
    );
  });
});
