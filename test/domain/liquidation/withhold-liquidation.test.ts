// Goal: a liquidated payment carries its withholding (money-movements.md §6.5: update → fraction →
// IRRF/RRA and previdência → net). Method: fast-check over generated owed components and payees on
// the shipped tables: a payment of the whole owed amount withholds what withholdingOf gives on the
// owed components with the full NM; splitting the owed amount into two payments on the same date
// (PRO_RATA imputation, PROPORTIONAL_DECIMAL NM) withholds the same IRRF and previdência within
// rounding; Σ gross = Σ net + Σ withholdings per payment, to the cent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalOf } from '../../../src/domain/correction/types.ts';
import { isoDate, yearMonth } from '../../../src/domain/dates.ts';
import {
  DEFAULT_LIQUIDATION_CONFIG,
  type Liquidation,
  type PayeeTax,
  describeWithholdingError,
  liquidatePayment,
  owedAfter,
  withholdLiquidation,
  withholdingOf,
} from '../../../src/domain/liquidation/index.ts';
import type { Owed } from '../../../src/domain/liquidation/owed.ts';
import { Dec, type Money, ZERO } from '../../../src/domain/money.ts';
import { moneyArb } from '../../support/arbitraries.ts';
import { RULES } from '../../support/rules.ts';

const TAX = RULES.tax;
const DATE = isoDate('2026-01-15');

const owedArb: fc.Arbitrary<Owed> = fc
  .record({ principal: moneyArb(), jurosMora: moneyArb(200_000_000), selic: moneyArb(200_000_000), jurosEc136: moneyArb(200_000_000) })
  .filter((c) => totalOf(c).greaterThan(1))
  .map((components) => ({ month: yearMonth('2026-01'), components, totalBrl: totalOf(components), corrected: undefined, paymentsCorrectedBrl: ZERO }));

const payeeArb: fc.Arbitrary<PayeeTax> = fc
  .record({
    regime: fc.constantFrom('PF_RRA', 'PF_RRA', 'PF_TABELA', 'ISENTO', 'PJ_SERVICOS', 'PJ_LUCRO' as const),
    natureza: fc.constantFrom('alimentar', 'comum' as const),
    vinculo: fc.constantFrom('com-vinculo', 'sem-vinculo' as const),
    nm: fc.integer({ min: 1, max: 360 }).map((n) => new Dec(n)),
    nonTaxablePrincipalShare: fc.constantFrom(new Dec(0), new Dec('0.25')),
    previdencia: fc.constantFrom({ kind: 'NENHUMA' as const }, { kind: 'ALIQUOTA' as const, regime: 'IGEPREV_PA' }),
    pensaoAlimenticiaBrl: fc.constant(ZERO),
    despesasJudiciaisBrl: fc.constant(ZERO),
  })
  .map((p) => (p.regime.startsWith('PJ_') ? { ...p, previdencia: { kind: 'NENHUMA' as const } } : p));

const pay = (owed: Owed, amount: Money): Liquidation => {
  const l = liquidatePayment(owed, amount, owed.totalBrl, DEFAULT_LIQUIDATION_CONFIG);
  if (!l.ok) throw new Error(l.error.kind);
  return l.value;
};
const withhold = (l: Liquidation, payee: PayeeTax) => {
  const w = withholdLiquidation(l, payee, DATE, TAX);
  if (!w.ok) throw new Error(describeWithholdingError(w.error));
  return w.value;
};

describe('a liquidated payment carries its withholding', () => {
  it('paying the whole owed amount withholds what the owed components with the full NM give', () => {
    fc.assert(
      fc.property(owedArb, payeeArb, (owed, payee) => {
        const w = withhold(pay(owed, owed.totalBrl), payee);
        const direct = withholdingOf(
          {
            gross: owed.components,
            principalNaoTributavel: payee.nonTaxablePrincipalShare.isZero()
              ? ZERO
              : owed.components.principal.times(payee.nonTaxablePrincipalShare).toDecimalPlaces(2, Dec.ROUND_HALF_UP),
            regime: payee.regime,
            natureza: payee.natureza,
            vinculo: payee.vinculo,
            nm: payee.nm,
            date: DATE,
            previdencia: payee.previdencia,
            pensaoAlimenticiaBrl: ZERO,
            despesasJudiciaisBrl: ZERO,
          },
          TAX,
        );
        expect(direct.ok && [direct.value.irrfBrl.toFixed(2), direct.value.netBrl.toFixed(2)]).toEqual([w.irrfBrl.toFixed(2), w.netBrl.toFixed(2)]);
        expect(w.grossBrl.equals(owed.totalBrl)).toBe(true);
      }),
    );
  });

  // Not for PF_TABELA: the monthly table (with its desconto) applies to each payment on its own — two
  // payments of the same month are not aggregated here (Lei 8.541 art. 46 §1 dispenses it only for juros).
  it('two payments on one date withhold what one payment of their sum does, within rounding (RRA with PROPORTIONAL_DECIMAL NM, PJ, ISENTO)', () => {
    fc.assert(
      fc.property(owedArb, payeeArb, fc.integer({ min: 1, max: 99 }), (owed, payee, percent) => {
        fc.pre(payee.regime !== 'PF_TABELA');
        const whole = withhold(pay(owed, owed.totalBrl), payee);
        const first = pay(owed, owed.totalBrl.times(percent).dividedBy(100).toDecimalPlaces(2, Dec.ROUND_DOWN));
        fc.pre(first.grossBrl.greaterThan(0) && first.openAfterBrl.greaterThan(0));
        const second = pay(owedAfter(first), first.openAfterBrl);
        const parts = [withhold(first, payee), withhold(second, { ...payee, nm: payee.nm.minus(payee.nm.times(first.fraction)) })];
        for (const w of parts) expect(w.netBrl.plus(w.irrfBrl).plus(w.previdenciaBrl).equals(w.grossBrl)).toBe(true);
        const sum = (pick: (w: (typeof parts)[number]) => Money) => parts.reduce((acc, w) => acc.plus(pick(w)), ZERO);
        expect(sum((w) => w.grossBrl).equals(whole.grossBrl)).toBe(true);
        // Each part rounds its rate product, its deduction × NM and its previdência: a few centavos at most.
        expect(
          sum((w) => w.irrfBrl)
            .minus(whole.irrfBrl)
            .abs()
            .lessThanOrEqualTo('0.05'),
        ).toBe(true);
        expect(
          sum((w) => w.previdenciaBrl)
            .minus(whole.previdenciaBrl)
            .abs()
            .lessThanOrEqualTo('0.02'),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the ofício previdência is withheld pro rata to the payment (R6.12), and a tranche of 40 % pays 40 % of NM (R6.8)', () => {
    const owed = {
      month: yearMonth('2026-01'),
      components: { principal: new Dec('100000.00'), jurosMora: ZERO, selic: ZERO, jurosEc136: ZERO },
      totalBrl: new Dec('100000.00'),
      corrected: undefined,
      paymentsCorrectedBrl: ZERO,
    };
    const payee: PayeeTax = {
      regime: 'PF_RRA',
      natureza: 'alimentar',
      vinculo: 'com-vinculo',
      nm: new Dec(24),
      nonTaxablePrincipalShare: ZERO,
      previdencia: { kind: 'INDICADA', amountBrl: new Dec('11000.00') },
      pensaoAlimenticiaBrl: ZERO,
      despesasJudiciaisBrl: ZERO,
    };
    const w = withhold(pay(owed, new Dec('40000.00')), payee);
    // 40.000 − 4.400 = 35.600 on NM 9,6: 15 % band (limit 36.010,08): 5.340,00 − 3.783,936 → 1.556,06
    expect([w.previdenciaBrl.toFixed(2), w.irBaseBrl.toFixed(2), w.irrfBrl.toFixed(2)]).toEqual(['4400.00', '35600.00', '1556.06']);
  });
});
