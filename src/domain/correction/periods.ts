import { type IsoDate, type YearMonth, addMonths, monthOf } from '../dates.ts';
import type { Esfera } from '../ente.ts';
import type { Dec } from '../money.ts';
import type { RequisitionMoment } from '../rules/budget-year.ts';
import type { Timeline } from '../rules/timeline.ts';

/**
 * What corrects a rate month outside the período de graça (R5.3 table):
 * IPCA-E (R5.6), TR (R5.5, modulated only), a pro-rata MIXED month (R5.11), SELIC (R5.8, R5.13),
 * IPCA + 2 % a.a. capped by SELIC (R5.10).
 */
export type PeriodCorrection = 'IPCA_E' | 'TR' | 'MIXED' | 'SELIC' | 'IPCA_2PCT';
/** Interest on top of the correction: per title (before 07/2009), poupança (R5.7) or none (SELIC/EC 136 include it). */
export type PeriodInterest = 'PER_TITLE' | 'POUPANCA' | 'NONE';
/** Correction only, inside graça (R5.9): SELIC becomes IPCA-E up to 2025-07 and IPCA from 2025-08. */
export type GraceCorrection = 'IPCA_E' | 'IPCA' | 'TR' | 'MIXED';

export interface CorrectionPeriod {
  readonly correction: PeriodCorrection;
  readonly interest: PeriodInterest;
  readonly graceCorrection: GraceCorrection;
  /** Spec rule ID shown in the memory (`R5.8`). */
  readonly rule: string;
}

/**
 * One dated table per kind of credit (data/rules/correction-periods.csv). Modulated precatórios
 * (R5.5) and tax ones (R5.13) get their own tables instead of `if`s in the engine.
 */
export const CORRECTION_TABLES = [
  'estadual_municipal',
  'estadual_municipal_modulada',
  'estadual_municipal_tributario',
  'estadual_municipal_tributario_modulada',
  'federal',
  'federal_tributario',
] as const;
export type CorrectionTableName = (typeof CORRECTION_TABLES)[number];

/** R5.11 `mixedMonthMethod`: which published pro-rata value the two mixed months take. */
export type MixedMonthMethod = 'GM_NPM' | 'BUSINESS_DAYS';

/** Dated legal data the engine needs, handed in by the shell (the core has no I/O). */
export interface CorrectionRules {
  readonly tables: Readonly<Record<CorrectionTableName, Timeline<CorrectionPeriod>>>;
  /** Mixed-month rates in percent, by method and month (R5.11). */
  readonly mixedMonthsPct: Readonly<Record<MixedMonthMethod, ReadonlyMap<YearMonth, Dec>>>;
  /** For the período de graça of a budget year (R5.9, R1.4). */
  readonly requisitionMoments: Timeline<RequisitionMoment>;
  /** Interest rates fixed by law (data/rules/correction-interest-rates.csv). */
  readonly interestRates: InterestRates;
  /** R5.5: last day of expedição whose credit keeps TR (data/rules/correction-modulation.csv). */
  readonly modulationLastDay: IsoDate;
}

/**
 * `jurosPoupancaPctPerMonth`: the poupança interest part while the law fixed it (R5.7, Lei 8.177/1991
 * art. 12 II: 0,5 % a.m.); `undefined` from the row where it follows the SELIC (Lei 12.703/2012) and
 * comes from published series. `ec136PctPerYear`: the simple interest of ADCT 97 §16 (R5.10: 2 % a.a.).
 */
export interface InterestRates {
  readonly jurosPoupancaPctPerMonth: Timeline<Dec | undefined>;
  readonly ec136PctPerYear: Timeline<Dec>;
}

/** Picks the table of a credit: federal has no TR stretch (R5.12); tax credits follow R5.13. */
export function tableFor(esfera: Esfera, tributario: boolean, modulated: boolean): CorrectionTableName {
  if (esfera === 'uniao') return tributario ? 'federal_tributario' : 'federal';
  if (tributario) return modulated ? 'estadual_municipal_tributario_modulada' : 'estadual_municipal_tributario';
  return modulated ? 'estadual_municipal_modulada' : 'estadual_municipal';
}

/**
 * R5.5: the ADI 4357/4425 modulation kept TR for precatórios expedidos (default trigger) up to the
 * rule's last day (25/03/2015, `correction-modulation.csv`). A credit with no expedição date is not
 * modulated: nothing shows it was expedido before the cut.
 */
export function isModulated(p: { readonly expedidoEm?: IsoDate | undefined }, rules: Pick<CorrectionRules, 'modulationLastDay'>): boolean {
  return p.expedidoEm !== undefined && p.expedidoEm <= rules.modulationLastDay;
}

/** A timeline row as a rate month run: from its own month to the month before the next row. */
export interface PeriodRun {
  readonly first: YearMonth;
  /** Undefined for the last row (in force with no end). */
  readonly last: YearMonth | undefined;
  readonly period: CorrectionPeriod;
}

export function periodRuns(table: Timeline<CorrectionPeriod>): PeriodRun[] {
  return table.map((row, i) => {
    const next = table[i + 1];
    return { first: monthOf(row.validFrom), last: next ? addMonths(monthOf(next.validFrom), -1) : undefined, period: row.value };
  });
}

/**
 * The rate months poupança interest is charged in, in any table (R5.7: from Lei 11.960/2009, 07/2009,
 * until EC 113 replaced it by SELIC, 11/2021): read from correction-periods.csv, not restated.
 */
export function poupancaInterestWindow(rules: CorrectionRules): { readonly first: YearMonth; readonly last: YearMonth } {
  const runs = Object.values(rules.tables).flatMap((table) => periodRuns(table).filter((run) => run.period.interest === 'POUPANCA'));
  if (runs.length === 0 || runs.some((run) => run.last === undefined))
    throw new Error('data/rules/correction-periods.csv: os juros da poupança precisam de um período com fim');
  const first = runs.reduce((a, run) => (run.first < a ? run.first : a), runs[0]!.first);
  const last = runs.reduce((a, run) => (run.last! > a ? run.last! : a), runs[0]!.last!);
  return { first, last };
}
