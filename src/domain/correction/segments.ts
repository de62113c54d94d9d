import { type YearMonth, addMonths } from '../dates.ts';
import type { MonthRun } from '../indices/cumulative.ts';
import { type Result, err, ok } from '../result.ts';
import { gracePeriodOf } from '../rules/budget-year.ts';
import type { CorrectionConfig } from './config.ts';
import { type CorrectionPeriod, type CorrectionRules, type PeriodRun, periodRuns, tableFor } from './periods.ts';
import type { CorrectionContext, CorrectionError, Phase } from './types.ts';

/** A maximal run of rate months under one legal period and one side of the graça boundary. */
export interface Segment {
  readonly run: MonthRun;
  readonly period: CorrectionPeriod;
  readonly phase: Phase;
  readonly inGrace: boolean;
}

/**
 * Rate months a correction from `dataBase` to `target` uses (R5.2): m … T−1 by default, m+1 … T
 * for the TJAP convention. Empty (last < first) when target = data-base.
 */
export function rateWindow(dataBase: YearMonth, target: YearMonth, config: CorrectionConfig): MonthRun {
  return config.indexWindow === 'M_TO_T_MINUS_1' ? { first: dataBase, last: addMonths(target, -1) } : { first: addMonths(dataBase, 1), last: target };
}

/**
 * Splits the window at every legal breakpoint (the dated table of the credit, R5.3) and at the
 * edges of the período de graça (R5.9). A handful of segments at most: the cost of a correction
 * does not grow with the number of months.
 */
export function segmentsOf(window: MonthRun, context: CorrectionContext, rules: CorrectionRules): Result<Segment[], CorrectionError> {
  if (window.last < window.first) return ok([]);
  const runs = periodRuns(rules.tables[tableFor(context.esfera, context.tributario, context.modulated)]);
  const grace = context.budgetYear === undefined ? undefined : gracePeriodOf(context.budgetYear, rules.requisitionMoments);
  const starts = new Set<YearMonth>([window.first]);
  const inside = (m: YearMonth) => m > window.first && m <= window.last;
  for (const run of runs) if (inside(run.first)) starts.add(run.first);
  if (grace) {
    if (inside(grace.firstMonth)) starts.add(grace.firstMonth);
    const afterGrace = addMonths(grace.lastMonth, 1);
    if (inside(afterGrace)) starts.add(afterGrace);
  }
  const ordered = [...starts].sort();
  const segments: Segment[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const first = ordered[i]!;
    const last = i + 1 < ordered.length ? addMonths(ordered[i + 1]!, -1) : window.last;
    const run = runInForce(runs, first);
    if (!run) return err({ kind: 'before-supported-history', month: first, firstMonth: runs[0]!.first });
    const inGrace = grace !== undefined && first >= grace.firstMonth && first <= grace.lastMonth;
    const phase: Phase = grace === undefined ? 'SEM_GRACA' : inGrace ? 'GRACA' : first < grace.firstMonth ? 'ANTES_GRACA' : 'APOS_GRACA';
    segments.push({ run: { first, last }, period: run.period, phase, inGrace });
  }
  return ok(segments);
}

function runInForce(runs: readonly PeriodRun[], month: YearMonth): PeriodRun | undefined {
  let found: PeriodRun | undefined;
  for (const run of runs) if (run.first <= month) found = run;
  return found;
}
