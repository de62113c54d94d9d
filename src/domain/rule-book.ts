import type { Cf20Rule } from './rules/parcelamento-cf20.ts';
import type { Money } from './money.ts';
import type { BudgetYearRule, RequisitionMoment } from './rules/budget-year.ts';
import type { ChronologicalShareMinimum } from './rules/chronological-share.ts';
import type { TaxTables } from './rules/irrf.ts';
import type { RpvLaw } from './rules/rpv.ts';
import type { Timeline } from './rules/timeline.ts';
import type { Dec } from './money.ts';
import type { Esfera, Regime } from './ente.ts';

/**
 * Every dated legal parameter the core needs, handed in by the shell (which reads `data/rules/`).
 * The core never loads it itself: it has no I/O.
 */
export interface RuleBook {
  readonly budgetYearRules: Timeline<BudgetYearRule>;
  readonly requisitionMoments: Timeline<RequisitionMoment>;
  readonly salarioMinimo: Timeline<Money>;
  readonly tetoRgps: Timeline<Money>;
  /** RPV ceiling when the ente has no law of its own (R4.1). */
  readonly rpvDefaults: Readonly<Record<Esfera, Timeline<RpvLaw>>>;
  /** Superpreference cap as a multiple of the RPV ceiling (R3.3). */
  readonly superpreferenceMultipliers: Readonly<Record<Regime, Timeline<Dec>>>;
  /** Age from which a holder qualifies for the superpreference (R3.1, R3.2). */
  readonly superpreferenceAgeYears: Timeline<number>;
  /** Least fraction of the payment money that follows the chronological order (ADCT 102 caput, R7.5). */
  readonly chronologicalShareMinimum: Timeline<ChronologicalShareMinimum>;
  /** IRRF tables, PJ rates and previdência rates for the withholding of a liquidation (R6.7–R6.12). */
  readonly tax: TaxTables;
  /** R5.10: the simple interest of ADCT 97 §16 in % a.a., by date (correction-interest-rates.csv), for projections. */
  readonly ec136InterestPctPerYear: Timeline<Dec>;
  /** R7.10: the parcelamento of large precatórios (CF art. 100 §20), by the budget year's 1 January. */
  readonly parcelamentoCf20: Timeline<Cf20Rule>;
}
