// Goal: the liquidation on a payment date (money-movements.md §6.1, correction.md R5.15–R5.17):
// the R5.17 worked example to the cent, and the laws of §6 checked with fast-check over the
// shared index series (../shared/data/indices + TJAP poupança interest), never hand-picked results.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correct } from '../../../src/domain/correction/correct.ts';
import { COMPONENT_NAMES, type Components, type CorrectionContext, totalOf } from '../../../src/domain/correction/types.ts';
import { type YearMonth, addMonths, isoDate } from '../../../src/domain/dates.ts';
import type { EnteDevedor } from '../../../src/domain/ente.ts';
import {
  type Credit,
  DEFAULT_LIQUIDATION_CONFIG,
  describeLiquidationError,
  imputePayment,
  liquidatePayment,
  owedOn,
  shareAmongBeneficiaries,
  superpreferenceTrancheCents,
} from '../../../src/domain/liquidation/index.ts';
import { centsToMoney, moneyToCents } from '../../../src/domain/cents.ts';
import { Dec, type Money, ZERO } from '../../../src/domain/money.ts';
import { superpreferenceCap } from '../../../src/domain/rules/rpv.ts';
import { RULES } from '../../support/rules.ts';
import { ALIMENTAR_ESTADUAL, envWith, seriesNamed, ym } from '../correction/fixtures.ts';
import { indexTablesOf } from '../../../src/domain/correction/plan.ts';

const ENV = envWith();
const RUNS = 60;
const mustOk = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const cents = (m: Money) => m.toFixed(2);
/** R6.4 and R6.5 count in integer centavos (the allocation walk's unit); these read them in reais. */
const superpreferenceTranche = (cap: Money, already: Money, owed: Money) =>
  centsToMoney(superpreferenceTrancheCents(moneyToCents(cap), moneyToCents(already), moneyToCents(owed)));
const shareInReais = (amount: Money, owed: readonly Money[], mode: typeof DEFAULT_LIQUIDATION_CONFIG.multiBeneficiaryPartial) =>
  shareAmongBeneficiaries(
    moneyToCents(amount),
    owed.map((o) => moneyToCents(o)),
    mode,
  ).map(centsToMoney);
const budget2021: CorrectionContext = { ...ALIMENTAR_ESTADUAL, esfera: 'municipal', budgetYear: 2021 };
const credit = (face: string, dataBase: string, context = budget2021, payments: Credit['payments'] = []): Credit => ({
  faceBrl: new Dec(face),
  dataBase: ym(dataBase),
  context,
  payments,
  settled: false,
});

describe('R5.17 worked example: data-base 2019-06, budget 2021, paid 2026-01-15', () => {
  const owed = mustOk(owedOn(credit('100000.00', '2019-06'), ym('2026-01'), ENV));
  it('owes R$ 174.789,41, the sum of its rounded components (R5.16)', () => {
    expect(cents(owed.totalBrl)).toBe('174789.41');
    expect(cents(totalOf(owed.components))).toBe('174789.41');
    // The decomposition correct() yields, carried into the liquidation (R6.2).
    expect(COMPONENT_NAMES.map((n) => cents(owed.components[n]))).toEqual(COMPONENT_NAMES.map((n) => cents(owed.corrected!.rounded[n])));
    expect(owed.components.selic.isPositive() && owed.components.jurosEc136.isPositive() && owed.components.jurosMora.isPositive()).toBe(true);
  });
  it('a municipal debtor in regime geral (RPV 30 SM, R$ 1.621,00 in 2026; 3×) gets the R$ 145.890,00 tranche (R6.5)', () => {
    const ente: EnteDevedor = { id: 'x', nome: 'X', esfera: 'municipal', regime: 'geral' };
    const cap = superpreferenceCap(ente, isoDate('2026-01-15'), RULES);
    expect(cents(cap)).toBe('145890.00');
    expect(cents(superpreferenceTranche(cap, ZERO, owed.totalBrl))).toBe('145890.00');
    // Face value would have capped the tranche at 100.000,00 (the bug of issue 16).
    expect(superpreferenceTranche(cap, ZERO, new Dec('100000')).lessThan(cap)).toBe(true);
  });
  it('a tranche of 145.890,00 extinguishes f = 145.890/174.789,41 of every component (R6.3, R6.5)', () => {
    const l = mustOk(liquidatePayment(owed, new Dec('145890.00'), new Dec('100000.00'), DEFAULT_LIQUIDATION_CONFIG));
    expect(cents(l.grossBrl)).toBe('145890.00');
    expect(cents(l.openAfterBrl)).toBe('28899.41');
    for (const n of COMPONENT_NAMES) expect(l.paid[n].minus(owed.components[n].times(l.fraction)).abs().lessThanOrEqualTo('0.01')).toBe(true);
    expect(cents(l.faceExtinguishedBrl)).toBe(cents(new Dec('100000').times(l.fraction).toDecimalPlaces(2, Dec.ROUND_HALF_UP)));
  });
});

describe('errors name what is missing', () => {
  it('a month the series do not reach is an error naming series and month, not a provisional value', () => {
    const r = owedOn(credit('100.00', '2024-01'), ym('2027-06'), ENV);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describeLiquidationError(r.error)).toMatch(/série \w+, mês \d{4}-\d{2}/);
  });
  it('a missing series is named', () => {
    const r = owedOn(credit('100.00', '2019-06'), ym('2020-01'), { ...ENV, indices: indexTablesOf([seriesNamed('ipca_e')]) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describeLiquidationError(r.error)).toContain('juros da poupança');
  });
  it('paying more than is owed is refused', () => {
    const owed = mustOk(owedOn(credit('1000.00', '2022-01'), ym('2023-01'), ENV));
    expect(liquidatePayment(owed, owed.totalBrl.plus('0.01'), new Dec('1000'), DEFAULT_LIQUIDATION_CONFIG)).toMatchObject({
      ok: false,
      error: { kind: 'above-owed' },
    });
  });
});

// Data-bases from 2016 (IPCA-E + poupança interest, graça, SELIC, EC 136) to liquidation months the
// shared series reach (rates to 2026-09, window m … T−1).
const LAST_TARGET = ym('2026-10');
const monthArb = (from: YearMonth, to: YearMonth): fc.Arbitrary<YearMonth> => {
  const span = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
  return fc.integer({ min: 0, max: span }).map((k) => addMonths(from, k));
};
const scenarioArb = fc
  .record({
    faceCents: fc.integer({ min: 100, max: 500_000_000 }),
    dataBase: monthArb(ym('2016-01'), ym('2025-06')),
    budgetLag: fc.integer({ min: 1, max: 3 }),
    natureza: fc.constantFrom('alimentar' as const, 'comum' as const),
    k1: fc.integer({ min: 0, max: 40 }),
    k2: fc.integer({ min: 0, max: 40 }),
    fraction: fc.integer({ min: 1, max: 999 }),
  })
  .map((s) => {
    const t1 = addMonths(s.dataBase, s.k1) > LAST_TARGET ? LAST_TARGET : addMonths(s.dataBase, s.k1);
    const t2 = addMonths(t1, s.k2) > LAST_TARGET ? LAST_TARGET : addMonths(t1, s.k2);
    const context: CorrectionContext = { ...budget2021, natureza: s.natureza, budgetYear: Number(s.dataBase.slice(0, 4)) + s.budgetLag };
    return { ...s, t1, t2, context, face: new Dec(s.faceCents).dividedBy(100) };
  });

const allZero = (c: Components) => COMPONENT_NAMES.every((n) => c[n].isZero());

describe('laws of the liquidation (fast-check)', () => {
  it('paying the whole owed amount leaves every component at zero, also when read back as A − B (R6.1, R5.15)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const c = credit(s.face.toFixed(2), s.dataBase, s.context);
        const owed = mustOk(owedOn(c, s.t1, ENV));
        const l = mustOk(liquidatePayment(owed, owed.totalBrl, s.face, DEFAULT_LIQUIDATION_CONFIG));
        expect(l.settles && allZero(l.openAfter) && l.faceExtinguishedBrl.equals(s.face)).toBe(true);
        // Read back as A − B (the payment recorded with its components), the same day: nothing owed.
        const after = mustOk(owedOn({ ...c, payments: [{ calcMonth: s.t1, paid: l.paid }] }, s.t1, ENV));
        expect(allZero(after.components)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a partial payment, then the rest on a later date, pays what a single payment then owes: B + rest = A, to the cent (R5.15)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const c = credit(s.face.toFixed(2), s.dataBase, s.context);
        const owed1 = mustOk(owedOn(c, s.t1, ENV));
        const partial = owed1.totalBrl.times(s.fraction).dividedBy(1000).toDecimalPlaces(2, Dec.ROUND_DOWN);
        fc.pre(partial.isPositive() && !partial.isZero());
        const l1 = mustOk(liquidatePayment(owed1, partial, s.face, DEFAULT_LIQUIDATION_CONFIG));
        const withPayment: Credit = { ...c, payments: [{ calcMonth: s.t1, paid: l1.paid }] };
        const owed2 = mustOk(owedOn(withPayment, s.t2, ENV));
        const single = mustOk(owedOn(c, s.t2, ENV));
        const partialUpdated = mustOk(correct(l1.paid, s.t1, s.t2, s.context, ENV)).totalBrl;
        // On centavo-sized credits, per-component rounding can put B a centavo above A: then nothing is owed.
        expect(cents(partialUpdated.plus(owed2.totalBrl))).toBe(cents(Dec.max(single.totalBrl, partialUpdated)));
        expect(partialUpdated.minus(single.totalBrl).lessThanOrEqualTo('0.04')).toBe(true);
        // A few centavos of face after paying nearly all can round to nothing owed later (B + 0 = A still holds).
        if (owed2.totalBrl.isZero()) return;
        const rest = mustOk(liquidatePayment(owed2, owed2.totalBrl, s.face.minus(l1.faceExtinguishedBrl), DEFAULT_LIQUIDATION_CONFIG));
        expect(rest.settles && allZero(rest.openAfter)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('with a path-independent EC 136 cap (MONTHLY), what stays open after f is paid is (1 − f) of what a single payment owes later, within rounding', () => {
    const monthly = envWith({ config: { ec136CapMode: 'MONTHLY' } });
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const c = credit(s.face.toFixed(2), s.dataBase, s.context);
        const owed1 = mustOk(owedOn(c, s.t1, monthly));
        const partial = owed1.totalBrl.times(s.fraction).dividedBy(1000).toDecimalPlaces(2, Dec.ROUND_DOWN);
        fc.pre(partial.isPositive() && !partial.isZero());
        const l1 = mustOk(liquidatePayment(owed1, partial, s.face, DEFAULT_LIQUIDATION_CONFIG));
        const owed2 = mustOk(owedOn({ ...c, payments: [{ calcMonth: s.t1, paid: l1.paid }] }, s.t2, monthly));
        const single = mustOk(owedOn(c, s.t2, monthly));
        const expected = single.totalBrl.times(new Dec(1).minus(l1.fraction));
        // Rounding: ≤ ½ centavo per component of the payment and of A, scaled by the correction after t1.
        expect(owed2.totalBrl.minus(expected).abs().lessThanOrEqualTo('0.10')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a partial payment extinguishes the same fraction of every component, Σ = the payment (R6.3 PRO_RATA)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const owed = mustOk(owedOn(credit(s.face.toFixed(2), s.dataBase, s.context), s.t1, ENV));
        const partial = owed.totalBrl.times(s.fraction).dividedBy(1000).toDecimalPlaces(2, Dec.ROUND_DOWN);
        fc.pre(partial.isPositive() && !partial.isZero());
        const paid = imputePayment(owed.components, partial, 'PRO_RATA');
        expect(cents(totalOf(paid))).toBe(cents(partial));
        const f = partial.dividedBy(owed.totalBrl);
        for (const n of COMPONENT_NAMES) expect(paid[n].minus(owed.components[n].times(f)).abs().lessThan('0.01')).toBe(true);
        for (const mode of ['PRINCIPAL_FIRST', 'INTEREST_FIRST'] as const) {
          const other = imputePayment(owed.components, partial, mode);
          expect(cents(totalOf(other))).toBe(cents(partial));
          expect(COMPONENT_NAMES.every((n) => !other[n].isNegative() && other[n].lessThanOrEqualTo(owed.components[n]))).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Σ of the beneficiaries’ shares = the payment, to the cent; each ≤ owed; PRO_RATA_OWED ∝ owed (R6.4)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('PRO_RATA_OWED' as const, 'ORDER_OF_LISTING' as const),
        (owedCents, per, mode) => {
          const owed = owedCents.map((c) => new Dec(c).dividedBy(100));
          const total = owed.reduce((a, x) => a.plus(x), ZERO);
          fc.pre(!total.isZero());
          const amount = total.times(per).dividedBy(1000).toDecimalPlaces(2, Dec.ROUND_DOWN);
          const shares = shareInReais(amount, owed, mode);
          expect(cents(shares.reduce((a, x) => a.plus(x), ZERO))).toBe(cents(amount));
          shares.forEach((sh, i) => {
            expect(!sh.isNegative() && sh.lessThanOrEqualTo(owed[i]!)).toBe(true);
            if (mode === 'PRO_RATA_OWED') expect(sh.minus(amount.times(owed[i]!).dividedBy(total)).abs().lessThan('0.01')).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('no tranche above the cap on the updated value, nor above what is owed (R6.5)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 50_000_000 }), fc.integer({ min: 0, max: 50_000_000 }), (s, capCents, paidCents) => {
        const owed = mustOk(owedOn(credit(s.face.toFixed(2), s.dataBase, s.context), s.t1, ENV));
        const cap = new Dec(capCents).dividedBy(100);
        const already = new Dec(paidCents).dividedBy(100);
        const t = superpreferenceTranche(cap, already, owed.totalBrl);
        expect(t.isNegative()).toBe(false);
        expect(t.plus(already).lessThanOrEqualTo(Dec.max(cap, already)) && t.lessThanOrEqualTo(owed.totalBrl)).toBe(true);
        // It is the whole room left when the owed amount allows it (measured on the updated value, not the face).
        if (owed.totalBrl.greaterThanOrEqualTo(cap.minus(already))) expect(t.equals(Dec.max(ZERO, cap.minus(already)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
