import { type YearMonth, addMonths, firstDayOf } from '../dates.ts';
import { type CumulativeIndex, type MonthRun, cumulate, factorOver, sumPctOver } from '../indices/cumulative.ts';
import { INDEX_LABELS, type IndexName } from '../indices/index-names.ts';
import { type IndexSeries, outOfRange } from '../indices/series.ts';
import { Dec } from '../money.ts';
import { type Result, assert, err, ok } from '../result.ts';
import { requireRuleInForce } from '../rules/timeline.ts';
import type { CorrectionConfig } from './config.ts';
import type { CorrectionRules, GraceCorrection } from './periods.ts';
import { type Segment, rateWindow, segmentsOf } from './segments.ts';
import type { CorrectionContext, CorrectionError, Phase } from './types.ts';

/** The index series the engine may need, already cumulated (see `cumulate`). */
export type IndexTables = Partial<Readonly<Record<IndexName, CumulativeIndex>>>;

/** Where an operation came from, for its memory line. */
export interface OpInfo {
  readonly phase: Phase;
  readonly rule: string;
  readonly run: MonthRun;
  readonly months: number;
  readonly inGrace: boolean;
  readonly provisional: boolean;
}

/**
 * One step of a correction, with its factor or sum already looked up (O(1) each). Applying a plan
 * to an amount is a few Decimal operations per segment, whatever the number of months.
 */
export type Op =
  | { readonly kind: 'scale'; readonly info: OpInfo; readonly label: string; readonly factor: Dec }
  | { readonly kind: 'interest'; readonly info: OpInfo; readonly label: string; readonly sumPct: Dec }
  | { readonly kind: 'selic'; readonly info: OpInfo; readonly sumPct: Dec; readonly compoundFactor: Dec | undefined }
  | {
      readonly kind: 'ipca2';
      readonly info: OpInfo;
      readonly factor: Dec;
      readonly selicSumPct: Dec;
      /** The simple interest of ADCT 97 §16 in force on the run (R5.10; data/rules/correction-interest-rates.csv). */
      readonly interestPctPerYear: Dec;
      /** Per month, only for `ec136CapMode = 'MONTHLY'`: IPCA factor and SELIC rate (percent). */
      readonly monthly: readonly { readonly ipcaFactor: Dec; readonly selicPct: Dec }[] | undefined;
    };

export interface CorrectionPlan {
  readonly dataBase: YearMonth;
  readonly target: YearMonth;
  readonly window: MonthRun;
  readonly ops: readonly Op[];
  readonly provisional: boolean;
  readonly config: CorrectionConfig;
}

const ONE = new Dec(1);
const HUNDRED = new Dec(100);

/** Builds the operations that carry a value from `dataBase` to `target` (R5.17). Pure. */
export function planCorrection(
  dataBase: YearMonth,
  target: YearMonth,
  context: CorrectionContext,
  rules: CorrectionRules,
  indices: IndexTables,
  config: CorrectionConfig,
): Result<CorrectionPlan, CorrectionError> {
  if (target < dataBase) return err({ kind: 'target-before-data-base', dataBase, target });
  const window = rateWindow(dataBase, target, config);
  const segments = segmentsOf(window, context, rules);
  if (!segments.ok) return segments;
  const ops: Op[] = [];
  for (const segment of segments.value) {
    const made = opsOf(segment, context, rules, indices, config);
    if (!made.ok) return made;
    ops.push(...made.value);
  }
  const merged = mergeGraceScales(ops);
  return ok({ dataBase, target, window, ops: merged, provisional: merged.some((o) => o.info.provisional), config });
}

/**
 * Consecutive segments that differ only by a legal row with the same effect form one memory line:
 * inside graça only the index matters (R5.9; e.g. IPCA-E for 2020-07…2021-11 and, replacing
 * SELIC, for 2021-12), and SELIC months under the same rule add up (simple sum, R5.8).
 */
function mergeGraceScales(ops: readonly Op[]): Op[] {
  const out: Op[] = [];
  for (const op of ops) {
    const prev = out.at(-1);
    const sameSide = prev !== undefined && prev.info.inGrace === op.info.inGrace && prev.info.phase === op.info.phase && !prev.info.provisional;
    const run = prev ? { first: prev.info.run.first, last: op.info.run.last } : op.info.run;
    const joined = (p: Op) => ({ ...p.info, run, months: p.info.months + op.info.months, provisional: op.info.provisional });
    if (sameSide && prev.kind === 'scale' && op.kind === 'scale' && op.info.inGrace && prev.label === op.label) {
      out[out.length - 1] = { ...prev, factor: prev.factor.times(op.factor), info: joined(prev) };
    } else if (
      sameSide &&
      prev.kind === 'selic' &&
      op.kind === 'selic' &&
      prev.info.rule === op.info.rule &&
      (prev.compoundFactor === undefined) === (op.compoundFactor === undefined)
    ) {
      const compoundFactor = prev.compoundFactor === undefined ? undefined : prev.compoundFactor.times(op.compoundFactor!);
      out[out.length - 1] = { ...prev, sumPct: prev.sumPct.plus(op.sumPct), compoundFactor, info: joined(prev) };
    } else {
      out.push(op);
    }
  }
  return out;
}

function opsOf(
  segment: Segment,
  context: CorrectionContext,
  rules: CorrectionRules,
  indices: IndexTables,
  config: CorrectionConfig,
): Result<Op[], CorrectionError> {
  const { period, inGrace } = segment;
  if (inGrace) {
    // R5.9: only correction inside graça (Tema 1335, SV 17); the 2 % only if configured (R5.10 [UNC]).
    if (period.correction === 'IPCA_2PCT' && config.ec136InterestInGrace) return ipca2Op(segment, rules, indices, config);
    const scale = scaleOp(segment, period.graceCorrection, rules, indices, config);
    return scale.ok ? ok([scale.value]) : scale;
  }
  switch (period.correction) {
    case 'IPCA_E':
    case 'TR':
    case 'MIXED': {
      const scale = scaleOp(segment, period.correction, rules, indices, config);
      if (!scale.ok) return scale;
      const interest = interestOp(segment, context, indices, config);
      if (!interest.ok) return interest;
      return ok(interest.value ? [scale.value, interest.value] : [scale.value]);
    }
    case 'SELIC':
      return selicOp(segment, indices, config);
    case 'IPCA_2PCT':
      return config.ec136Correction ? ipca2Op(segment, rules, indices, config) : selicOp(segment, indices, config);
  }
}

/** Cuts a run at the last published month (R5.2 `provisional`); a missing head is always an error. */
function clip(
  index: CumulativeIndex | undefined,
  name: IndexName,
  run: MonthRun,
  config: CorrectionConfig,
): Result<{ index: CumulativeIndex; run: MonthRun; provisional: boolean }, CorrectionError> {
  if (!index) return err({ kind: 'missing-series', series: name });
  if (run.last < run.first) return ok({ index, run, provisional: false });
  if (run.first < index.series.firstMonth) return err(outOfRange(index.series, run.first));
  if (run.last <= index.series.lastMonth) return ok({ index, run, provisional: false });
  if (config.unpublishedTail === 'ERROR') return err(outOfRange(index.series, run.last));
  return ok({ index, run: { first: run.first, last: index.series.lastMonth }, provisional: true });
}

function monthsIn(run: MonthRun): number {
  if (run.last < run.first) return 0;
  return (Number(run.last.slice(0, 4)) - Number(run.first.slice(0, 4))) * 12 + Number(run.last.slice(5, 7)) - Number(run.first.slice(5, 7)) + 1;
}

function info(segment: Segment, run: MonthRun, provisional: boolean): OpInfo {
  // Inside graça the governing rule is R5.9 (only correction), whatever the period's own rule.
  const rule = segment.inGrace ? 'R5.9' : segment.period.rule;
  return { phase: segment.phase, rule, run, months: monthsIn(run), inGrace: segment.inGrace, provisional };
}

const INDEX_OF: Readonly<Record<Exclude<GraceCorrection, 'MIXED'>, IndexName>> = { IPCA_E: 'ipca_e', IPCA: 'ipca', TR: 'tr' };

function scaleOp(
  segment: Segment,
  correction: GraceCorrection,
  rules: CorrectionRules,
  indices: IndexTables,
  config: CorrectionConfig,
): Result<Op, CorrectionError> {
  if (correction === 'MIXED') {
    // R5.11: a mixed month is a single rate month with a published pro-rata rate.
    assert(segment.run.first === segment.run.last, `mês misto deve ser um único mês (${segment.run.first}…${segment.run.last})`);
    const ratePct = rules.mixedMonthsPct[config.mixedMonthMethod].get(segment.run.first);
    if (ratePct === undefined) return err({ kind: 'missing-mixed-rate', month: segment.run.first, method: config.mixedMonthMethod });
    return ok({ kind: 'scale', info: info(segment, segment.run, false), label: 'IPCA-E/TR (mês misto)', factor: ONE.plus(ratePct.dividedBy(HUNDRED)) });
  }
  const name = INDEX_OF[correction];
  const clipped = clip(indices[name], name, segment.run, config);
  if (!clipped.ok) return clipped;
  const factor = factorOver(clipped.value.index, clipped.value.run);
  if (!factor.ok) return factor;
  return ok({ kind: 'scale', info: info(segment, clipped.value.run, clipped.value.provisional), label: INDEX_LABELS[name], factor: factor.value });
}

function interestOp(segment: Segment, context: CorrectionContext, indices: IndexTables, config: CorrectionConfig): Result<Op | undefined, CorrectionError> {
  switch (segment.period.interest) {
    case 'NONE':
      return ok(undefined);
    case 'PER_TITLE': {
      // R5.3: before 07/2009 the title fixes the rate; the engine does not guess it.
      const rate = context.interestPerTitlePctMonthly;
      if (rate === undefined) return err({ kind: 'interest-per-title-required', month: segment.run.first });
      const months = monthsIn(segment.run);
      return ok({ kind: 'interest', info: info(segment, segment.run, false), label: 'juros do título', sumPct: rate.times(months) });
    }
    case 'POUPANCA': {
      // R5.7: juros de mora = poupança interest part, simple: principal corrected × Σ rate.
      const clipped = clip(indices.juros_poupanca, 'juros_poupanca', segment.run, config);
      if (!clipped.ok) return clipped;
      const sum = sumPctOver(clipped.value.index, clipped.value.run);
      if (!sum.ok) return sum;
      return ok({ kind: 'interest', info: info(segment, clipped.value.run, clipped.value.provisional), label: INDEX_LABELS.juros_poupanca, sumPct: sum.value });
    }
  }
}

function selicOp(segment: Segment, indices: IndexTables, config: CorrectionConfig): Result<Op[], CorrectionError> {
  const clipped = clip(indices.selic, 'selic', segment.run, config);
  if (!clipped.ok) return clipped;
  const sum = sumPctOver(clipped.value.index, clipped.value.run);
  if (!sum.ok) return sum;
  let compoundFactor: Dec | undefined;
  if (config.selicMode === 'COMPOUND') {
    const factor = factorOver(clipped.value.index, clipped.value.run);
    if (!factor.ok) return factor;
    compoundFactor = factor.value;
  }
  return ok([{ kind: 'selic', info: info(segment, clipped.value.run, clipped.value.provisional), sumPct: sum.value, compoundFactor }]);
}

/** R5.10: IPCA and SELIC over the same months (both clipped to what both have published). */
function ipca2Op(segment: Segment, rules: CorrectionRules, indices: IndexTables, config: CorrectionConfig): Result<Op[], CorrectionError> {
  const ipca = clip(indices.ipca, 'ipca', segment.run, config);
  if (!ipca.ok) return ipca;
  const both = clip(indices.selic, 'selic', ipca.value.run, config);
  if (!both.ok) return both;
  const run = both.value.run;
  const factor = factorOver(ipca.value.index, run);
  if (!factor.ok) return factor;
  const selicSum = sumPctOver(both.value.index, run);
  if (!selicSum.ok) return selicSum;
  let monthly: { ipcaFactor: Dec; selicPct: Dec }[] | undefined;
  if (config.ec136CapMode === 'MONTHLY') {
    monthly = [];
    for (let m = run.first; m <= run.last; m = addMonths(m, 1)) {
      const month = { first: m, last: m };
      const f = factorOver(ipca.value.index, month);
      const s = sumPctOver(both.value.index, month);
      if (!f.ok) return f;
      if (!s.ok) return s;
      monthly.push({ ipcaFactor: f.value, selicPct: s.value });
    }
  }
  return ok([
    {
      kind: 'ipca2',
      info: info(segment, run, ipca.value.provisional || both.value.provisional),
      factor: factor.value,
      selicSumPct: selicSum.value,
      // The loader guarantees one rate per period run, and one from the first IPCA + 2 % month.
      interestPctPerYear: requireRuleInForce(rules.interestRates.ec136PctPerYear, firstDayOf(segment.run.first), 'juros EC 136').value,
      monthly,
    },
  ]);
}

/** Cumulates every series once (prefix tables), keyed by name. */
export function indexTablesOf(series: readonly IndexSeries[]): IndexTables {
  return Object.fromEntries(series.map((s) => [s.name, cumulate(s)]));
}
