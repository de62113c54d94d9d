import { type IsoDate, type YearMonth, daysInMonth, makeIsoDate } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { Precatorio } from '../precatorio.ts';
import { assert } from '../result.ts';
import type { PaymentOrderOptions } from '../queue/payment-order.ts';
import { eligibilityOf } from '../queue/superpreference.ts';
import { moneyToCents } from '../cents.ts';
import type { SimulatedEntry } from './expected.ts';
import type { SimulationConfig, StartBalances, StartCorrection } from './types.ts';

/** Month index meaning "never" (suspended precatórios, creditors with no superpreference). */
export const NEVER = 0x7fffffff;
/** Eligibility is evaluated once, for the earliest date any ground holds (R3.2). */
const FAR_FUTURE = '9999-12-31' as IsoDate;

/**
 * One ente's list laid out for the month loop: flat typed arrays in list order, beneficiaries of
 * precatório j at [benStart[j], benStart[j+1]). Balances are `units`: centavos at the first month,
 * so that a beneficiary's balance in month t is round(units × growth factor of month t). Built
 * once; the loop never touches a `Precatorio` or a Decimal.
 */
export interface Ledger {
  readonly entries: readonly SimulatedEntry[];
  readonly n: number;
  /** Copied from the entries in the one pass, so the output never walks the object graph again. */
  readonly numeros: readonly string[];
  readonly budgetYears: Int32Array;
  /** 1 alimentar, 0 comum. */
  readonly alimentar: Uint8Array;
  readonly suspended: Uint8Array;
  readonly expected: Uint8Array;
  readonly benStart: Int32Array;
  /** First month the chronological list may pay j (R3.8 step 2); NEVER for suspended ones. */
  readonly payableFrom: Int32Array;
  /** Month the precatório enters the stock (≤ 0 for registered ones). */
  readonly presentedAt: Int32Array;
  /** True when `payableFrom` never decreases along the list, so a scan may stop at the first one not yet payable. */
  readonly payableMonotone: boolean;
  /** Index into `factors`: precatórios of the same budget year grow alike. */
  readonly growthGroup: Int32Array;
  readonly factors: readonly Float64Array[];
  readonly startCents: Float64Array;
  readonly units: Float64Array;
  readonly benPrecatorio: Int32Array;
  /** Interned (creditor, execution) cap key (R3.4, R3.6); −1 until `resolveCapKey` is first asked. */
  readonly capKey: Int32Array;
  /** Interns beneficiary k's cap key (once) and returns it. */
  resolveCapKey(k: number): number;
  /** Month the beneficiary's tranche enters the superpreference list (R3.2, R3.7), NEVER if not. */
  readonly activation: Int32Array;
  /** Order among pending tranches (R3.7 [UNC] `superprefOrder`): list order or grant date. */
  readonly trancheRank: Float64Array;
  /** Superpreference already paid per cap key before the first month (R3.4). */
  readonly capUsedCents: Float64Array;
  readonly corrected: number;
  readonly uncorrected: number;
}

export interface LedgerInput {
  readonly ente: EnteDevedor;
  readonly entries: readonly SimulatedEntry[];
  readonly from: YearMonth;
  readonly months: number;
  readonly options: PaymentOrderOptions;
  readonly config: SimulationConfig;
  readonly factorsFor: (budgetYear: number) => Float64Array;
  readonly startCorrection: StartCorrection | undefined;
  /** The owed on the first run date per beneficiary (R6.1); where it answers, `startCorrection` is not used. */
  readonly startBalances?: StartBalances | undefined;
  /** The superpreference age in force over the whole horizon (rules/superpreference-age.ts `superpreferenceAgeFrom`). */
  readonly superpreferenceAgeYears: number;
}

export function buildLedger(input: LedgerInput): Ledger {
  const { ente, from, options } = input;
  const includesNotYetDue = options.superprefIncludesNotYetDue ?? ente.regime === 'especial';
  const fromIndex = monthIndexOfText(from);
  // R6.5: superpreference already paid counts at what was paid (the payment run's `superprefPaidOf`).
  const paidBefore = (p: Precatorio, b: Precatorio['beneficiarios'][number]) => input.startBalances?.(p, b)?.superprefPaidBrl ?? b.superpreferenciaPagaBrl;
  const capUsed = (p: Precatorio, b: Precatorio['beneficiarios'][number]) => {
    const id = capKeys.idOf(p, b);
    usedByKey[id] = (usedByKey[id] ?? 0) + moneyToCents(paidBefore(p, b));
  };
  const capKeys = new CapKeys(options.superprefScope);
  const usedByKey: number[] = [];
  // One pass over the entries (each precatório is touched once: at a million rows, memory reads,
  // not arithmetic, are the cost). Precatório arrays are sized for every entry; beneficiary
  // arrays grow by doubling.
  const capacity = input.entries.length;
  const open: SimulatedEntry[] = [];
  const benStart = new Int32Array(capacity + 1);
  const payableFrom = new Int32Array(capacity);
  const presentedAt = new Int32Array(capacity);
  const growthGroup = new Int32Array(capacity);
  const startCents = new Float64Array(capacity);
  const numeros: string[] = [];
  const budgetYears = new Int32Array(capacity);
  const alimentar = new Uint8Array(capacity);
  const suspended = new Uint8Array(capacity);
  const expected = new Uint8Array(capacity);
  let bens = new BeneficiaryColumns(Math.ceil(capacity * 1.25) + 16);
  const factors: Float64Array[] = [];
  const groupOfYear = new Map<number, number>();
  // AS_OF_START: grounds must already hold on the first run date (no future birthdays).
  const groundsBy = input.config.superpreferenceGrounds === 'AS_OF_START' ? firstRunDate(from, input.config) : FAR_FUTURE;
  const horizonEnd = input.config.superpreferenceGrounds === 'AS_OF_START' ? fromIndex : fromIndex + input.months;
  let corrected = 0;
  let uncorrected = 0;
  let payableMonotone = true;
  let lastPayable = -NEVER;
  let k = 0;
  let activated = 0;

  for (const entry of input.entries) {
    const p = entry.item;
    if (p.status !== 'ativo' && p.status !== 'suspenso') {
      // R3.4: superpreference paid earlier counts against the cap, paid and cancelled precatórios included.
      for (const b of p.beneficiarios) if (!b.superpreferenciaPagaBrl.isZero()) capUsed(p, b);
      continue;
    }
    const j = open.length;
    open.push(entry);
    const budgetYear = entry.key.budgetYear;
    numeros.push(p.numero);
    budgetYears[j] = budgetYear;
    alimentar[j] = p.natureza === 'alimentar' ? 1 : 0;
    suspended[j] = p.status === 'suspenso' ? 1 : 0;
    expected[j] = entry.expected === true ? 1 : 0;
    let group = groupOfYear.get(budgetYear);
    if (group === undefined) {
      group = factors.length;
      groupOfYear.set(budgetYear, group);
      factors.push(input.factorsFor(budgetYear));
    }
    growthGroup[j] = group;
    const presented = p.apresentacao.kind === 'registrada' ? Math.max(0, monthIndexOfText(p.apresentacao.apresentadoEm) - fromIndex) : 0;
    presentedAt[j] = presented;
    const budgetYearStart = Math.max(0, budgetYear * 12 - fromIndex);
    // Regime geral pays a precatório in its budget year (CF art. 100 §5); regime especial pays the
    // whole stock from one pool, in list order (ADCT 101).
    const due = ente.regime === 'geral' ? Math.max(presented, budgetYearStart) : presented;
    payableFrom[j] = p.status === 'suspenso' ? NEVER : due;
    if (p.status !== 'suspenso') {
      if (due < lastPayable) payableMonotone = false;
      lastPayable = due;
    }
    const liquidated = input.startBalances !== undefined && p.beneficiarios.some((b) => input.startBalances!(p, b) !== undefined);
    const coefficient = liquidated ? undefined : input.startCorrection?.(p, ente, budgetYear);
    if (input.startCorrection || input.startBalances) {
      if (liquidated || coefficient !== undefined) corrected++;
      else uncorrected++;
    }
    // R3.7 [UNC]: regime geral tranches only for budget years already due, unless configured.
    const trancheFrom = includesNotYetDue ? presented : Math.max(presented, budgetYearStart);
    const mayHaveTranche = p.status === 'ativo' && p.natureza === 'alimentar' && trancheFrom < input.months;
    benStart[j] = k;
    let total = 0;
    for (const b of p.beneficiarios) {
      if (k === bens.units.length) bens = bens.grown();
      const owed = input.startBalances?.(p, b);
      if (owed ? !owed.superprefPaidBrl.isZero() : !b.superpreferenciaPagaBrl.isZero()) capUsed(p, b);
      const saldo = moneyToCents(b.valorBrl) - (b.pagoBrl.isZero() ? 0 : moneyToCents(b.pagoBrl));
      if (saldo < 0) assert(false, `pago acima do valor em ${p.numero} (${b.id})`);
      // The owed on the first run date, as the payment run values it (R6.1, R5.15); else the open
      // face × the start coefficient, half-up to the centavo (Math.round on a positive product).
      const start = owed ? moneyToCents(owed.openBrl) : coefficient === undefined ? saldo : Math.round(saldo * coefficient);
      bens.units[k] = start;
      total += start;
      bens.precatorio[k] = j;
      if (mayHaveTranche && b.titularidade !== 'cessionario' && mayQualifyBefore(b, horizonEnd, input.superpreferenceAgeYears)) {
        const tranche = trancheStart(p, b, fromIndex, groundsBy, input.superpreferenceAgeYears, input.config, options.superprefOrder);
        const when = Math.max(trancheFrom, tranche.month);
        // A tranche beyond the horizon never enters the list. Its cap key is interned now, while
        // the beneficiary is at hand: asked later (`resolveCapKey`, first payment), the lookup went
        // back through the precatório, its beneficiaries and the creditor's text — memory reads that
        // cost 0.9 s of a million-precatório run. Beneficiaries with no tranche get none.
        if (when < input.months) {
          bens.capKey[k] = capKeys.idOf(p, b);
          bens.activation[k] = when;
          bens.rank[k] = tranche.rank;
          activated++;
        }
      }
      k++;
    }
    startCents[j] = total;
  }
  const n = open.length;
  benStart[n] = k;
  // Room for every key interned so far plus one per activated tranche (keys created later).
  const capUsedCents = new Float64Array(capKeys.size + activated);
  for (let id = 0; id < usedByKey.length; id++) capUsedCents[id] = usedByKey[id] ?? 0;
  const capKey = bens.capKey.subarray(0, k);
  const benPrecatorio = bens.precatorio.subarray(0, k);
  return {
    entries: open,
    n,
    numeros,
    budgetYears: budgetYears.subarray(0, n),
    alimentar: alimentar.subarray(0, n),
    suspended: suspended.subarray(0, n),
    expected: expected.subarray(0, n),
    benStart: benStart.subarray(0, n + 1),
    payableFrom: payableFrom.subarray(0, n),
    presentedAt: presentedAt.subarray(0, n),
    payableMonotone,
    growthGroup: growthGroup.subarray(0, n),
    factors,
    startCents: startCents.subarray(0, n),
    units: bens.units.subarray(0, k),
    benPrecatorio,
    capKey,
    resolveCapKey(bk) {
      const j = benPrecatorio[bk]!;
      const p = open[j]!.item;
      const id = capKeys.idOf(p, p.beneficiarios[bk - benStart[j]!]!);
      capKey[bk] = id;
      return id;
    },
    activation: bens.activation.subarray(0, k),
    trancheRank: bens.rank.subarray(0, k),
    capUsedCents,
    corrected,
    uncorrected,
  };
}

/** Beneficiary columns of the ledger, grown by doubling while the one pass fills them. */
class BeneficiaryColumns {
  readonly units: Float64Array;
  readonly precatorio: Int32Array;
  readonly capKey: Int32Array;
  readonly activation: Int32Array;
  readonly rank: Float64Array;

  constructor(capacity: number) {
    this.units = new Float64Array(capacity);
    this.precatorio = new Int32Array(capacity);
    this.capKey = new Int32Array(capacity).fill(-1);
    this.activation = new Int32Array(capacity).fill(NEVER);
    this.rank = new Float64Array(capacity);
  }

  grown(): BeneficiaryColumns {
    const next = new BeneficiaryColumns(this.units.length * 2);
    next.units.set(this.units);
    next.precatorio.set(this.precatorio);
    next.capKey.set(this.capKey);
    next.activation.set(this.activation);
    next.rank.set(this.rank);
    return next;
  }
}

/**
 * A cheap filter before `eligibilityOf`: can any ground (the age, illness, disability) hold before
 * the end of the horizon? Reads only the dates' digits; `eligibilityOf` still decides.
 */
function mayQualifyBefore(b: Precatorio['beneficiarios'][number], horizonEndIndex: number, ageYears: number): boolean {
  if (b.nascimento !== undefined && monthIndexOfText(b.nascimento) + ageYears * 12 <= horizonEndIndex) return true;
  if (b.doencaGraveDesde !== undefined && monthIndexOfText(b.doencaGraveDesde) <= horizonEndIndex) return true;
  return b.deficienciaDesde !== undefined && monthIndexOfText(b.deficienciaDesde) <= horizonEndIndex;
}

/**
 * Interns the (creditor, execution) cap keys of `capKeyOf` (R3.4, R3.6) as small integers. Same
 * partition as `capKeyOf`'s strings (a test checks it), without building a string per beneficiary:
 * most creditors hold one execution, so one map lookup by `credorId` usually answers.
 */
export class CapKeys {
  /** credorId → id of the first execution seen for that creditor (no object per entry). */
  readonly #byCredor = new Map<string, number>();
  /** Execution of each id, to tell a creditor's second execution from the first. */
  readonly #executionOf: string[] = [];
  /** Creditors with several executions: "credor NUL execution" → id (rare). */
  readonly #more = new Map<string, number>();

  constructor(private readonly scope: PaymentOrderOptions['superprefScope']) {}

  get size(): number {
    return this.#executionOf.length;
  }

  idOf(p: Precatorio, b: Precatorio['beneficiarios'][number]): number {
    // As capKeyOf: PER_EXECUTION counts by cumprimento de sentença (processoOrigem, else the número).
    const execution = this.scope === 'PER_EXECUTION' ? (p.processoOrigem ?? p.numero) : p.numero;
    const first = this.#byCredor.get(b.credorId);
    if (first === undefined) {
      this.#byCredor.set(b.credorId, this.#executionOf.length);
      this.#executionOf.push(execution);
      return this.#executionOf.length - 1;
    }
    if (this.#executionOf[first] === execution) return first;
    const key = `${b.credorId}\u0000${execution}`;
    let id = this.#more.get(key);
    if (id === undefined) {
      id = this.#executionOf.length;
      this.#more.set(key, id);
      this.#executionOf.push(execution);
    }
    return id;
  }
}

/** Months since year 0 of a 'YYYY-MM…' text, read from its digits (no substrings: called per precatório). */
export function monthIndexOfText(text: string): number {
  // No inner helper: under tsx every closure created here is also named at run time (esbuild's
  // keepNames), which cost more than the arithmetic at a million calls.
  const year = (text.charCodeAt(0) - 48) * 1000 + (text.charCodeAt(1) - 48) * 100 + (text.charCodeAt(2) - 48) * 10 + (text.charCodeAt(3) - 48);
  return year * 12 + (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48) - 1;
}

function firstRunDate(from: YearMonth, config: SimulationConfig): IsoDate {
  const year = Number(from.slice(0, 4));
  const month = Number(from.slice(5, 7));
  return makeIsoDate(year, month, config.paymentRunDay === 'FIRST' ? 1 : daysInMonth(year, month));
}

/**
 * When a beneficiary's tranche may start (R3.2) and its rank among tranches (R3.7). The common case,
 * age as the only ground with grounds checked on each run and the list order, is read from the
 * birth date's digits: the birthday at `ageYears` (60, R3.2) falls in the same month that many
 * years later (29 February → 28, still not day 1), exactly as `eligibilityOf` dates it; every other
 * case asks `eligibilityOf`.
 */
export function trancheStart(
  p: Precatorio,
  b: Precatorio['beneficiarios'][number],
  fromIndex: number,
  groundsBy: IsoDate,
  ageYears: number,
  config: SimulationConfig,
  order: PaymentOrderOptions['superprefOrder'],
): { readonly month: number; readonly rank: number } {
  const birth = b.nascimento;
  if (
    birth !== undefined &&
    b.doencaGraveDesde === undefined &&
    b.deficienciaDesde === undefined &&
    config.superpreferenceGrounds === 'AS_OF_RUN' &&
    order === 'QUEUE_ORDER'
  ) {
    const index = monthIndexOfText(birth) + ageYears * 12 - fromIndex;
    const onFirstDay = birth.charCodeAt(8) === 48 && birth.charCodeAt(9) === 49;
    return { month: Math.max(0, config.paymentRunDay === 'LAST' || onFirstDay ? index : index + 1), rank: 0 };
  }
  const eligibility = eligibilityOf(p, b, groundsBy, ageYears);
  if (!eligibility.eligible) return { month: NEVER, rank: 0 };
  return { month: activationMonth(eligibility.since, fromIndex, config), rank: order === 'BY_GRANT_DATE' ? Date.parse(eligibility.since) / 86_400_000 : 0 };
}

/**
 * First month whose payment run falls on or after `since` (R3.2: the condition counts from the
 * run date on which it holds). Runs are on the first or last day of the month ([UNC] `paymentRunDay`).
 */
function activationMonth(since: IsoDate, fromIndex: number, config: SimulationConfig): number {
  const index = monthIndexOfText(since) - fromIndex;
  const onTime = config.paymentRunDay === 'LAST' || since.endsWith('-01');
  return Math.max(0, onTime ? index : index + 1);
}
