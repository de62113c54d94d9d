import { COMPONENT_NAMES, type Components } from '../correction/types.ts';
import { type Money, ZERO, allocate, minMoney } from '../money.ts';
import { assert } from '../result.ts';
import type { LiquidationConfig } from './config.ts';

type Name = (typeof COMPONENT_NAMES)[number];
/** CC art. 354 order (interest before capital), for INTEREST_FIRST only. */
const INTEREST_FIRST: readonly Name[] = ['jurosMora', 'jurosEc136', 'selic', 'principal'];
const PRINCIPAL_FIRST: readonly Name[] = ['principal', 'jurosMora', 'jurosEc136', 'selic'];

/**
 * Splits a payment `amount` (centavos, 0 < amount ≤ Σ owed) into the components it extinguishes
 * (R6.3). PRO_RATA: each component × f, f = amount / owed, in centavos by the largest remainder
 * (money.ts `allocate`: floors, then the leftover centavos to the largest fractions, ties to the
 * first component listed), so Σ paid = amount exactly and paying all of it pays each component whole.
 */
export function imputePayment(owed: Components, amount: Money, mode: LiquidationConfig['partialImputation']): Components {
  const owedTotal = COMPONENT_NAMES.reduce((acc, n) => acc.plus(owed[n]), ZERO);
  assert(
    amount.isPositive() && !amount.isZero() && amount.lessThanOrEqualTo(owedTotal),
    `pagamento de ${amount.toFixed(2)} fora de (0, ${owedTotal.toFixed(2)}]`,
  );
  if (mode === 'PRO_RATA') {
    const shares = allocate(
      amount,
      COMPONENT_NAMES.map((n) => owed[n]),
    );
    return Object.fromEntries(COMPONENT_NAMES.map((n, i) => [n, shares[i]!])) as unknown as Components;
  }
  const order = mode === 'PRINCIPAL_FIRST' ? PRINCIPAL_FIRST : INTEREST_FIRST;
  const paid: Record<Name, Money> = { principal: ZERO, jurosMora: ZERO, selic: ZERO, jurosEc136: ZERO };
  let left = amount;
  for (const n of order) {
    paid[n] = minMoney(left, owed[n]);
    left = left.minus(paid[n]);
  }
  return paid;
}

export function minusComponents(a: Components, b: Components): Components {
  return {
    principal: a.principal.minus(b.principal),
    jurosMora: a.jurosMora.minus(b.jurosMora),
    selic: a.selic.minus(b.selic),
    jurosEc136: a.jurosEc136.minus(b.jurosEc136),
  };
}
