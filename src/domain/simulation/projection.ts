import type { CorrectionEnv } from '../correction/index.ts';
import { type YearMonth, firstDayOf } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { Precatorio } from '../precatorio.ts';
import { type Result, ok } from '../result.ts';
import type { RuleBook } from '../rule-book.ts';
import { DEFAULT_PAYMENT_ORDER_OPTIONS, type PaymentOrderOptions } from '../queue/payment-order.ts';
import { cf20HoldsList, parcelamentosOfRanked } from '../queue/parcelamentos-cf20.ts';
import { chronologicalShareMinimum } from '../rules/chronological-share.ts';
import type { Cf20Parcelamento } from '../rules/parcelamento-cf20.ts';
import { superpreferenceAgeOn } from '../rules/superpreference-age.ts';
import { type ScenarioComparison, compareRuns } from './compare.ts';
import { NO_GROWTH, type ProjectionRates, projectedGrowth } from './growth.ts';
import { enteQueueOf } from './queue-input.ts';
import { type ProjectionAssumptions, assumptionsText } from './report.ts';
import { simulate } from './simulate.ts';
import { startCorrectionFrom } from './start-correction.ts';
import {
  DEFAULT_SIMULATION_CONFIG,
  type SimulatedPayment,
  type StartBalances,
  type EnteFunding,
  type EnteSimulation,
  type Scenario,
  type SimulationConfig,
  type SimulationError,
} from './types.ts';

export interface ProjectionRequest {
  readonly ente: EnteDevedor;
  readonly precatorios: readonly Precatorio[];
  readonly funding: EnteFunding;
  readonly rules: RuleBook;
  readonly from: YearMonth;
  readonly until: YearMonth;
  /** Undefined: balances do not grow (no correction at all). */
  readonly rates: ProjectionRates | undefined;
  /** Index data to bring registered balances to `from`; undefined when none was imported. */
  readonly correction: CorrectionEnv | undefined;
  /** The owed on the first run date per beneficiary (the payment run's valuation, R6.1); used with `rates` only. */
  readonly startBalances?: StartBalances | undefined;
  readonly onPayment?: ((payment: SimulatedPayment) => void) | undefined;
  readonly scenario?: Scenario | undefined;
  readonly config?: SimulationConfig | undefined;
  readonly paymentOrder?: PaymentOrderOptions | undefined;
  readonly eventsMax?: number | undefined;
}

export interface Projection {
  readonly baseline: EnteSimulation;
  readonly scenario: EnteSimulation | undefined;
  readonly comparison: ScenarioComparison | undefined;
  readonly scenarioName: string | null;
  /** In Portuguese, for the user: what the dates depend on. */
  readonly assumptions: readonly string[];
}

/**
 * One ente's projection as the CLI and the API show it: the baseline, and when a scenario is
 * given, the scenario run and the per-creditor comparison. Pure: the shell loads the data.
 */
export function projectEnte(request: ProjectionRequest): Result<Projection, SimulationError> {
  const config = request.config ?? DEFAULT_SIMULATION_CONFIG;
  const paymentOrder = request.paymentOrder ?? DEFAULT_PAYMENT_ORDER_OPTIONS;
  const growth = request.rates ? projectedGrowth(request.rates, request.rules) : NO_GROWTH;
  const startCorrection = request.rates && request.correction ? startCorrectionFrom(request.correction, request.from) : undefined;
  const queue = enteQueueOf(request.ente, request.precatorios, request.rules, paymentOrder);
  // R7.10: the registry's §20 parcelamentos hold back the list of a regime geral ente.
  const parcelamentosCf20 = cf20HoldsList(request.ente.regime) ? parcelamentosOfRanked(queue.ranked, request.rules) : [];
  const common = {
    from: request.from,
    until: request.until,
    rules: request.rules,
    growth,
    startCorrection,
    startBalances: request.rates ? request.startBalances : undefined,
    config,
    paymentOrder,
    eventsMax: request.eventsMax,
    parcelamentosCf20,
  };
  const baseline = simulate([queue], [request.funding], { ...common, onPayment: request.onPayment });
  if (!baseline.ok) return baseline;
  const run = request.scenario ? simulate([queue], [request.funding], { ...common, scenario: request.scenario }) : undefined;
  if (run && !run.ok) return run;
  const scenario = run?.value.entes[0];
  const comparison = run ? compareRuns(baseline.value, run.value) : undefined;
  const assumptions: ProjectionAssumptions = {
    growth: growth.description,
    startCorrection: !request.rates ? 'desligada' : request.correction ? 'aplicada' : 'sem-indices',
    config,
    funding: request.funding,
    ente: request.ente,
    shareMinimum: chronologicalShareMinimum(request.rules, firstDayOf(request.from)),
    superpreferenceAgeYears: superpreferenceAgeOn(request.rules, firstDayOf(request.from)),
    parcelados: parcelledOpen(parcelamentosCf20, baseline.value.entes[0]!),
  };
  return ok({
    baseline: baseline.value.entes[0]!,
    scenario,
    comparison,
    scenarioName: request.scenario?.name ?? null,
    assumptions: assumptionsText(assumptions),
  });
}

/** The parcelled precatórios still open at the start of the projection, in list order (named in its assumptions). */
function parcelledOpen(plans: readonly Cf20Parcelamento[], run: EnteSimulation): string[] {
  if (plans.length === 0) return [];
  const parcelled = new Set(plans.map((p) => p.numero));
  return run.projections.filter((p) => parcelled.has(p.numero)).map((p) => p.numero);
}
