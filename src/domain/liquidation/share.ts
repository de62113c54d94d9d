import { type Money, ZERO, allocate, minMoney } from '../money.ts';
import type { LiquidationConfig } from './config.ts';

/**
 * R6.4: money that covers only part of a precatório with several titulares. PRO_RATA_OWED (default):
 * each gets amount × owed_i / Σ owed, in centavos by the largest remainder (leftover centavos to the
 * largest fractions, ties to the first listed), so Σ shares = amount to the cent. ORDER_OF_LISTING:
 * each in turn is paid whole until the money ends. `amount` ≥ Σ owed pays everyone whole.
 */
export function shareAmongBeneficiaries(amount: Money, owed: readonly Money[], mode: LiquidationConfig['multiBeneficiaryPartial']): Money[] {
  const total = owed.reduce((a, x) => a.plus(x), ZERO);
  if (amount.greaterThanOrEqualTo(total)) return [...owed];
  if (mode === 'PRO_RATA_OWED') return allocate(amount, owed);
  let left = amount;
  return owed.map((o) => {
    const share = minMoney(left, o);
    left = left.minus(share);
    return share;
  });
}
