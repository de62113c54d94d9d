import { type CorrectionEnv, type CorrectionRules, indexTablesOf } from '../domain/correction/index.ts';
import { INDEX_NAMES } from '../domain/indices/index-names.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import type { IndexStore } from '../indices/store.ts';
import type { IsoDate, YearMonth } from '../domain/dates.ts';
import { isoDate } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { Dec } from '../domain/money.ts';
import { splitPlaceable } from '../domain/queue/orderable.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { type Result, err, ok } from '../domain/result.ts';
import {
  type EnteFunding,
  type OpeningBalance,
  type Projection,
  type ProjectionRates,
  type Scenario,
  type SimulationConfig,
  type SimulatedPayment,
  type SimulationError,
  type StartBalances,
  projectEnte,
  runDateOf,
  publishedView,
} from '../domain/simulation/index.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { type Valuation, storedCorrectionEnv as registryCorrectionEnv, valuationKey, valuationsOn } from './liquidation.ts';
import { type FundingRow, fundingInForce, simulationInputOf } from '../storage/funding-store.ts';
import { ledgerOf } from '../storage/special-account-store.ts';
import { balancesByDate } from './special-account.ts';
import { type RclRow, rclRowsOf } from './ec136-plan.ts';
import { type Ec136Rules, ec136Limit, isEc136Problem } from '../domain/ec136/limit.ts';

/** What a projection reads from the registry about one ente. */
export interface SimulationInput {
  readonly ente: EnteDevedor;
  readonly precatorios: readonly Precatorio[];
  readonly funding: readonly FundingRow[];
  /** The deságio limit of the ente's latest acordo edital (R7.6), the projection's expected deságio unless the caller sets one. */
  readonly editalDesagio?: Dec | undefined;
  /** The special account's balances after each date with movements (R7.4), oldest first; the projection starts from them. */
  readonly accountBalances?: readonly { readonly data: IsoDate; readonly cronologica: string; readonly acordo: string }[] | undefined;
  /** The RCL staff registered per exercício (R7.8), for the EC 136 limit the projection follows. */
  readonly rcl?: readonly RclRow[] | undefined;
}

/** The registry's data for a projection of `enteId` (undefined when the ente does not exist). */
export async function simulationInput(db: Db, enteId: string): Promise<SimulationInput | undefined> {
  const input = await simulationInputOf(db, enteId, { withSeries: false });
  if (!input) return undefined;
  const { rows } = await db.query<{ desagio_max: string }>(
    'select desagio_max::text as desagio_max from acordo_editais where ente_id = $1 order by encerramento desc, id desc limit 1',
    [enteId],
  );
  return {
    ...input,
    editalDesagio: rows[0] ? new Dec(rows[0].desagio_max) : undefined,
    accountBalances: balancesByDate(await ledgerOf(db, enteId)),
    rcl: await rclRowsOf(db, enteId),
  };
}

/** What the caller decides; the registry supplies the rest (issue 15 §2: one projection for the API and `simular`). */
export interface RegistryProjectionRequest {
  readonly enteId: string;
  readonly from: YearMonth;
  readonly until: YearMonth;
  /**
   * The funding to project with. `inForce` is the registry's row in force on the first day of
   * `from` (undefined when the ente has none): callers stating their own, or adjusting that one
   * (RCL, EC 136 cap, new precatórios), return it; undefined refuses the projection.
   */
  readonly funding: (registry: {
    readonly ente: EnteDevedor;
    readonly precatorios: readonly Precatorio[];
    readonly inForce: EnteFunding | undefined;
    readonly rows: readonly FundingRow[];
  }) => EnteFunding | undefined;
  readonly scenario?: ((ente: EnteDevedor) => Scenario | undefined) | undefined;
  /** Undefined: balances are not corrected while they wait (and not brought to `from` either). */
  readonly rates: ProjectionRates | undefined;
  /**
   * `registro`: the registry as it is (staff, the CLI). `publicada`: only what the published list
   * of `publishedRun` shows (issue 15 §4: public projections reveal no personal date).
   */
  readonly view: 'registro' | 'publicada';
  readonly config: SimulationConfig;
  readonly eventsMax: number;
  /** Every simulated payment, in the order paid (the first month is what a payment run that day pays). */
  readonly onPayment?: ((payment: SimulatedPayment) => void) | undefined;
}

export type RegistryProjectionFailure =
  | { readonly kind: 'ente-desconhecido'; readonly enteId: string }
  | { readonly kind: 'sem-financiamento'; readonly enteId: string }
  | { readonly kind: 'simulacao'; readonly error: SimulationError };

export interface RegistryProjection {
  /** Stored precatórios the rules cannot place (impossible data): left out, as in the lists; callers say so. */
  readonly excluded: readonly { readonly numero: string; readonly reason: string }[];
  readonly ente: EnteDevedor;
  readonly funding: EnteFunding;
  readonly projection: Projection;
}

/**
 * The projection use case: reads the ente, its precatórios and funding rows from the registry,
 * settles the funding, and projects (domain/simulation). Registered balances are brought to `from`
 * with the stored index series when `rates` are given and series exist (`correction`).
 */
export async function projectFromRegistry(
  source: (enteId: string) => Promise<SimulationInput | undefined>,
  request: RegistryProjectionRequest,
  deps: {
    readonly rules: RuleBook;
    readonly publishedRun: IsoDate;
    readonly correction: () => Promise<CorrectionEnv | undefined>;
    /** The EC 136 tiers (data/rules): with them, a registered RCL sets the yearly limit the projection follows. */
    readonly ec136Rules: Ec136Rules;
    /** The payment run's valuation on the first run date (`startBalancesOf`); absent: the coefficient path only. */
    readonly startBalances?: StartBalancesSource | undefined;
  },
): Promise<Result<RegistryProjection, RegistryProjectionFailure>> {
  const input = await source(request.enteId);
  if (!input) return err({ kind: 'ente-desconhecido', enteId: request.enteId });
  const { placeable, excluded } = splitPlaceable(input.precatorios, deps.rules);
  const inForce = fundingInForce(input.ente.id, input.funding, isoDate(`${request.from}-01`));
  const asked = request.funding({ ente: input.ente, precatorios: placeable, inForce, rows: input.funding });
  if (!asked) return err({ kind: 'sem-financiamento', enteId: input.ente.id });
  // R7.6: acordos are expected at the registered edital's deságio limit unless the caller chose one.
  const withDesagio = asked.acordoDesagio === undefined && input.editalDesagio ? { ...asked, acordoDesagio: input.editalDesagio } : asked;
  // What the special account holds on the first run date is spent from the first month (R7.2).
  const opened = withDesagio.openingBalance
    ? withDesagio
    : { ...withDesagio, openingBalance: openingBalanceOn(input, runDateOf(request.from, request.config)) };
  // With no cap asked for, the EC 136 limit of the first year from the registered RCL (R7.8).
  const ec136 = opened.ec136CapPctOfRcl === undefined ? registeredEc136Limit(input, placeable, request.from, deps.ec136Rules) : undefined;
  const funding: EnteFunding = ec136
    ? {
        ...opened,
        ec136CapPctOfRcl: ec136.limit.limitShare.times(100),
        // Each later January the tier follows the projected stock (R7.8).
        ec136Reevaluation: { rules: deps.ec136Rules, stockInMora: ec136.stockInMora },
        rcl: opened.rcl ?? { baseYear: ec136.limit.year - 1, annualBrl: ec136.rcl.rcl, growthPctYear: new Dec(0) },
        ec136Source: `${ec136.limit.legalBasis}; RCL de ${ec136.rcl.exercicio} registrada (${ec136.rcl.fonte}), estoque/RCL ${ec136.limit.ratio.times(100).toDecimalPlaces(2).toString().replace('.', ',')} % (${ec136.stockSource})`,
      }
    : opened;
  const projection = projectEnte({
    ente: input.ente,
    precatorios: request.view === 'registro' ? placeable : publishedView(placeable, deps.publishedRun, deps.rules),
    funding,
    rules: deps.rules,
    from: request.from,
    until: request.until,
    rates: request.rates,
    correction: request.rates ? await deps.correction() : undefined,
    // The published view renames beneficiaries (issue 15 §4): only the registry's own view is valued by beneficiary.
    startBalances:
      request.rates && deps.startBalances && request.view === 'registro'
        ? await deps.startBalances(input.ente, placeable, runDateOf(request.from, request.config))
        : undefined,
    onPayment: request.onPayment,
    scenario: request.scenario?.(input.ente),
    config: request.config,
    eventsMax: request.eventsMax,
  });
  if (!projection.ok) return err({ kind: 'simulacao', error: projection.error });
  return ok({ excluded, ente: input.ente, funding, projection: projection.value });
}

/**
 * R7.8: the EC 136 yearly limit of `from`'s year from the RCL staff registered for the year before
 * and the stock in mora (the row's, else the registry's open balances at face value, as
 * app/ec136-plan.ts does); undefined without that RCL or before the limits begin.
 */
function registeredEc136Limit(input: SimulationInput, precatorios: readonly Precatorio[], from: YearMonth, rules: Ec136Rules) {
  const year = Number(from.slice(0, 4));
  const rcl = input.rcl?.find((r) => r.exercicio === year - 1);
  if (!rcl) return undefined;
  const registryStock = precatorios
    .filter((p) => p.status === 'ativo' || p.status === 'suspenso')
    .reduce((sum, p) => p.beneficiarios.reduce((s, b) => s.plus(b.valorBrl).minus(b.pagoBrl), sum), new Dec(0));
  const stockInMora = rcl.estoqueMora ?? registryStock;
  const limit = ec136Limit(rules, { year, rcl: rcl.rcl, stockInMora });
  if (isEc136Problem(limit)) return undefined;
  return { limit, rcl, stockInMora, stockSource: rcl.estoqueMora ? 'estoque registrado com a RCL' : 'estoque do registro pelo valor de face [UNC R7.8]' };
}

/** The last registered balances of the accounts on or before `runDate`; undefined when nothing was ever moved. */
function openingBalanceOn(input: SimulationInput, runDate: IsoDate): OpeningBalance | undefined {
  const last = input.accountBalances?.filter((b) => b.data <= runDate).at(-1);
  return last ? { date: last.data, chronological: new Dec(last.cronologica), acordos: new Dec(last.acordo) } : undefined;
}

/** The correction environment from the stored series; undefined when none were imported (a CLI run reads them once). */
export async function storedCorrectionEnv(store: IndexStore, rules: CorrectionRules): Promise<CorrectionEnv | undefined> {
  const series: IndexSeries[] = [];
  for (const name of INDEX_NAMES) {
    const s = await store.get(name);
    if (s) series.push(s);
  }
  return series.length === 0 ? undefined : { rules, indices: indexTablesOf(series) };
}

/** Values an ente's beneficiaries on a run date; undefined when they cannot all be liquidated that day. */
export type StartBalancesSource = (ente: EnteDevedor, precatorios: readonly Precatorio[], runDate: IsoDate) => Promise<StartBalances | undefined>;

/**
 * The simulation starts from what a payment run on its first run date would pay (issue 16 §1,
 * R6.1): each beneficiary's owed by A − B (R5.15) from the same `valuationsOn` the payment run
 * uses, and the superpreference already paid in money of each payment (R6.5). When the date
 * cannot be liquidated (an index month not yet published, say) the projection keeps the estimate
 * of `startCorrectionFrom` instead of failing: a projection is an estimate, a payment is not.
 */
export function startBalancesOf(db: Db, rules: RuleBook, correctionRules: CorrectionRules): StartBalancesSource {
  return async (ente, precatorios, runDate) => {
    const env = await registryCorrectionEnv(db, correctionRules);
    if (env === undefined) return undefined;
    let valuations: Map<string, Valuation>;
    try {
      valuations = await valuationsOn(db, { precatorios, ente, paidOn: runDate, rules, env, dateField: 'de' }, { enteId: ente.id });
    } catch (e) {
      if (e instanceof StoreError) return undefined;
      throw e;
    }
    return (p, b) => {
      const v = valuations.get(valuationKey(p.numero, b.id));
      return v?.kind === 'liquidado' ? { openBrl: v.owed.totalBrl, superprefPaidBrl: v.superprefPaidBrl } : undefined;
    };
  };
}
