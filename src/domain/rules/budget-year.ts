import { type CourtTimestamp, type IsoDate, type YearMonth, courtDateOf, makeIsoDate, monthOf, yearOf } from '../dates.ts';
import { type Timeline, requireRuleInForce } from './timeline.ts';

/**
 * How presentations of a period map to a budget year (R1.2, R1.4).
 * - `annual-cutoff`: presented up to the cut-off day of year Y (inclusive, R1.3) → Y+1, else Y+2.
 * - `fixed-budget-year`: a transition window written into the Constitution whose presentations all go
 *   to one budget year (ADCT 107-A II for 2023; the EC 136 window for 2027).
 */
export type BudgetYearRule =
  | { readonly kind: 'annual-cutoff'; readonly cutoffMonth: number; readonly cutoffDay: number }
  | { readonly kind: 'fixed-budget-year'; readonly budgetYear: number };

/** Momento de requisição of a budget year Y: the cut-off day (month, day) in year Y−1 (R1.4, R5.1). */
export interface RequisitionMoment {
  readonly month: number;
  readonly day: number;
}

/** Budget year of a precatório presented on the court-local calendar day `presentedOn` (R1.4). */
export function budgetYearFor(presentedOn: IsoDate, rules: Timeline<BudgetYearRule>): number {
  const rule = requireRuleInForce(rules, presentedOn, 'corte orçamentário').value;
  if (rule.kind === 'fixed-budget-year') return rule.budgetYear;
  const year = yearOf(presentedOn);
  // R1.3: "apresentados até <dia>" includes the whole cut-off day, so compare dates with <=.
  const cutoff = makeIsoDate(year, rule.cutoffMonth, rule.cutoffDay);
  return presentedOn <= cutoff ? year + 1 : year + 2;
}

export function budgetYearForTimestamp(presentedAt: CourtTimestamp, rules: Timeline<BudgetYearRule>): number {
  return budgetYearFor(courtDateOf(presentedAt), rules);
}

/**
 * Momento de requisição of budget year Y (R1.4, R5.1): 1 July (Y ≤ 2022), 2 April (2023–2026),
 * 1 February (Y ≥ 2027). The timeline is keyed by the budget year's 1 January.
 */
export function requisitionMomentOf(budgetYear: number, moments: Timeline<RequisitionMoment>): IsoDate {
  const moment = requireRuleInForce(moments, makeIsoDate(budgetYear, 1, 1), 'momento de requisição').value;
  return makeIsoDate(budgetYear - 1, moment.month, moment.day);
}

/**
 * Período de graça of budget year Y (R1.8, R5.9): from the month of the momento de requisição
 * (the whole month counts, config `graceFirstMonth` default 'REQUISITION_MONTH' — TJAP table) through
 * December of Y.
 */
export function gracePeriodOf(budgetYear: number, moments: Timeline<RequisitionMoment>): { readonly firstMonth: YearMonth; readonly lastMonth: YearMonth } {
  return {
    firstMonth: monthOf(requisitionMomentOf(budgetYear, moments)),
    lastMonth: `${budgetYear}-12` as YearMonth,
  };
}
