import { type CorrectionEnv, type CorrectionResult, correct } from '../correction/correct.ts';
import { DEFAULT_CORRECTION_CONFIG } from '../correction/config.ts';
import { COMPONENT_NAMES, type Components, type CorrectionContext, type CorrectionError, totalOf } from '../correction/types.ts';
import type { YearMonth } from '../dates.ts';
import { type Money, ZERO, allocate } from '../money.ts';
import { minusComponents } from './impute.ts';
import { type Result, err, ok } from '../result.ts';

/** One earlier payment of a beneficiary: what it paid, by component, in money of the month it was calculated. */
export interface PriorPayment {
  readonly calcMonth: YearMonth;
  readonly paid: Components;
}

/** One beneficiary's credit as the liquidation reads it. */
export interface Credit {
  /** The beneficiary's share of the requisitioned value, money of the data-base month (R5.1). */
  readonly faceBrl: Money;
  readonly dataBase: YearMonth;
  readonly context: CorrectionContext;
  /** Earlier payments, any order. */
  readonly payments: readonly PriorPayment[];
  /** Fully paid: nothing is owed any more, whatever a later correction of A and B would give. */
  readonly settled: boolean;
}

export interface Owed {
  readonly month: YearMonth;
  /** Each component rounded to centavos half-up, never below zero (R5.16). */
  readonly components: Components;
  /** Σ of the rounded components (R5.16). */
  readonly totalBrl: Money;
  /** A of R5.15: the face corrected from the data-base, with its memória. */
  readonly corrected: CorrectionResult | undefined;
  /** B of R5.15: the earlier payments, each corrected from its own month, Σ rounded. */
  readonly paymentsCorrectedBrl: Money;
}

export type LiquidationError = CorrectionError | { readonly kind: 'payment-after-liquidation'; readonly calcMonth: YearMonth; readonly month: YearMonth };

const ZERO_COMPONENTS: Components = { principal: ZERO, jurosMora: ZERO, selic: ZERO, jurosEc136: ZERO };

/**
 * What a beneficiary is owed in `month` (R6.1), by the A − B method of correction.md R5.15
 * (TJPR-IN171 art. 10): the face corrected from the data-base, minus each earlier payment corrected
 * "a partir da data em que a parcela paga foi calculada". Component by component, so the
 * decomposition (principal, juros de mora, SELIC, EC 136 interest) carries into the payment (R6.2).
 * A month the index series do not reach is an error naming the series and month, never a
 * provisional value (a liquidation is a final figure).
 */
export function owedOn(credit: Credit, month: YearMonth, env: CorrectionEnv, use: 'PAYMENT' | 'ESTIMATE' = 'PAYMENT'): Result<Owed, LiquidationError> {
  if (credit.settled) return ok({ month, components: ZERO_COMPONENTS, totalBrl: ZERO, corrected: undefined, paymentsCorrectedBrl: ZERO });
  // An ESTIMATE (the public lookup) may stop at the last published month, flagged provisional (R5.2).
  const strict: CorrectionEnv = use === 'ESTIMATE' ? env : { ...env, config: { ...(env.config ?? DEFAULT_CORRECTION_CONFIG), unpublishedTail: 'ERROR' } };
  const a = correct(credit.faceBrl, credit.dataBase, month, credit.context, strict);
  if (!a.ok) return a;
  // A and each B rounded per component (R5.16) before the subtraction: a payment of everything owed
  // then leaves exactly zero, and B + what is left = A to the cent.
  let open: Components = a.value.rounded;
  let bTotal = ZERO;
  for (const payment of credit.payments) {
    if (payment.calcMonth > month) return err({ kind: 'payment-after-liquidation', calcMonth: payment.calcMonth, month });
    const b = correct(payment.paid, payment.calcMonth, month, credit.context, strict);
    if (!b.ok) return b;
    bTotal = bTotal.plus(b.value.totalBrl);
    open = minusComponents(open, b.value.rounded);
  }
  const components = withoutNegatives(open);
  return ok({ month, components, totalBrl: totalOf(components), corrected: a.value, paymentsCorrectedBrl: bTotal });
}

/**
 * A − B component by component can leave one component below zero when the EC 136 SELIC cap
 * (R5.10, `ec136CapMode` other than MONTHLY) picks a different path for A than for a payment
 * corrected from a later month (say, B accrued 2 % interest where A accrued SELIC). The total
 * A − B is what the law fixes; the deficit is taken from the other components in proportion, so
 * the total is kept and no component is negative. A total ≤ 0 owes nothing.
 */
function withoutNegatives(c: Components): Components {
  const total = totalOf(c);
  if (!total.isPositive() || total.isZero()) return ZERO_COMPONENTS;
  if (COMPONENT_NAMES.every((n) => !c[n].isNegative())) return c;
  const positives = COMPONENT_NAMES.map((n) => (c[n].isNegative() ? ZERO : c[n]));
  const shares = allocate(total, positives);
  return Object.fromEntries(COMPONENT_NAMES.map((n, i) => [n, shares[i]!])) as unknown as Components;
}
