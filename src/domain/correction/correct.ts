import type { YearMonth } from '../dates.ts';
import type { MonthRun } from '../indices/cumulative.ts';
import { Dec, type Money, roundCents } from '../money.ts';
import { type Result, ok } from '../result.ts';
import { applyOps } from './apply.ts';
import { type CorrectionConfig, DEFAULT_CORRECTION_CONFIG } from './config.ts';
import type { CorrectionRules } from './periods.ts';
import { type CorrectionPlan, type IndexTables, planCorrection } from './plan.ts';
import { type Components, type CorrectionContext, type CorrectionError, type MemoryLine, principalOnly } from './types.ts';

/** What the engine needs besides the credit: dated rules, cumulated index series, conventions. */
export interface CorrectionEnv {
  readonly rules: CorrectionRules;
  readonly indices: IndexTables;
  readonly config?: CorrectionConfig | undefined;
}

export interface CorrectionResult {
  readonly dataBase: YearMonth;
  readonly target: YearMonth;
  /** Rate months used (R5.2); empty (last < first) when nothing applies. */
  readonly window: MonthRun;
  /** Full precision, for chaining and audit. */
  readonly exact: Components;
  /** Each component rounded to centavos, half-up (R5.16). */
  readonly rounded: Components;
  /** Sum of the rounded components (R5.16). */
  readonly totalBrl: Money;
  /** The memória de cálculo: one line per period and per interest part. */
  readonly lines: readonly MemoryLine[];
  /** Some segment stopped at the last published month (R5.2). */
  readonly provisional: boolean;
}

/**
 * Corrects `value` (money of the data-base month, or components already accrued) to `target`
 * (R5.17): splits the rate-month window at every legal breakpoint and at the período de graça,
 * applies each period's index and interest, and returns the amount with its memory.
 * Pure: the shell hands in rules and index series.
 */
export function correct(
  value: Money | Components,
  dataBase: YearMonth,
  target: YearMonth,
  context: CorrectionContext,
  env: CorrectionEnv,
): Result<CorrectionResult, CorrectionError> {
  const plan = planCorrection(dataBase, target, context, env.rules, env.indices, env.config ?? DEFAULT_CORRECTION_CONFIG);
  if (!plan.ok) return plan;
  return ok(applyPlan(plan.value, value instanceof Dec ? principalOnly(value) : value));
}

export function applyPlan(plan: CorrectionPlan, start: Components): CorrectionResult {
  const { state, lines } = applyOps(plan.ops, start, plan.config.ec136CapMode);
  const rounded: Components = {
    principal: roundCents(state.principal, 'half-up'),
    jurosMora: roundCents(state.jurosMora, 'half-up'),
    selic: roundCents(state.selic, 'half-up'),
    jurosEc136: roundCents(state.jurosEc136, 'half-up'),
  };
  return {
    dataBase: plan.dataBase,
    target: plan.target,
    window: plan.window,
    exact: state,
    rounded,
    totalBrl: rounded.principal.plus(rounded.jurosMora).plus(rounded.selic).plus(rounded.jurosEc136),
    lines,
    provisional: plan.provisional,
  };
}
