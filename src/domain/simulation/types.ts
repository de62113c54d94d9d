import type { IsoDate, YearMonth } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { Dec, Money } from '../money.ts';
import type { Ec136Rules } from '../ec136/limit.ts';
import type { Beneficiario, Natureza, Precatorio } from '../precatorio.ts';
import type { Ranked } from '../queue/ordering.ts';

/**
 * Payment simulation (issue 6): inputs, outputs and limits.
 *
 * Amounts inside the simulation are integer centavos held in JS numbers (`…Cents`): every value is
 * bounded by `BALANCE_CENTS_MAX` and every sum by `Number.MAX_SAFE_INTEGER`, both asserted, so
 * additions and comparisons are exact. Conversion from and to `Money` happens at the edges.
 */

/** Limits on everything (design §8): a request past one is a typed error, never a hang. */
export const SIMULATION_MONTHS_MAX = 600; // 50 years
export const SIMULATION_PRECATORIOS_MAX = 2_000_000;
export const SIMULATION_ENTES_MAX = 1_000;
/** Expected new precatórios per ente and year (synthetic entries). */
export const NEW_PRECATORIOS_PER_YEAR_MAX = 20_000;
/** Scenario overrides per request. */
export const SCENARIO_ITEMS_MAX = 10_000;
export { BALANCE_CENTS_MAX } from '../cents.ts';
export const EVENTS_MAX_DEFAULT = 2_000;
export const EVENTS_MAX = 100_000;

/** One debtor's list (R2.1) as `orderQueue` returns it; paid/cancelled entries only feed the cap used (R3.4). */
export interface EnteQueue {
  readonly ente: EnteDevedor;
  readonly ranked: readonly Ranked<Precatorio>[];
}

/** Where the money of one ente comes from (the `funding` table). */
export type FundingSource =
  /** Regime geral: the annual dotação (CF art. 100 §5), paid during the budget year. */
  | { readonly kind: 'dotacao-anual'; readonly annualBrl: Money }
  /** Regime especial: a fixed monthly deposit into the special account (ADCT 101). */
  | { readonly kind: 'deposito-mensal'; readonly monthlyBrl: Money }
  /** Regime especial: 1/12 of a percentage of the RCL, every month (ADCT 101 caput). */
  | { readonly kind: 'percentual-rcl'; readonly pctOfRcl: Dec };

/** Receita corrente líquida: a base year's value, projected at a nominal growth rate. */
export interface RclProjection {
  readonly baseYear: number;
  readonly annualBrl: Money;
  readonly growthPctYear: Dec;
}

/** Expected new precatórios (optional): so the projection is not naïvely optimistic. */
export interface NewPrecatorios {
  readonly perYear: number;
  readonly totalBrlPerYear: Money;
  /** Fraction (0…1) of them that are alimentar. */
  readonly alimentarShare: Dec;
}

export interface OpeningBalance {
  readonly date: IsoDate;
  readonly chronological: Money;
  readonly acordos: Money;
}

export interface EnteFunding {
  readonly enteId: string;
  readonly source: FundingSource;
  /**
   * ADCT 102 caput: at least the legal minimum (rules/chronological-share.ts) of the resources go
   * to the chronological order; the rest may go to acordos diretos (R3.8 step 3). 1 = everything to the list.
   */
  readonly chronologicalShare: Dec;
  /** Nominal yearly growth of the dotação / fixed deposit (0 = constant in reais). */
  readonly growthPctYear: Dec;
  readonly rcl?: RclProjection | undefined;
  /** EC 136 (CF art. 100 §23): yearly payments capped at a % of the previous year's RCL. */
  readonly ec136CapPctOfRcl?: Dec | undefined;
  /**
   * R7.8 each January: with the tier table, the cap of every year after the first is the tier of
   * the stock in mora on 1 January ÷ the RCL of the year before, not the first year's percentage
   * (`ec136CapPctOfRcl`, then required). The stock is `stockInMora` (the first year's, as the limit
   * was computed) moved as the list's own projected stock moves — the other lists in the figure
   * are assumed to move alike [UNC R7.8 `stockScope`]. Undefined: the percentage holds every year.
   */
  readonly ec136Reevaluation?: { readonly rules: Ec136Rules; readonly stockInMora: Money } | undefined;
  /** Where the EC 136 cap came from, in words (the registered RCL and tier), when not typed by the user. */
  readonly ec136Source?: string | undefined;
  /**
   * The deságio the projection expects creditors called to an acordo direto to accept (a named
   * assumption, R7.6–R7.7): a fraction in [0, 0.40] with at most 4 decimals. Undefined: the legal
   * maximum of ADCT 102 §1 (`ADCT102_DESAGIO_MAX`), or the open edital's limit the caller passes.
   */
  readonly acordoDesagio?: Dec | undefined;
  /**
   * What the special account already holds when the projection starts (R7.2: the chronological and
   * the acordo accounts, from the registered ledger on the first run date): spent from the first
   * month like any deposit. Undefined: empty accounts.
   */
  readonly openingBalance?: OpeningBalance | undefined;
  readonly newPrecatorios?: NewPrecatorios | undefined;
}

/**
 * Conventions with no settled source ([UNC]), as named settings. Defaults in
 * `DEFAULT_SIMULATION_CONFIG`.
 */
export interface SimulationConfig {
  /** How the annual dotação reaches the court: twelve monthly transfers (duodécimos) or one lump in `lumpSumMonth`. */
  readonly dotacaoSchedule: 'DUODECIMOS' | 'PARCELA_UNICA';
  /** 1…12, used with `PARCELA_UNICA`. */
  readonly lumpSumMonth: number;
  /** Day of the month on which each monthly payment run happens (age and grants are checked on it, R3.2). */
  readonly paymentRunDay: 'FIRST' | 'LAST';
  /**
   * Which superpreference grounds count (R3.2): those holding on each run date, so creditors who
   * turn 60 while waiting join the list (`AS_OF_RUN`, the rule); or only those holding on the first
   * run (`AS_OF_START`), for public projections: a future tranche would reveal when a named
   * creditor turns 60, that is, their birth month. `PUBLISHED`: checked on each run like `AS_OF_RUN`,
   * over a registry the caller reduced to the published list (`publishedView`, public API): only
   * today's list and the scenario's own grants count.
   */
  readonly superpreferenceGrounds: 'AS_OF_RUN' | 'AS_OF_START' | 'PUBLISHED';
}

export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = {
  dotacaoSchedule: 'DUODECIMOS',
  lumpSumMonth: 1,
  paymentRunDay: 'FIRST',
  superpreferenceGrounds: 'AS_OF_RUN',
};

/**
 * How balances grow while they wait: for credits of `budgetYear`, the factor that carries an
 * amount from `from` to month `from + t` (factors[0] = 1, length `months`). The graça of the budget
 * year shows up here (R5.9). Built by `projectedGrowth` or `NO_GROWTH`.
 */
export interface GrowthModel {
  readonly description: string;
  factorsFor(budgetYear: number, from: YearMonth, months: number): Float64Array;
}

/**
 * Brings a precatório's registered balance (money of its data-base, R5.1) to the first simulated
 * month: a coefficient ≥ 0 to multiply the balance by, or undefined when it cannot be corrected
 * (the balance is then used as registered and counted in `startCorrection.uncorrected`).
 */
export type StartCorrection = (precatorio: Precatorio, ente: EnteDevedor, budgetYear: number) => number | undefined;

/**
 * What a payment run on the first simulated run date would value one beneficiary at (R6.1, R5.15):
 * the owed on that date by A − B (app/liquidation.ts `valuationsOn`, the same function the payment
 * run uses) and the superpreference already paid in money of each payment (R6.5). Given, it
 * replaces `StartCorrection` for that beneficiary, so the first month pays what the run pays;
 * undefined keeps the coefficient path.
 */
export type StartBalances = (precatorio: Precatorio, beneficiario: Beneficiario) => { readonly openBrl: Money; readonly superprefPaidBrl: Money } | undefined;

/** One payment of a simulated month, as a payment run would list it (issue 16 §1: same items, same order). */
export interface SimulatedPayment {
  readonly month: YearMonth;
  /** `acordo`: an acordo direto settled the beneficiary for this amount (R7.7). */
  readonly kind: 'superpreferencia' | 'cronologica' | 'acordo';
  readonly numero: string;
  readonly beneficiarioId: string;
  readonly amountCents: number;
}

export interface SuperpreferenceGrantOverride {
  readonly numero: string;
  /** Undefined: the precatório's first beneficiary who is not a cessionário (`granteeOf`). */
  readonly beneficiarioId?: string | undefined;
  readonly ground: 'doenca-grave' | 'deficiencia';
  readonly since: IsoDate;
}

/** What-if overrides; everything not named stays as in the baseline. */
export interface Scenario {
  readonly name: string;
  /** Deposit / dotação level change, percent (−100 < x ≤ 1000): +10 = 10 % more money every month. */
  readonly fundingChangePct?: Dec | undefined;
  readonly superpreferenceGrants?: readonly SuperpreferenceGrantOverride[] | undefined;
  /** A new RPV ceiling (law change, R4.2) from a month on: moves the superpreference cap (R3.3). */
  readonly rpvCeiling?: { readonly amountBrl: Money; readonly from: YearMonth } | undefined;
  readonly extraPrecatorios?: readonly Precatorio[] | undefined;
  /** Replaces the expected new precatórios per year of every ente simulated. */
  readonly newPrecatorios?: NewPrecatorios | undefined;
}

export interface SimulationEvent {
  readonly month: YearMonth;
  readonly kind: 'superpreferencia' | 'pagamento-parcial' | 'quitacao' | 'acordo' | 'teto-ec136-atingido';
  readonly numero: string | null;
  readonly amountCents: number;
}

export interface PrecatorioProjection {
  readonly numero: string;
  readonly enteId: string;
  /** 1-based place in the simulated list (existing and expected precatórios together). */
  readonly position: number;
  readonly budgetYear: number;
  readonly natureza: Natureza;
  /** A synthetic expected precatório (`NewPrecatorios`), not a registered one. */
  readonly expected: boolean;
  readonly suspended: boolean;
  /** Month from which the chronological list may pay it (presentation; in regime geral, its budget year); null when suspended. */
  readonly payableFrom: YearMonth | null;
  readonly startBalanceCents: number;
  readonly paidCents: number;
  readonly superpreferencePaidCents: number;
  /** Part of `paidCents` paid by acordos diretos (R7.7), and what the creditors renounced in them (the deságio). */
  readonly acordoPaidCents: number;
  readonly desagioCents: number;
  /** First month an acordo settled a beneficiary of it; null = none within the horizon. */
  readonly acordoMonth: YearMonth | null;
  /** First payment of any kind; null = not within the horizon. */
  readonly firstPaymentMonth: YearMonth | null;
  /** First payment by the chronological list (not a superpreference tranche). */
  readonly firstChronologicalMonth: YearMonth | null;
  /** Month the balance reaches zero; null = beyond the horizon. */
  readonly fullPaymentMonth: YearMonth | null;
}

export interface MonthTotals {
  readonly month: YearMonth;
  /** Money that arrived this month (after the scenario change and the EC 136 cap). */
  readonly inflowCents: number;
  /** Held back by the EC 136 cap this month (never deposited). */
  readonly heldByCapCents: number;
  /** This month's acordo share (R7.5), into the acordo account. */
  readonly acordosCents: number;
  /**
   * The acordo account (R7.7 1: acordos are paid from it only): paid to the creditors called, the
   * deságio they renounced, and what stays for next month. Last month's left + acordosCents =
   * acordoPaidCents + acordoUnspentCents (asserted).
   */
  readonly acordoPaidCents: number;
  readonly desagioCents: number;
  readonly acordoUnspentCents: number;
  /** Carried from last month + this month's chronological share. */
  readonly availableCents: number;
  readonly superpreferencePaidCents: number;
  readonly chronologicalPaidCents: number;
  /** Left in the account, carried to the next month. available = paid + unspent (asserted). */
  readonly unspentCents: number;
  /** Open balance of the list after this month's payments, corrected to this month. */
  readonly stockCents: number;
  readonly openPrecatorios: number;
}

export interface YearTotals {
  readonly year: number;
  readonly inflowCents: number;
  readonly heldByCapCents: number;
  readonly acordosCents: number;
  readonly acordoPaidCents: number;
  readonly desagioCents: number;
  /** Everything paid this year: superpreference, chronological list and acordos. */
  readonly paidCents: number;
  readonly superpreferencePaidCents: number;
  readonly stockEndCents: number;
  readonly fullyPaid: number;
}

export interface EnteSimulation {
  readonly enteId: string;
  readonly months: readonly MonthTotals[];
  readonly years: readonly YearTotals[];
  readonly projections: readonly PrecatorioProjection[];
  readonly events: readonly SimulationEvent[];
  readonly eventsTruncated: boolean;
  readonly startCorrection: { readonly corrected: number; readonly uncorrected: number };
}

export interface SimulationResult {
  readonly from: YearMonth;
  readonly until: YearMonth;
  readonly scenario: string | null;
  readonly growth: string;
  readonly entes: readonly EnteSimulation[];
}

export type SimulationError =
  | { readonly kind: 'horizon-invalid'; readonly from: YearMonth; readonly until: YearMonth }
  | { readonly kind: 'horizon-too-long'; readonly months: number; readonly max: number }
  | { readonly kind: 'too-many-precatorios'; readonly count: number; readonly max: number }
  | { readonly kind: 'too-many-entes'; readonly count: number; readonly max: number }
  | { readonly kind: 'missing-funding'; readonly enteId: string }
  | { readonly kind: 'invalid-funding'; readonly enteId: string; readonly reason: string }
  | { readonly kind: 'invalid-scenario'; readonly reason: string }
  /** The dated rules cannot serve the horizon as one (data/rules: none in force, or a change inside it). */
  | { readonly kind: 'rules-unsupported'; readonly reason: string }
  | { readonly kind: 'amount-too-large'; readonly numero: string };
