import { type YearMonth, addMonths, differenceInCalendarMonths, firstDayOf } from '../dates.ts';
import { Dec } from '../money.ts';
import { type Timeline, ruleInForce } from '../rules/timeline.ts';
import type { IndexSeries, RatePoint } from './series.ts';

/**
 * The interest part of poupança, the juros de mora of condenações against the Fazenda from 07/2009
 * to 11/2021 (R5.7; art. 1º-F Lei 9.494/97 as written by Lei 11.960/2009).
 *
 * How the product gets it (the TJAP table in ../shared is an oracle, not shippable data):
 * - by law while a fixed rate is in force (data/rules/correction-interest-rates.csv: 0,5 % a.m. up to
 *   rate month 2012-04, Lei 8.177/1991 art. 12 II, the only rule then);
 * - from the first month both are loaded (2012-05 from the BCB): derived from two SGS series the BCB publishes, total poupança yield (SGS 195,
 *   period starting on day 1) and TR (SGS 7811), through the identity of Lei 8.177/1991 art. 12
 *   as amended by Lei 12.703/2012: poupança = (1 + TR)(1 + juros) − 1, so
 *   juros = (1 + poupança) / (1 + TR) − 1, rounded to the 4 decimals (percent) both are published in;
 * - or imported as its own series `juros_poupanca.csv` (`month,rate_pct`) from a folder.
 * The series is frozen: EC 113 replaced poupança interest by SELIC from rate month 2021-12 (the
 * window's end, from correction-periods.csv).
 */
/** The rate months poupança interest is charged in (R5.7; `poupancaInterestWindow` of correction-periods.csv). */
export interface MonthWindow {
  readonly first: YearMonth;
  readonly last: YearMonth;
}
const ONE = new Dec(1);
const HUNDRED = new Dec(100);

/**
 * The fixed legal rate for the rate months from 2009-07 while one is in force and before `before`
 * (Lei 8.177/1991 art. 12 II: 0,5 % a.m. up to 2012-04); it stops at the first month whose rule
 * is "from published series" (Lei 12.703/2012).
 */
export function oldRulePoupancaInterest(rates: Timeline<Dec | undefined>, window: MonthWindow, before?: YearMonth): RatePoint[] {
  const points: RatePoint[] = [];
  for (let m = window.first; m <= window.last && (before === undefined || m < before); m = addMonths(m, 1)) {
    const pct = ruleInForce(rates, firstDayOf(m))?.value;
    if (pct === undefined) break;
    points.push({ month: m, ratePct: pct.toString() });
  }
  return points;
}

/**
 * juros(m) = (1 + poupança(m)) / (1 + TR(m)) − 1 for the months both series cover within
 * the window (2009-07 … 2021-11). The identity holds under both poupança rules (old: 0,5 % + TR).
 */
export function derivePoupancaInterest(poupanca: IndexSeries, tr: IndexSeries, window: MonthWindow): RatePoint[] {
  const points: RatePoint[] = [];
  const first = maxMonth(poupanca.firstMonth, tr.firstMonth, window.first);
  const last = minMonth(poupanca.lastMonth, tr.lastMonth, window.last);
  for (let m = first; m <= last; m = addMonths(m, 1)) {
    const p = poupanca.ratesPct[monthIndex(poupanca, m)]!;
    const t = tr.ratesPct[monthIndex(tr, m)]!;
    const juros = ONE.plus(p.dividedBy(HUNDRED))
      .dividedBy(ONE.plus(t.dividedBy(HUNDRED)))
      .minus(ONE)
      .times(HUNDRED);
    points.push({ month: m, ratePct: juros.toFixed(4, Dec.ROUND_HALF_UP) });
  }
  return points;
}

function monthIndex(series: IndexSeries, month: YearMonth): number {
  return differenceInCalendarMonths(month, series.firstMonth);
}

function maxMonth(...months: YearMonth[]): YearMonth {
  return months.reduce((a, b) => (a > b ? a : b));
}

function minMonth(...months: YearMonth[]): YearMonth {
  return months.reduce((a, b) => (a < b ? a : b));
}

/** A published fraction (`0.004134`) as percent text (`0.4134`), exactly (a 100× trap, design §4). */
export function fractionToPctText(rateFraction: string): string {
  return new Dec(rateFraction).times(HUNDRED).toString();
}
