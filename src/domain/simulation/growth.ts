import { type YearMonth, addMonths, firstDayOf } from '../dates.ts';
import { Dec } from '../money.ts';
import { assert } from '../result.ts';
import { gracePeriodOf } from '../rules/budget-year.ts';
import type { RuleBook } from '../rule-book.ts';
import { ruleInForce } from '../rules/timeline.ts';
import type { GrowthModel } from './types.ts';

/** Balances stay as they are (property tests, or no index data). */
export const NO_GROWTH: GrowthModel = {
  description: 'sem correção durante a espera',
  factorsFor: (_budgetYear, _from, months) => new Float64Array(months).fill(1),
};

/**
 * Future index values are unknown: the projection assumes constant yearly rates.
 * Default IPCA: the centre of the CMN inflation target (3 % a.a.). SELIC undefined = the SELIC cap
 * of ADCT 97 §16-A is not applied (it binds only when SELIC < IPCA + 2 %).
 */
export interface ProjectionRates {
  readonly ipcaPctYear: Dec;
  readonly selicPctYear?: Dec | undefined;
}

export const DEFAULT_PROJECTION_RATES: ProjectionRates = { ipcaPctYear: new Dec('3.0') };

const RATE_PCT_YEAR_MAX = 100;

/**
 * Growth while waiting, rate month by rate month (window m … T−1, R5.2 default), for credits of
 * state and municipal debtors from 2025-08 on (ADCT 97 §16, R5.10): IPCA on the whole balance;
 * outside the período de graça of the budget year also 2 % a.a. simple on the corrected principal,
 * accrued separately and then corrected by IPCA; inside graça IPCA only (R5.9, Tema 1335); each
 * month capped by SELIC when a SELIC rate is assumed (ADCT 97 §16-A, like `ec136CapMode = 'MONTHLY'`).
 *
 * The whole balance at the first month is treated as principal for the 2 % (the registry does not
 * split principal and accrued interest), which slightly overstates growth: a conservative choice.
 */
export function projectedGrowth(rates: ProjectionRates, rules: Pick<RuleBook, 'requisitionMoments' | 'ec136InterestPctPerYear'>): GrowthModel {
  const ipcaYear = rates.ipcaPctYear.toNumber();
  const selicYear = rates.selicPctYear?.toNumber();
  assert(ipcaYear > -100 && ipcaYear <= RATE_PCT_YEAR_MAX, `IPCA projetado fora dos limites: ${ipcaYear}`);
  assert(selicYear === undefined || (selicYear > -100 && selicYear <= RATE_PCT_YEAR_MAX), `SELIC projetada fora dos limites: ${selicYear}`);
  // Monthly rate equivalent to the yearly one (compound), as monthly indices compose into a year.
  const ipcaMonthly = (1 + ipcaYear / 100) ** (1 / 12) - 1;
  const selicMonthly = selicYear === undefined ? undefined : (1 + selicYear / 100) ** (1 / 12) - 1;
  const text = (d: Dec) => d.toFixed(2).replace('.', ',');
  // R5.10: juros simples "calculados mensalmente" — the yearly rate of the row in force that month ÷ 12
  // (2 % a.a. → 0,1666… % a.m., TJAP); none before the EC 136 row.
  const ec136Monthly = (month: YearMonth): number => (ruleInForce(rules.ec136InterestPctPerYear, firstDayOf(month))?.value.toNumber() ?? 0) / 1200;
  // Projections run in future months: the description names the latest row's rate.
  const ec136Latest = rules.ec136InterestPctPerYear.at(-1);
  return {
    description:
      `IPCA projetado de ${text(rates.ipcaPctYear)} % a.a.` +
      (ec136Latest ? `; fora da graça, mais juros simples de ${text(ec136Latest.value)} % a.a. (R5.10)` : '') +
      (rates.selicPctYear ? `, limitado à SELIC projetada de ${text(rates.selicPctYear)} % a.a.` : ''),
    factorsFor(budgetYear, from, months) {
      const grace = gracePeriodOf(budgetYear, rules.requisitionMoments);
      const factors = new Float64Array(months);
      let principal = 1;
      let interest = 0;
      factors[0] = 1;
      for (let t = 1; t < months; t++) {
        const rateMonth: YearMonth = addMonths(from, t - 1);
        const inGrace = rateMonth >= grace.firstMonth && rateMonth <= grace.lastMonth;
        const before = principal + interest;
        principal *= 1 + ipcaMonthly;
        interest *= 1 + ipcaMonthly;
        if (!inGrace) interest += principal * ec136Monthly(rateMonth);
        const step = (principal + interest) / before;
        if (!inGrace && selicMonthly !== undefined && step > 1 + selicMonthly) {
          const scale = (1 + selicMonthly) / step;
          principal *= scale;
          interest *= scale;
        }
        factors[t] = principal + interest;
      }
      return factors;
    },
  };
}
