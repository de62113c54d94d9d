import { Dec, type Money, ZERO } from '../money.ts';

/**
 * Splits `amount` (to the cent) by `weights` (summing to 1) so the parts sum to `amount` exactly:
 * each part is floored to the cent and the cents left over go one each to the largest remainders,
 * ties to the earlier weight (largest-remainder / Hamilton method; the stated rounding of R7.3's
 * rateio). Non-negative amounts only.
 */
export function largestRemainder(amount: Money, weights: readonly Dec[]): Money[] {
  const cents = amount.times(100);
  if (!cents.isInteger() || cents.isNegative()) throw new Error(`valor a repartir inválido: ${amount.toString()}`);
  const exact = weights.map((w) => cents.times(w));
  const floors = exact.map((e) => e.floor());
  let left = cents.minus(floors.reduce<Dec>((a, f) => a.plus(f), ZERO)).toNumber();
  const order = exact.map((e, i) => ({ i, rest: e.minus(floors[i]!) })).sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  const parts = [...floors];
  for (const { i } of order) {
    if (left <= 0) break;
    if (weights[i]!.isZero()) continue;
    parts[i] = parts[i]!.plus(1);
    left--;
  }
  return parts.map((p) => p.dividedBy(100));
}

/**
 * R7.5: the chronological part of `amount` at `share` (≥ the ADCT 102 minimum), rounded UP to the
 * cent so the minimum holds after rounding; the rest goes to acordos. The two sum to `amount`.
 */
export function chronologicalSplit(amount: Money, share: Dec): { readonly crono: Money; readonly acordo: Money } {
  const crono = Dec.min(amount, amount.times(share).toDecimalPlaces(2, Dec.ROUND_UP));
  return { crono, acordo: amount.minus(crono) };
}
