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
 * R$ 1. Those are kept as integers scaled by 2^100 (≈ 1.3·10^30: more than 30 significant digits,
 * R5.16 asks ≥ 20) and applied to the amount in integer centavos with BigInt: exact products, exact
 * half-up rounding per component by a shift, total = sum of rounded components — the same rounding
 * as `correct()`. The only difference from `correct()` is the coefficient's last binary digit,
 * which can change a cent only if the exact product lies within 10^-28 of a half cent.
 */
export const COEFFICIENT_BITS = 100n;
const SCALE = 1n << COEFFICIENT_BITS;
const HALF = SCALE >> 1n;

export interface UnitCoefficients {
  /** Non-zero coefficients among principal, jurosMora, selic, jurosEc136, per R$ 0,01, scaled by 2^100. */
  readonly scaled: readonly bigint[];
  readonly provisional: boolean;
}

export function unitCoefficients(plan: CorrectionPlan): UnitCoefficients {
  const unit = applyPlan(plan, principalOnly(new Dec(1))).exact;
  const scaledOf = (d: Dec) => BigInt(d.times(SCALE.toString()).toFixed(0, Dec.ROUND_HALF_UP));
  const scaled = COMPONENT_NAMES.map((name) => scaledOf(unit[name])).filter((c) => c !== 0n);
  assert(
    scaled.every((c) => c > 0n),
    'coeficientes de correção negativos',
  );
  return { scaled, provisional: plan.provisional };
}

/** Corrected total in centavos: Σ round_half_up(amount × coefficient) over the components. */
export function correctCents(amountCents: bigint, coefficients: UnitCoefficients): bigint {
  assert(amountCents >= 0n, 'correção em lote só para valores ≥ 0');
  let total = 0n;
  for (const c of coefficients.scaled) total += (amountCents * c + HALF) >> COEFFICIENT_BITS;
  return total;
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
  // Two-level cache: data-base, then a small integer for the context fields that change a plan
  // (a string key per amount would cost as much as the correction itself).
  const cache = new Map<YearMonth, Map<number | string, Result<UnitCoefficients, CorrectionError>>>();
  const config = env.config ?? DEFAULT_CORRECTION_CONFIG;
  const ESFERA = { estadual: 0, municipal: 1, uniao: 2 } as const;
  return (item) => {
    const c = item.context;
    const code = ((c.budgetYear ?? 0) * 3 + ESFERA[c.esfera]) * 4 + (c.tributario ? 2 : 0) + (c.modulated ? 1 : 0);
    const key = c.interestPerTitlePctMonthly === undefined ? code : `${code}|${c.interestPerTitlePctMonthly.toString()}`;
    let byContext = cache.get(item.dataBase);
    if (byContext === undefined) {
      byContext = new Map();
      cache.set(item.dataBase, byContext);
    }
    let coefficients = byContext.get(key);
    if (coefficients === undefined) {
      const plan = planCorrection(item.dataBase, target, c, env.rules, env.indices, config);
      coefficients = plan.ok ? ok(unitCoefficients(plan.value)) : plan;
      byContext.set(key, coefficients);
    }
    if (!coefficients.ok) return coefficients;
    return ok(correctCents(item.amountCents, coefficients.value));
  };
}
