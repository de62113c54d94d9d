import { type YearMonth, addMonths, differenceInCalendarMonths, isYearMonth } from '../dates.ts';
import { Dec, isDecimalText } from '../money.ts';
import { type Result, err, ok } from '../result.ts';
import type { SeriesError } from './errors.ts';
import type { IndexName } from './index-names.ts';

/** One published monthly value, as text, before validation. */
export interface RatePoint {
  readonly month: string;
  /** Percent per month as published (`"0.57"`). */
  readonly ratePct: string;
}

/**
 * A validated monthly series: contiguous from `firstMonth` to `lastMonth`, one rate per month,
 * in percent (`ratesPct[i]` is the rate of `firstMonth + i`). Built only by `buildSeries`.
 */
export interface IndexSeries {
  readonly name: IndexName;
  readonly firstMonth: YearMonth;
  readonly lastMonth: YearMonth;
  readonly ratesPct: readonly Dec[];
}

/** A rate below −100 % would make a factor ≤ 0: no published index does that. */
const RATE_PCT_MIN = new Dec(-100);
/** Limit on everything (design §8): 200 years of months. */
export const SERIES_MONTHS_MAX = 2400;

/**
 * Validates published points into a series. Order of input rows does not matter; a repeated
 * month, a hole or a malformed value is a typed error, never a silent zero.
 */
export function buildSeries(name: IndexName, points: readonly RatePoint[]): Result<IndexSeries, SeriesError> {
  if (points.length === 0) return err({ kind: 'empty-series', series: name });
  if (points.length > SERIES_MONTHS_MAX)
    return err({
      kind: 'out-of-range',
      series: name,
      month: points[0]!.month as YearMonth,
      firstMonth: points[0]!.month as YearMonth,
      lastMonth: points.at(-1)!.month as YearMonth,
    });
  const byMonth = new Map<YearMonth, Dec>();
  for (const point of points) {
    if (!isYearMonth(point.month)) return err({ kind: 'invalid-month', series: name, text: point.month });
    if (!isDecimalText(point.ratePct)) return err({ kind: 'invalid-rate', series: name, month: point.month, text: point.ratePct });
    const rate = new Dec(point.ratePct);
    if (rate.lessThanOrEqualTo(RATE_PCT_MIN)) return err({ kind: 'invalid-rate', series: name, month: point.month, text: point.ratePct });
    if (byMonth.has(point.month)) return err({ kind: 'duplicate-month', series: name, month: point.month });
    byMonth.set(point.month, rate);
  }
  const months = [...byMonth.keys()].sort();
  const firstMonth = months[0]!;
  const lastMonth = months.at(-1)!;
  const ratesPct: Dec[] = [];
  for (let month = firstMonth; month <= lastMonth; month = addMonths(month, 1)) {
    const rate = byMonth.get(month);
    if (rate === undefined) return err({ kind: 'gap', series: name, after: addMonths(month, -1), missing: month });
    ratesPct.push(rate);
  }
  return ok({ name, firstMonth, lastMonth, ratesPct });
}

/** The series back as text points (for storage and export); values keep their published digits. */
export function seriesPoints(series: IndexSeries): RatePoint[] {
  return series.ratesPct.map((rate, i) => ({ month: addMonths(series.firstMonth, i), ratePct: rate.toString() }));
}

/** Rate of one month, or `out-of-range`. */
export function ratePctAt(series: IndexSeries, month: YearMonth): Result<Dec, SeriesError> {
  const index = differenceInCalendarMonths(month, series.firstMonth);
  const rate = series.ratesPct[index];
  if (index < 0 || rate === undefined) return err(outOfRange(series, month));
  return ok(rate);
}

export function outOfRange(series: IndexSeries, month: YearMonth): SeriesError {
  return { kind: 'out-of-range', series: series.name, month, firstMonth: series.firstMonth, lastMonth: series.lastMonth };
}

/**
 * Adds newly fetched points to a stored series (incremental sync). A month present in both must
 * carry the same rate (a revised value is reported, not overwritten); the union must stay
 * contiguous. Nothing is written by this function: the shell writes only an `ok` result.
 */
export function mergeSeries(name: IndexName, stored: IndexSeries | undefined, incoming: readonly RatePoint[]): Result<IndexSeries, SeriesError> {
  if (stored === undefined) return buildSeries(name, incoming);
  const known = new Map(seriesPoints(stored).map((p) => [p.month, new Dec(p.ratePct)]));
  const fresh: RatePoint[] = [];
  const seen = new Set<string>();
  for (const point of incoming) {
    if (!isYearMonth(point.month)) return err({ kind: 'invalid-month', series: stored.name, text: point.month });
    if (!isDecimalText(point.ratePct)) return err({ kind: 'invalid-rate', series: stored.name, month: point.month, text: point.ratePct });
    if (seen.has(point.month)) return err({ kind: 'duplicate-month', series: stored.name, month: point.month });
    seen.add(point.month);
    const old = known.get(point.month);
    if (old === undefined) fresh.push(point);
    else if (!old.equals(new Dec(point.ratePct))) {
      return err({ kind: 'conflicting-rate', series: stored.name, month: point.month, storedPct: old.toString(), incomingPct: point.ratePct });
    }
  }
  return buildSeries(stored.name, [...seriesPoints(stored), ...fresh]);
}

/** A published value that changed: the same month, a different rate (the source revised it). */
export interface Revision {
  readonly series: IndexName;
  readonly month: YearMonth;
  readonly storedPct: string;
  readonly incomingPct: string;
}

/** Months of `incoming` that `stored` already holds with another rate, in month order. Pure. */
export function revisionsOf(stored: IndexSeries | undefined, incoming: IndexSeries): Revision[] {
  if (stored === undefined) return [];
  const revisions: Revision[] = [];
  incoming.ratesPct.forEach((rate, i) => {
    const month = addMonths(incoming.firstMonth, i);
    const old = ratePctAt(stored, month);
    if (old.ok && !old.value.equals(rate)) revisions.push({ series: incoming.name, month, storedPct: old.value.toString(), incomingPct: rate.toString() });
  });
  return revisions;
}

/** pt-BR list of revisions for the CLI and the API (at most `max` shown, then a count). */
export function describeRevisions(revisions: readonly Revision[], max = 20): string {
  const shown = revisions.slice(0, max).map((r) => `${r.series} ${r.month}: gravado ${r.storedPct} %, publicado agora ${r.incomingPct} %`);
  const more = revisions.length > max ? [`… e mais ${revisions.length - max}`] : [];
  return [...shown, ...more].join('; ');
}
