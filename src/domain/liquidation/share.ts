import { assert } from '../result.ts';
import type { LiquidationConfig } from './config.ts';

/**
 * R6.4: money that covers only part of a precatório with several titulares, in integer centavos
 * (the allocation walk, queue/allocation-walk.ts, counts in centavos). PRO_RATA_OWED (default):
 * each gets amount × owed_i / Σ owed, by the largest remainder (leftover centavos to the largest
 * fractions, ties to the first listed), so Σ shares = amount to the cent. ORDER_OF_LISTING: each
 * in turn is paid whole until the money ends. `amount` ≥ Σ owed pays everyone whole.
 */
export function shareAmongBeneficiaries(amountCents: number, owedCents: readonly number[], mode: LiquidationConfig['multiBeneficiaryPartial']): number[] {
  let total = 0;
  for (const o of owedCents) total += o;
  if (amountCents >= total) return [...owedCents];
  if (mode === 'ORDER_OF_LISTING') {
    let left = amountCents;
    return owedCents.map((o) => {
      const share = Math.min(left, o);
      left -= share;
      return share;
    });
  }
  if (owedCents.length === 1) return [amountCents];
  // In BigInt: owed × amount can pass 2^53.
  const whole = BigInt(total);
  const exact = owedCents.map((o) => BigInt(o) * BigInt(amountCents));
  const shares = exact.map((e) => Number(e / whole));
  let leftover = amountCents - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, remainder: e % whole }))
    .sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.i - b.i));
  for (const { i } of byRemainder) {
    if (leftover <= 0) break;
    if (shares[i]! < owedCents[i]!) {
      shares[i]!++;
      leftover--;
    }
  }
  assert(leftover === 0, 'rateio do pagamento parcial não fechou');
  return shares;
}
