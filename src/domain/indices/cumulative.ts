import { type YearMonth, differenceInCalendarMonths } from '../dates.ts';
import { Dec } from '../money.ts';
import { type Result, err, ok } from '../result.ts';
import type { SeriesError } from './errors.ts';
import { type IndexSeries, outOfRange } from './series.ts';

/**
 * Prefix tables of a series, built once, so that the factor or the simple sum over any run of
 * months costs one Decimal division or subtraction, whatever the number of months (issue 4).
 *
 * `factorPrefix[i]` = Π (1 + rate_k / 100) over the first i months; `sumPctPrefix[i]` = Σ rate_k
 * (percent) over the first i months. Both have `months + 1` entries, starting at 1 and 0.
 * Precision: Dec keeps 40 significant digits, so a quotient of two prefixes is exact to ~1e-38
 * relative, far below the 7 decimals of published factor tables (R5.16).
 */
export interface CumulativeIndex {
  readonly series: IndexSeries;
  readonly factorPrefix: readonly Dec[];
  readonly sumPctPrefix: readonly Dec[];
}

const ONE = new Dec(1);
const HUNDRED = new Dec(100);

export function cumulate(series: IndexSeries): CumulativeIndex {
  const factorPrefix: Dec[] = [ONE];
  const sumPctPrefix: Dec[] = [new Dec(0)];
  for (const rate of series.ratesPct) {
    factorPrefix.push(factorPrefix.at(-1)!.times(ONE.plus(rate.dividedBy(HUNDRED))));
    sumPctPrefix.push(sumPctPrefix.at(-1)!.plus(rate));
  }
  return { series, factorPrefix, sumPctPrefix };
}

/** Inclusive run of rate months `first … last` (empty when last < first). */
export interface MonthRun {
  readonly first: YearMonth;
  readonly last: YearMonth;
}

function bounds(index: CumulativeIndex, run: MonthRun): Result<{ from: number; to: number }, SeriesError> {
  const from = differenceInCalendarMonths(run.first, index.series.firstMonth);
  const to = differenceInCalendarMonths(run.last, index.series.firstMonth) + 1;
  if (to <= from) return ok({ from: 0, to: 0 });
  if (from < 0) return err(outOfRange(index.series, run.first));
  if (to > index.series.ratesPct.length) return err(outOfRange(index.series, run.last));
  return ok({ from, to });
}

/** Compound factor Π (1 + rate/100) over the run; 1 for an empty run. */
export function factorOver(index: CumulativeIndex, run: MonthRun): Result<Dec, SeriesError> {
  const b = bounds(index, run);
  if (!b.ok) return b;
  return ok(index.factorPrefix[b.value.to]!.dividedBy(index.factorPrefix[b.value.from]!));
}

/** Simple sum of the monthly rates over the run, in percent; 0 for an empty run. */
export function sumPctOver(index: CumulativeIndex, run: MonthRun): Result<Dec, SeriesError> {
  const b = bounds(index, run);
  if (!b.ok) return b;
  return ok(index.sumPctPrefix[b.value.to]!.minus(index.sumPctPrefix[b.value.from]!));
}
