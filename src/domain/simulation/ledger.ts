import { type IsoDate, type YearMonth, courtDateOf } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import type { Precatorio } from '../precatorio.ts';
import { assert } from '../result.ts';
import type { PaymentOrderOptions } from '../queue/payment-order.ts';
import { capKeyOf, eligibilityOf } from '../queue/superpreference.ts';
import { moneyToCents } from './cents.ts';
import { type SimulatedEntry, monthIndexOf } from './expected.ts';
import type { SimulationConfig, StartCorrection } from './types.ts';

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
  /** Interned (creditor, execution) cap key (R3.4, R3.6), −1 when never eligible. */
  readonly capKey: Int32Array;
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
}

export function buildLedger(input: LedgerInput): Ledger {
  const { ente, from, options } = input;
  const includesNotYetDue = options.superprefIncludesNotYetDue ?? ente.regime === 'especial';

  // R3.4: superpreference paid earlier counts against the cap, paid and cancelled precatórios included.
  const keyIds = new Map<string, number>();
  const usedByKey: number[] = [];
  const keyIdOf = (p: Precatorio, b: Precatorio['beneficiarios'][number]) => {
    const key = capKeyOf(p, b, options.superprefScope);
    let id = keyIds.get(key);
    if (id === undefined) {
      id = usedByKey.length;
      keyIds.set(key, id);
      usedByKey.push(0);
    }
    return id;
  };
  for (const { item: p } of input.entries) {
    for (const b of p.beneficiarios) if (!b.superpreferenciaPagaBrl.isZero()) usedByKey[keyIdOf(p, b)]! += moneyToCents(b.superpreferenciaPagaBrl);
  }

  const open = input.entries.filter((e) => e.item.status === 'ativo' || e.item.status === 'suspenso');
  const n = open.length;
  let m = 0;
  for (const e of open) m += e.item.beneficiarios.length;
  const benStart = new Int32Array(n + 1);
  const payableFrom = new Int32Array(n);
  const presentedAt = new Int32Array(n);
  const growthGroup = new Int32Array(n);
  const startCents = new Float64Array(n);
  const units = new Float64Array(m);
  const benPrecatorio = new Int32Array(m);
  const capKey = new Int32Array(m).fill(-1);
  const activation = new Int32Array(m).fill(NEVER);
  const trancheRank = new Float64Array(m);
  const factors: Float64Array[] = [];
  const groupOfYear = new Map<number, number>();
  let corrected = 0;
  let uncorrected = 0;
  let payableMonotone = true;
  let lastPayable = -NEVER;
  let k = 0;

  for (let j = 0; j < n; j++) {
    const { item: p, key } = open[j]!;
    const budgetYear = key.budgetYear;
    let group = groupOfYear.get(budgetYear);
    if (group === undefined) {
      group = factors.length;
      groupOfYear.set(budgetYear, group);
      factors.push(input.factorsFor(budgetYear));
    }
    growthGroup[j] = group;
    const presented = p.apresentacao.kind === 'registrada' ? Math.max(0, monthIndexOf(courtDateOf(p.apresentacao.apresentadoEm), from)) : 0;
    presentedAt[j] = presented;
    const budgetYearStart = Math.max(0, (budgetYear - Number(from.slice(0, 4))) * 12 - (Number(from.slice(5, 7)) - 1));
    // Regime geral pays a precatório in its budget year (CF art. 100 §5); regime especial pays the
    // whole stock from one pool, in list order (ADCT 101).
    const due = ente.regime === 'geral' ? Math.max(presented, budgetYearStart) : presented;
    payableFrom[j] = p.status === 'suspenso' ? NEVER : due;
    if (p.status !== 'suspenso') {
      if (due < lastPayable) payableMonotone = false;
      lastPayable = due;
    }
    const coefficient = input.startCorrection?.(p, ente, budgetYear);
    if (input.startCorrection) {
      if (coefficient === undefined) uncorrected++;
      else corrected++;
    }
    // R3.7 [UNC]: regime geral tranches only for budget years already due, unless configured.
    const trancheFrom = includesNotYetDue ? presented : Math.max(presented, budgetYearStart);
    benStart[j] = k;
    let total = 0;
    for (const b of p.beneficiarios) {
      const saldo = moneyToCents(b.valorBrl) - (b.pagoBrl.isZero() ? 0 : moneyToCents(b.pagoBrl));
      assert(saldo >= 0, `pago acima do valor em ${p.numero} (${b.id})`);
      // Half-up to the centavo: Math.round on a positive product.
      const start = coefficient === undefined ? saldo : Math.round(saldo * coefficient);
      units[k] = start;
      total += start;
      benPrecatorio[k] = j;
      if (p.status === 'ativo' && p.natureza === 'alimentar' && b.titularidade !== 'cessionario') {
        const eligibility = eligibilityOf(p, b, FAR_FUTURE);
        if (eligibility.eligible) {
          capKey[k] = keyIdOf(p, b);
          activation[k] = Math.max(trancheFrom, activationMonth(eligibility.since, from, input.config));
          trancheRank[k] = options.superprefOrder === 'BY_GRANT_DATE' ? Date.parse(eligibility.since) / 86_400_000 : 0;
        }
      }
      k++;
    }
    startCents[j] = total;
  }
  benStart[n] = k;
  return {
    entries: open,
    n,
    benStart,
    payableFrom,
    presentedAt,
    payableMonotone,
    growthGroup,
    factors,
    startCents,
    units,
    benPrecatorio,
    capKey,
    activation,
    trancheRank,
    capUsedCents: Float64Array.from(usedByKey),
    corrected,
    uncorrected,
  };
}

/**
 * First month whose payment run falls on or after `since` (R3.2: the condition counts from the
 * run date on which it holds). Runs are on the first or last day of the month ([UNC] `paymentRunDay`).
 */
function activationMonth(since: IsoDate, from: YearMonth, config: SimulationConfig): number {
  const index = monthIndexOf(since, from);
  const onTime = config.paymentRunDay === 'LAST' || since.endsWith('-01');
  return Math.max(0, onTime ? index : index + 1);
}
