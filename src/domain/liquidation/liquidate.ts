import { type Components, totalOf } from '../correction/types.ts';
import type { YearMonth } from '../dates.ts';
import { type Dec, type Money, ZERO, minMoney, roundCents } from '../money.ts';
import { type Result, err, ok } from '../result.ts';
import type { LiquidationConfig } from './config.ts';
import { imputePayment, minusComponents } from './impute.ts';
import type { Owed } from './owed.ts';

/** One payment liquidated on its date: what was owed, what it paid by component, what stays open. */
export interface Liquidation {
  readonly owed: Owed;
  readonly paid: Components;
  readonly grossBrl: Money;
  /** What stays open, money of the liquidation month (R5.15: later correction starts there). */
  readonly openAfter: Components;
  readonly openAfterBrl: Money;
  /** f = paid / owed (R6.3, R6.5). */
  readonly fraction: Dec;
  readonly settles: boolean;
  /**
   * The part of the registered face share this payment extinguishes: face open × f, in centavos,
   * all of it when the payment settles. The registry's `pago` keeps counting in face money, so the
   * open face (valor − pago) stays the data-base-money equivalent of what is still owed.
   */
  readonly faceExtinguishedBrl: Money;
}

/** What a payment run or a staff payment reports of one liquidated payment (money of `month`). */
export interface ItemLiquidation {
  readonly month: YearMonth;
  readonly owedBrl: Money;
  readonly paid: Components;
  readonly openAfter: Components;
}

export function itemLiquidationOf(l: Liquidation): ItemLiquidation {
  return { month: l.owed.month, owedBrl: l.owed.totalBrl, paid: l.paid, openAfter: l.openAfter };
}

/** The state after a payment, as the next payment of the same month sees it (same month: A − B = what stayed open). */
export function owedAfter(l: Liquidation): Owed {
  return { ...l.owed, components: l.openAfter, totalBrl: l.openAfterBrl, paymentsCorrectedBrl: l.owed.paymentsCorrectedBrl.plus(l.grossBrl) };
}

export type LiquidationRefusal = { readonly kind: 'above-owed'; readonly amountBrl: Money; readonly owedBrl: Money } | { readonly kind: 'nothing-owed' };

export function liquidatePayment(owed: Owed, amountBrl: Money, faceOpenBrl: Money, config: LiquidationConfig): Result<Liquidation, LiquidationRefusal> {
  if (owed.totalBrl.isZero()) return err({ kind: 'nothing-owed' });
  if (amountBrl.greaterThan(owed.totalBrl)) return err({ kind: 'above-owed', amountBrl, owedBrl: owed.totalBrl });
  const paid = imputePayment(owed.components, amountBrl, config.partialImputation);
  const openAfter = minusComponents(owed.components, paid);
  const settles = amountBrl.equals(owed.totalBrl);
  const fraction = amountBrl.dividedBy(owed.totalBrl);
  // A partial payment leaves at least a centavo of face open, so the credit is not marked paid.
  const cent = faceOpenBrl.greaterThan('0.01') ? faceOpenBrl.minus('0.01') : faceOpenBrl;
  const faceExtinguishedBrl = settles ? faceOpenBrl : minMoney(cent, roundCents(faceOpenBrl.times(fraction), 'half-up'));
  return ok({
    owed,
    paid,
    grossBrl: totalOf(paid),
    openAfter,
    openAfterBrl: totalOf(openAfter),
    fraction,
    settles,
    faceExtinguishedBrl: faceExtinguishedBrl.isNegative() ? ZERO : faceExtinguishedBrl,
  });
}
