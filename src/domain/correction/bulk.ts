import type { YearMonth } from '../dates.ts';
import { Dec, type Money } from '../money.ts';
import { type Result, assert, ok } from '../result.ts';
import { applyPlan, type CorrectionEnv } from './correct.ts';
import { DEFAULT_CORRECTION_CONFIG } from './config.ts';
import { type CorrectionPlan, planCorrection } from './plan.ts';
import { COMPONENT_NAMES, type CorrectionContext, type CorrectionError, principalOnly } from './types.ts';

/**
 * Bulk correction of many amounts to one target month (a whole queue, issue 4 benchmark).
 *
 * For an amount that is all principal (money of its data-base month) every step of a plan is
 * linear, so the plan collapses into one coefficient per component: the result of correcting
 * R$ 1. Those are kept as integers scaled by 10^30 (≥ 20 significant digits, R5.16) and applied to
 * the amount in integer centavos with BigInt: exact products, exact half-up rounding per
 * component, total = sum of rounded components — the same rounding as `correct()`. The only
 * difference from `correct()` is the coefficient's 30th decimal, which can change a cent only if
 * the exact product lies within 10^-28 of a half cent.
 */
export const COEFFICIENT_DECIMALS = 30;
const SCALE = 10n ** BigInt(COEFFICIENT_DECIMALS);
const HALF = SCALE / 2n;

export interface UnitCoefficients {
  /** principal, jurosMora, selic, jurosEc136 per R$ 0,01, scaled by 10^30. */
  readonly scaled: readonly [bigint, bigint, bigint, bigint];
  readonly provisional: boolean;
}

export function unitCoefficients(plan: CorrectionPlan): UnitCoefficients {
  const unit = applyPlan(plan, principalOnly(new Dec(1))).exact;
  const scaledOf = (d: Dec) => BigInt(d.times(SCALE.toString()).toFixed(0, Dec.ROUND_HALF_UP));
  const [a, b, c, d] = COMPONENT_NAMES.map((name) => scaledOf(unit[name]));
  return { scaled: [a!, b!, c!, d!], provisional: plan.provisional };
}

/** Corrected total in centavos: Σ round_half_up(amount × coefficient) over the four components. */
export function correctCents(amountCents: bigint, coefficients: UnitCoefficients): bigint {
  assert(amountCents >= 0n, 'correção em lote só para valores ≥ 0');
  const [a, b, c, d] = coefficients.scaled;
  return (amountCents * a + HALF) / SCALE + (amountCents * b + HALF) / SCALE + (amountCents * c + HALF) / SCALE + (amountCents * d + HALF) / SCALE;
}

/** Integer centavos of an amount that has at most 2 decimals. */
export function centsOf(amount: Money): bigint {
  const cents = amount.times(100);
  assert(cents.isInteger(), `valor com mais de 2 casas decimais: ${amount.toString()}`);
  return BigInt(cents.toFixed(0));
}

export function centsToMoney(cents: bigint): Money {
  return new Dec(cents.toString()).dividedBy(100);
}

/** One amount of a bulk run. */
export interface BulkItem {
  readonly amountCents: bigint;
  readonly dataBase: YearMonth;
  readonly context: CorrectionContext;
}

/**
 * Corrects many amounts to `target`, building each distinct plan once (keyed by data-base and the
 * context fields that change the plan) and then spending four BigInt products per amount.
 */
export function bulkCorrector(target: YearMonth, env: CorrectionEnv): (item: BulkItem) => Result<bigint, CorrectionError> {
  const cache = new Map<string, Result<UnitCoefficients, CorrectionError>>();
  const config = env.config ?? DEFAULT_CORRECTION_CONFIG;
  return (item) => {
    const c = item.context;
    const key = `${item.dataBase}|${c.esfera}|${c.tributario}|${c.modulated}|${c.budgetYear ?? ''}|${c.interestPerTitlePctMonthly?.toString() ?? ''}`;
    let coefficients = cache.get(key);
    if (coefficients === undefined) {
      const plan = planCorrection(item.dataBase, target, c, env.rules, env.indices, config);
      coefficients = plan.ok ? ok(unitCoefficients(plan.value)) : plan;
      cache.set(key, coefficients);
    }
    if (!coefficients.ok) return coefficients;
    return ok(correctCents(item.amountCents, coefficients.value));
  };
}
