import { type IsoDate, type YearMonth, addMonths, daysInMonth, differenceInCalendarMonths, firstDayOf, makeIsoDate, yearOf } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import { roundCents } from '../money.ts';
import { cf20HeldShareOf, cf20HoldsList } from '../queue/parcelamentos-cf20.ts';
import type { Cf20Parcelamento } from '../rules/parcelamento-cf20.ts';
import { type Result, err, ok } from '../result.ts';
import type { RuleBook } from '../rule-book.ts';
import { DEFAULT_PAYMENT_ORDER_OPTIONS, type PaymentOrderOptions } from '../queue/payment-order.ts';
import { chronologicalShareMinimum } from '../rules/chronological-share.ts';
import { superpreferenceCap, superpreferenceCapFor } from '../rules/rpv.ts';
import { superpreferenceAgeFrom } from '../rules/superpreference-age.ts';
import { moneyToCents } from '../cents.ts';
import { expectedPrecatorios, mergeIntoList } from './expected.ts';
import { fundingSchedule } from './funding.ts';
import { NO_GROWTH } from './growth.ts';
import { type Ledger, NEVER, buildLedger } from './ledger.ts';
import { type EnteRun, runEnte } from './run-ente.ts';
import { applyScenarioToList, scenarioExtrasByEnte, validateScenario } from './scenario.ts';
import {
  DEFAULT_SIMULATION_CONFIG,
  EVENTS_MAX,
  EVENTS_MAX_DEFAULT,
  type EnteFunding,
  type EnteQueue,
  type EnteSimulation,
  type GrowthModel,
  NEW_PRECATORIOS_PER_YEAR_MAX,
  type PrecatorioProjection,
  SIMULATION_ENTES_MAX,
  SIMULATION_MONTHS_MAX,
  SIMULATION_PRECATORIOS_MAX,
  type Scenario,
  type SimulationConfig,
  type SimulationError,
  type SimulationResult,
  type SimulatedPayment,
  type StartBalances,
  type StartCorrection,
  type YearTotals,
} from './types.ts';

export interface SimulateOptions {
  /** First simulated month (the "today" of the projection; the core has no clock). */
  readonly from: YearMonth;
  /** Last simulated month, inclusive. */
  readonly until: YearMonth;
  readonly rules: RuleBook;
  readonly scenario?: Scenario | undefined;
  /** Growth while waiting; default `NO_GROWTH` (use `projectedGrowth` for the real projection). */
  readonly growth?: GrowthModel | undefined;
  /** Correction of registered balances to `from`; default none (see `startCorrectionFrom`). */
  readonly startCorrection?: StartCorrection | undefined;
  /** The owed on the first run date, per beneficiary, as the payment run values it (R6.1); see `StartBalances`. */
  readonly startBalances?: StartBalances | undefined;
  /** Every payment to a beneficiary, in the order paid (to compare a month with a payment run). */
  readonly onPayment?: ((payment: SimulatedPayment) => void) | undefined;
  readonly paymentOrder?: PaymentOrderOptions | undefined;
  readonly config?: SimulationConfig | undefined;
  readonly eventsMax?: number | undefined;
  /**
   * The CF §20 parcelamentos of the registry (R7.10, queue/parcelamentos-cf20.ts `parcelamentosOf`):
   * in a regime geral ente the list pays a parcelled precatório only its parcels due by each
   * month's year. Expected new precatórios are never parcelled (their values are averages).
   */
  readonly parcelamentosCf20?: readonly Cf20Parcelamento[] | undefined;
}

/**
 * Projects, month by month and per ente (R2.1: lists never mix), when each precatório gets its
 * first payment and when it is fully paid, with totals per month and year and the events of the
 * run. Pure and deterministic: same input, same output. Funding is matched to queues by ente id.
 */
export function simulate(queues: readonly EnteQueue[], funding: readonly EnteFunding[], options: SimulateOptions): Result<SimulationResult, SimulationError> {
  const { from, until, rules } = options;
  if (differenceInCalendarMonths(until, from) < 0) return err({ kind: 'horizon-invalid', from, until });
  const months = differenceInCalendarMonths(until, from) + 1;
  if (months > SIMULATION_MONTHS_MAX) return err({ kind: 'horizon-too-long', months, max: SIMULATION_MONTHS_MAX });
  if (queues.length > SIMULATION_ENTES_MAX) return err({ kind: 'too-many-entes', count: queues.length, max: SIMULATION_ENTES_MAX });
  const count = queues.reduce((acc, q) => acc + q.ranked.length, 0) + (options.scenario?.extraPrecatorios?.length ?? 0);
  if (count > SIMULATION_PRECATORIOS_MAX) return err({ kind: 'too-many-precatorios', count, max: SIMULATION_PRECATORIOS_MAX });
  const scenarioCheck = validateScenario(options.scenario, queues);
  if (!scenarioCheck.ok) return scenarioCheck;
  // Expected new precatórios count against the same limit.
  const years = yearOf(until) - yearOf(from) + 1;
  let expectedCount = 0;
  for (const f of funding) expectedCount += ((options.scenario?.newPrecatorios ?? f.newPrecatorios)?.perYear ?? 0) * years;
  if (count + expectedCount > SIMULATION_PRECATORIOS_MAX)
    return err({ kind: 'too-many-precatorios', count: count + expectedCount, max: SIMULATION_PRECATORIOS_MAX });

  const config = options.config ?? DEFAULT_SIMULATION_CONFIG;
  // Dated legal parameters for the whole horizon: the chronological share's minimum is the one in
  // force when the projection starts (R7.5); the superpreference age must not change inside it.
  const firstDay = firstDayOf(from);
  if (rules.chronologicalShareMinimum[0]!.validFrom > firstDay || rules.superpreferenceAgeYears[0]!.validFrom > firstDay)
    return err({ kind: 'rules-unsupported', reason: `nenhuma parcela mínima da ordem cronológica ou idade da superpreferência vigente em ${from}` });
  const shareMinimum = chronologicalShareMinimum(rules, firstDay);
  const superpreferenceAgeYears = superpreferenceAgeFrom(rules, firstDay);
  if (superpreferenceAgeYears === undefined)
    return err({ kind: 'rules-unsupported', reason: `a idade da superpreferência muda depois de ${from}; a projeção data cada aniversário uma só vez` });
  const orderOptions = options.paymentOrder ?? DEFAULT_PAYMENT_ORDER_OPTIONS;
  const growth = options.growth ?? NO_GROWTH;
  const eventsMax = Math.min(options.eventsMax ?? EVENTS_MAX_DEFAULT, EVENTS_MAX);
  const monthText = Array.from({ length: months }, (_, t) => addMonths(from, t));
  const runDates = monthText.map((m) => runDateOf(m, config));
  // Growth depends only on the budget year (its graça, R5.9): computed once per year for all entes.
  const factorsByYear = new Map<number, Float64Array>();
  const factorsFor = (budgetYear: number) => {
    let factors = factorsByYear.get(budgetYear);
    if (!factors) factorsByYear.set(budgetYear, (factors = growth.factorsFor(budgetYear, from, months)));
    return factors;
  };
  const capsFor = capTable(runDates, rules, options.scenario);
  const fundingByEnte = new Map(funding.map((f) => [f.enteId, f]));
  const extras = scenarioExtrasByEnte(options.scenario);
  const cf20ByNumero = new Map((options.parcelamentosCf20 ?? []).map((plan) => [plan.numero, plan]));

  const entes: EnteSimulation[] = [];
  for (const queue of queues) {
    const enteFunding = fundingByEnte.get(queue.ente.id);
    if (!enteFunding) return err({ kind: 'missing-funding', enteId: queue.ente.id });
    const plan = options.scenario?.newPrecatorios ?? enteFunding.newPrecatorios;
    if (plan && (!Number.isInteger(plan.perYear) || plan.perYear < 0 || plan.perYear > NEW_PRECATORIOS_PER_YEAR_MAX)) {
      return err({ kind: 'invalid-funding', enteId: queue.ente.id, reason: `novos precatórios por ano fora de 0…${NEW_PRECATORIOS_PER_YEAR_MAX}` });
    }
    const added = [
      ...(plan ? expectedPrecatorios(queue.ente, plan, from, until).map((precatorio) => ({ precatorio, expected: true })) : []),
      ...(extras.get(queue.ente.id) ?? []).map((precatorio) => ({ precatorio, expected: false })),
    ];
    const entries = mergeIntoList(applyScenarioToList(queue.ranked, options.scenario), added, rules, orderOptions);
    const schedule = fundingSchedule(enteFunding, from, months, config, options.scenario?.fundingChangePct, shareMinimum);
    if (!schedule.ok) return schedule;
    const ledger = buildLedger({
      ente: queue.ente,
      entries,
      from,
      months,
      options: orderOptions,
      config,
      factorsFor,
      startCorrection: options.startCorrection,
      startBalances: options.startBalances,
      superpreferenceAgeYears,
    });
    const report = options.onPayment;
    const onPayment = report
      ? (t: number, kind: SimulatedPayment['kind'], k: number, amountCents: number) => {
          const j = ledger.benPrecatorio[k]!;
          const p = ledger.entries[j]!.item;
          report({ month: monthText[t]!, kind, numero: p.numero, beneficiarioId: p.beneficiarios[k - ledger.benStart[j]!]!.id, amountCents });
        }
      : undefined;
    const listHeldShare = cf20HoldsList(queue.ente.regime) ? listHeldByMonth(ledger, cf20ByNumero, monthText) : undefined;
    const run = runEnte({ ledger, schedule: schedule.value, capCents: capsFor(queue.ente), monthText, eventsMax, onPayment, listHeldShare });
    const projections = projectionsOf(queue.ente, ledger, run, monthText, from);
    entes.push({
      enteId: queue.ente.id,
      months: run.months,
      years: yearTotals(run, projections),
      projections,
      events: run.events,
      eventsTruncated: run.eventsTruncated,
      startCorrection: { corrected: ledger.corrected, uncorrected: ledger.uncorrected },
    });
  }
  return ok({ from, until, scenario: options.scenario?.name ?? null, growth: growth.description, entes });
}

/**
 * R7.10: list index → the share of its open balance the list may not pay, per month (the share of
 * the month's year, `cf20HeldShare` on the registry's face still open), for the parcelled
 * precatórios of the ledger; undefined when none is.
 */
function listHeldByMonth(ledger: Ledger, plans: ReadonlyMap<string, Cf20Parcelamento>, monthText: readonly YearMonth[]): Map<number, Float64Array> | undefined {
  if (plans.size === 0) return undefined;
  const held = new Map<number, Float64Array>();
  for (let j = 0; j < ledger.n; j++) {
    const plan = plans.get(ledger.numeros[j]!);
    if (!plan) continue;
    const byYear = new Map<number, number>();
    const shares = new Float64Array(monthText.length);
    for (let t = 0; t < monthText.length; t++) {
      const year = yearOf(monthText[t]!);
      let share = byYear.get(year);
      if (share === undefined) byYear.set(year, (share = cf20HeldShareOf(plan, ledger.entries[j]!.item, year)));
      shares[t] = share;
    }
    if (shares.some((x) => x > 0)) held.set(j, shares);
  }
  return held.size > 0 ? held : undefined;
}

/** [UNC] `paymentRunDay`: each month's run on its first or last day. */
export function runDateOf(month: YearMonth, config: SimulationConfig): IsoDate {
  const year = yearOf(month);
  const m = Number(month.slice(5, 7));
  return makeIsoDate(year, m, config.paymentRunDay === 'FIRST' ? 1 : daysInMonth(year, m));
}

/**
 * Superpreference cap per month (R3.3): 3× (geral) or 5× (especial) the RPV ceiling in force on the
 * run date; a scenario's new RPV ceiling replaces the law from its month on. Entes without their
 * own RPV law share the table of their sphere and regime.
 */
function capTable(runDates: readonly IsoDate[], rules: RuleBook, scenario: Scenario | undefined): (ente: EnteDevedor) => Float64Array {
  const cache = new Map<string, Float64Array>();
  return (ente) => {
    const key = ente.rpvLaws ? `ente:${ente.id}` : `${ente.esfera}|${ente.regime}`;
    let caps = cache.get(key);
    if (!caps) {
      caps = new Float64Array(runDates.length);
      for (let t = 0; t < runDates.length; t++) {
        const runDate = runDates[t]!;
        const override = scenario?.rpvCeiling && runDate.slice(0, 7) >= scenario.rpvCeiling.from ? scenario.rpvCeiling.amountBrl : undefined;
        const cap = override ? superpreferenceCapFor(override, ente.regime, runDate, rules) : superpreferenceCap(ente, runDate, rules);
        // A cap is a legal limit: cut down to the centavo.
        caps[t] = moneyToCents(roundCents(cap, 'down'));
      }
      cache.set(key, caps);
    }
    return caps;
  };
}

function projectionsOf(
  ente: EnteDevedor,
  ledger: ReturnType<typeof buildLedger>,
  run: EnteRun,
  monthText: readonly YearMonth[],
  from: YearMonth,
): PrecatorioProjection[] {
  const at = (t: number) => (t < 0 ? null : monthText[t]!);
  const out: PrecatorioProjection[] = new Array(ledger.n);
  for (let j = 0; j < ledger.n; j++) {
    const payable = ledger.payableFrom[j]!;
    out[j] = {
      numero: ledger.numeros[j]!,
      enteId: ente.id,
      position: j + 1,
      budgetYear: ledger.budgetYears[j]!,
      natureza: ledger.alimentar[j] === 1 ? 'alimentar' : 'comum',
      expected: ledger.expected[j] === 1,
      suspended: ledger.suspended[j] === 1,
      payableFrom: payable === NEVER ? null : payable < monthText.length ? monthText[payable]! : addMonths(from, payable),
      startBalanceCents: ledger.startCents[j]!,
      paidCents: run.paidCents[j]!,
      superpreferencePaidCents: run.superpreferencePaidCents[j]!,
      acordoPaidCents: run.acordoPaidCents[j]!,
      desagioCents: run.desagioCents[j]!,
      acordoMonth: at(run.acordoMonth[j]!),
      firstPaymentMonth: at(run.firstPayment[j]!),
      firstChronologicalMonth: at(run.firstChronological[j]!),
      fullPaymentMonth: at(run.fullPayment[j]!),
    };
  }
  return out;
}

function yearTotals(run: EnteRun, projections: readonly PrecatorioProjection[]): YearTotals[] {
  const fullyPaidByYear = new Map<number, number>();
  for (const p of projections) {
    if (p.fullPaymentMonth) fullyPaidByYear.set(yearOf(p.fullPaymentMonth), (fullyPaidByYear.get(yearOf(p.fullPaymentMonth)) ?? 0) + 1);
  }
  const years: YearTotals[] = [];
  for (const m of run.months) {
    const year = yearOf(m.month);
    let last = years.at(-1);
    if (!last || last.year !== year) {
      last = {
        year,
        inflowCents: 0,
        heldByCapCents: 0,
        acordosCents: 0,
        acordoPaidCents: 0,
        desagioCents: 0,
        paidCents: 0,
        superpreferencePaidCents: 0,
        stockEndCents: 0,
        fullyPaid: fullyPaidByYear.get(year) ?? 0,
      };
      years.push(last);
    }
    years[years.length - 1] = {
      ...last,
      inflowCents: last.inflowCents + m.inflowCents,
      heldByCapCents: last.heldByCapCents + m.heldByCapCents,
      acordosCents: last.acordosCents + m.acordosCents,
      acordoPaidCents: last.acordoPaidCents + m.acordoPaidCents,
      desagioCents: last.desagioCents + m.desagioCents,
      paidCents: last.paidCents + m.superpreferencePaidCents + m.chronologicalPaidCents + m.acordoPaidCents,
      superpreferencePaidCents: last.superpreferencePaidCents + m.superpreferencePaidCents,
      stockEndCents: m.stockCents,
    };
  }
  return years;
}
