// Goal: the edges of the month loop are exact — centavos read from Money, cap keys interned with the
// same partition as `capKeyOf`, and funding split to the centavo. Method: fast-check and examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, money, roundCents } from '../../../src/domain/money.ts';
import { capKeyOf } from '../../../src/domain/queue/superpreference.ts';
import { CapKeys, trancheStart } from '../../../src/domain/simulation/ledger.ts';
import { DEFAULT_SIMULATION_CONFIG, centsToDecimalText, fundingSchedule, moneyToCents } from '../../../src/domain/simulation/index.ts';
import { chronologicalShareMinimum } from '../../../src/domain/rules/chronological-share.ts';
import { debtorListArb } from '../../support/arbitraries.ts';
import { RULES } from '../../support/rules.ts';
import { dotacao, deposit, ym } from './fixtures.ts';

describe('moneyToCents', () => {
  it('equals the exact Decimal conversion for any amount up to R$ 100 bilhões, rounding sub-centavo digits half-up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 5 }), (units, scale) => {
        const amount = new Dec(units.toString()).dividedBy(10 ** scale);
        fc.pre(amount.abs().lessThanOrEqualTo(1e11));
        const exact = Number(roundCents(amount, 'half-up').times(100).toFixed(0));
        expect(moneyToCents(amount)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips to decimal text', () => {
    expect(moneyToCents(money('1895.95'))).toBe(189_595);
    expect(centsToDecimalText(189_595)).toBe('1895.95');
    expect(centsToDecimalText(-5)).toBe('-0.05');
    expect(() => moneyToCents(money('100000000000.01'))).toThrow('valor acima do limite da simulação');
  });
});

describe('CapKeys', () => {
  it('gives two beneficiaries the same id exactly when capKeyOf gives them the same key (R3.4, R3.6)', () => {
    fc.assert(
      fc.property(
        debtorListArb(30),
        fc.constantFrom('PER_EXECUTION', 'PER_PRECATORIO') as fc.Arbitrary<'PER_EXECUTION' | 'PER_PRECATORIO'>,
        ({ precatorios }, scope) => {
          const keys = new CapKeys(scope);
          const pairs = precatorios.flatMap((p) => p.beneficiarios.map((b) => ({ id: keys.idOf(p, b), key: capKeyOf(p, b, scope) })));
          for (const a of pairs) for (const b of pairs) expect(a.id === b.id).toBe(a.key === b.key);
          expect(keys.size).toBe(new Set(pairs.map((x) => x.key)).size);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('trancheStart', () => {
  it('reads the birthday of the superpreference age from the digits exactly as eligibilityOf dates it (fast path = slow path)', () => {
    const FAR = '9999-12-31' as never;
    fc.assert(
      fc.property(
        debtorListArb(10),
        fc.integer({ min: 2000 * 12, max: 2060 * 12 }),
        fc.constantFrom('FIRST', 'LAST') as fc.Arbitrary<'FIRST' | 'LAST'>,
        // Any age a law could fix, not only today's 60 (data/rules/superpreference-age.csv).
        fc.integer({ min: 50, max: 80 }),
        ({ precatorios }, fromIndex, day, age) => {
          const config = { ...DEFAULT_SIMULATION_CONFIG, paymentRunDay: day };
          for (const p of precatorios.filter((x) => x.natureza === 'alimentar')) {
            for (const b of p.beneficiarios.filter((x) => x.titularidade !== 'cessionario')) {
              // BY_GRANT_DATE always takes eligibilityOf's path; the month must not depend on the path.
              expect(trancheStart(p, b, fromIndex, FAR, age, config, 'QUEUE_ORDER').month).toBe(
                trancheStart(p, b, fromIndex, FAR, age, config, 'BY_GRANT_DATE').month,
              );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fundingSchedule', () => {
  const MINIMUM = chronologicalShareMinimum(RULES, '2026-01-01' as never);
  it('splits R$ 100.000,05 a year into duodécimos that add up to the centavo (12 × R$ 8.333,33 + 9 centavos: the first 9 months carry 1 centavo more)', () => {
    const s = fundingSchedule(dotacao('e', '100000.05'), ym('2026-01'), 12, DEFAULT_SIMULATION_CONFIG, undefined, MINIMUM);
    if (!s.ok) throw new Error('schedule');
    expect([...s.value.inflowCents]).toEqual([...Array(9).fill(833_334), ...Array(3).fill(833_333)]);
    expect([...s.value.inflowCents].reduce((a, b) => a + b, 0)).toBe(10_000_005);
  });

  it('pays the dotação in one month when configured, and grows deposits by 10 % a year', () => {
    const lump = fundingSchedule(
      dotacao('e', '120000.00'),
      ym('2026-01'),
      12,
      { ...DEFAULT_SIMULATION_CONFIG, dotacaoSchedule: 'PARCELA_UNICA', lumpSumMonth: 6 },
      undefined,
      MINIMUM,
    );
    expect(lump.ok && [...lump.value.inflowCents].map((c, i) => [i, c] as const).filter(([, c]) => c > 0)).toEqual([[5, 12_000_000]]);
    const grown = fundingSchedule(
      deposit('e', '1000.00', '1', { growthPctYear: new Dec(10) }),
      ym('2026-12'),
      2,
      DEFAULT_SIMULATION_CONFIG,
      undefined,
      MINIMUM,
    );
    expect(grown.ok && [...grown.value.inflowCents]).toEqual([100_000, 110_000]);
  });

  it('sends at least the chronological share to the list: acordos are cut down to the centavo', () => {
    const s = fundingSchedule(deposit('e', '0.03', '0.5'), ym('2026-01'), 1, DEFAULT_SIMULATION_CONFIG, undefined, MINIMUM);
    expect(s.ok && [s.value.acordosCents[0], s.value.chronologicalCents[0]]).toEqual([1, 2]);
  });
});
