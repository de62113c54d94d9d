import { centsToMoney, moneyToCents } from '../cents.ts';
import { yearOf } from '../dates.ts';
import type { Regime } from '../ente.ts';
import { DEFAULT_LIQUIDATION_CONFIG, type LiquidationConfig } from '../liquidation/config.ts';
import type { ItemLiquidation } from '../liquidation/liquidate.ts';
import { Dec, type Money, ZERO, minMoney } from '../money.ts';
import { saldoOf } from '../precatorio.ts';
import { assert } from '../result.ts';
import { type AllocationBook, PAY, SKIP, walkAllocation } from './allocation-walk.ts';
import type { ChronologicalEntry, PaymentOrder } from './payment-order.ts';

/**
 * A staff payment run ("rodada de pagamento"): an amount available on a date, spent on one
 * debtor's lists in the legal order (R3.8) — first the superpreference tranches (R3.7 order, each
 * already capped by `buildPaymentOrder`, R3.3), then the chronological list (R2.2), each
 * precatório's remainder in its original position (R2.8). Pure: which beneficiary gets how much.
 */
export type PaymentRunKind = 'superpreferencia' | 'cronologica';

export interface PaymentRunItem {
  readonly kind: PaymentRunKind;
  readonly numero: string;
  readonly beneficiarioId: string;
  readonly amountBrl: Money;
  /** Place in the list this payment comes from: superpreference position or chronological position. */
  readonly position: number;
  readonly chronologicalPosition: number;
  /** The beneficiary's open balance after this payment. */
  readonly balanceAfterBrl: Money;
  /** Set by the use case once the payment is liquidated on its date (domain/liquidation, R6.1). */
  readonly liquidation?: ItemLiquidation | undefined;
}

export interface PaymentRunPlan {
  readonly enteId: string;
  readonly runDate: PaymentOrder['runDate'];
  readonly availableBrl: Money;
  /** What the run would pay with unlimited money: every tranche plus every payable remainder. */
  readonly payableBrl: Money;
  /** Σ items = min(available, payable), to the cent. */
  readonly paidBrl: Money;
  readonly leftoverBrl: Money;
  readonly items: readonly PaymentRunItem[];
  /** Precatórios whose whole open balance this run pays (they leave the list). */
  readonly settled: readonly string[];
  /** The last precatório reached when the money ran out, paid in part: it keeps its position (R2.8). */
  readonly partial: { readonly numero: string; readonly chronologicalPosition: number; readonly remainingBrl: Money } | undefined;
  /** Set by the use case: precatórios paid at face value, not liquidated, and why (no data-base, no indices). */
  readonly faceValued?: readonly { readonly numero: string; readonly motivo: string }[] | undefined;
}

/** The beneficiary's open balance the order was built with (face when the order gives none). */
const openOf = (entry: ChronologicalEntry, i: number): Money => entry.openBrl?.[i] ?? saldoOf(entry.item.beneficiarios[i]!);

/**
 * Whether the chronological list may pay this entry in this run. Suspended precatórios keep their
 * place but are skipped. Regime geral pays a precatório in its budget year (CF art. 100 §5), so
 * later budget years wait; regime especial pays the whole stock from one pool, in list order
 * (ADCT 101) — the same reading as the simulation's ledger.
 */
export function isPayableInRun(entry: ChronologicalEntry, regime: Regime, runYear: number): boolean {
  if (entry.item.status !== 'ativo') return false;
  return regime === 'especial' || entry.key.budgetYear <= runYear;
}

/**
 * The walk counts in integer centavos in JS numbers, exact up to 2^53 − 1 (R$ 90 trilhões): the
 * debtor's whole open balance must fit, so every sum the walk makes does. A registry can hold more
 * (16 integer digits per value); such a run is refused, naming the total, before anything is written.
 */
const RUN_CENTS_MAX = Number.MAX_SAFE_INTEGER;

export function paymentRunOutOfRange(order: PaymentOrder): string | undefined {
  const open = order.chronological.reduce<Money>((a, e) => a.plus(e.saldoBrl), ZERO);
  if (open.times(100).lessThanOrEqualTo(RUN_CENTS_MAX)) return undefined;
  return `o saldo em aberto do ente (R$ ${open.toFixed(2)}) passa do maior valor que a rodada conta ao centavo (R$ ${new Dec(RUN_CENTS_MAX).dividedBy(100).toFixed(2)})`;
}

/**
 * Spends `availableBrl` (whole cents, ≥ 0) on `order` through the one allocation walk
 * (allocation-walk.ts, R3.8), the same the simulation's month loop takes. A chronological payment
 * that cannot cover a precatório's whole remainder is split among its beneficiaries (R2.9: every
 * share keeps the precatório's single position) as R6.4 `multiBeneficiaryPartial` says — by default
 * in proportion to what each is owed, in centavos by the largest remainder, so no cent is lost.
 * `listHeldShare` (numero → share of the open balance, rules/parcelamento-cf20.ts `cf20HeldShare`)
 * holds back the parcels of a CF §20 parcelamento not yet due (R7.10): the list pays what is due
 * and goes on to the next precatório; superpreference tranches are not held.
 */
export function planPaymentRun(
  order: PaymentOrder,
  regime: Regime,
  availableBrl: Money,
  multiBeneficiaryPartial: LiquidationConfig['multiBeneficiaryPartial'] = DEFAULT_LIQUIDATION_CONFIG.multiBeneficiaryPartial,
  listHeldShare: ReadonlyMap<string, number> = new Map(),
): PaymentRunPlan {
  assert(!availableBrl.isNegative() && availableBrl.times(100).isInteger(), `valor disponível inválido: ${availableBrl.toString()}`);
  const outOfRange = paymentRunOutOfRange(order);
  assert(outOfRange === undefined, outOfRange ?? '');
  const toCents = (amount: Money) => moneyToCents(amount, RUN_CENTS_MAX);
  const runYear = yearOf(order.runDate);
  const { chronological, superpreference } = order;

  // The lists in centavos, beneficiaries flattened in list order (the walk's indices).
  const benStart = new Int32Array(chronological.length + 1);
  const balance: number[] = [];
  /** R7.10: what the list may not pay yet, fixed on the balance before this run's payments. */
  const held: number[] = [];
  const precatorioOf: number[] = [];
  const indexOf = new Map<string, number>();
  const key = (numero: string, beneficiarioId: string) => `${numero}\u0000${beneficiarioId}`;
  chronological.forEach((e, j) => {
    benStart[j] = balance.length;
    const share = listHeldShare.get(e.item.numero) ?? 0;
    e.item.beneficiarios.forEach((b, i) => {
      indexOf.set(key(e.item.numero, b.id), balance.length);
      const open = toCents(openOf(e, i));
      balance.push(open);
      held.push(share > 0 ? Math.round(open * share) : 0);
      precatorioOf.push(j);
    });
  });
  benStart[chronological.length] = balance.length;
  const trancheOwner = superpreference.map((t) => indexOf.get(key(t.numero, t.beneficiarioId))!);
  const listOwed = (k: number) => Math.max(0, balance[k]! - held[k]!);

  // What the run would pay with unlimited money: every tranche, then what the list may pay of each
  // payable balance after them (a held part, R7.10, stays owed).
  const trancheOf = new Map<number, number>();
  superpreference.forEach((t, i) => {
    trancheOf.set(trancheOwner[i]!, (trancheOf.get(trancheOwner[i]!) ?? 0) + toCents(t.amountBrl));
  });
  let payableCents = 0;
  for (const amount of trancheOf.values()) payableCents += amount;
  chronological.forEach((e, j) => {
    if (!isPayableInRun(e, regime, runYear)) return;
    for (let k = benStart[j]!; k < benStart[j + 1]!; k++) payableCents += Math.max(0, balance[k]! - (trancheOf.get(k) ?? 0) - held[k]!);
  });
  const payableBrl = centsToMoney(payableCents);

  const items: PaymentRunItem[] = [];
  /** Precatórios this run pays, by list index, in the order first paid. */
  const touched = new Set<number>();
  let lastJ = -1;
  const pay = (kind: PaymentRunKind, j: number, k: number, amountCents: number, position: number, chronologicalPosition: number) => {
    const after = balance[k]! - amountCents;
    const p = chronological[j]!.item;
    assert(after >= 0, `pagamento acima do saldo em ${p.numero}`);
    balance[k] = after;
    touched.add(j);
    lastJ = j;
    const beneficiarioId = p.beneficiarios[k - benStart[j]!]!.id;
    items.push({
      kind,
      numero: p.numero,
      beneficiarioId,
      amountBrl: centsToMoney(amountCents),
      position,
      chronologicalPosition,
      balanceAfterBrl: centsToMoney(after),
    });
  };
  let next = 0;
  const book: AllocationBook = {
    firstTranche: () => (next < superpreference.length ? trancheOwner[next]! : -1),
    // Already capped by `buildPaymentOrder` on the owed of the date (R3.3, R6.5).
    trancheCents: () => toCents(superpreference[next]!.amountBrl),
    closeTranche: () => next++,
    payTranche: (k, amountCents) => {
      const t = superpreference[next]!;
      pay('superpreferencia', precatorioOf[k]!, k, amountCents, t.position, t.chronologicalPosition);
    },
    benStart,
    precatorioCount: chronological.length,
    firstOpen: () => 0,
    payability: (j) => (isPayableInRun(chronological[j]!, regime, runYear) ? PAY : SKIP),
    owedCents: (k) => balance[k]!,
    listOwedCents: listOwed,
    payShare: (j, k, amountCents) => pay('cronologica', j, k, amountCents, chronological[j]!.position, chronological[j]!.position),
    paidPrecatorio: () => undefined,
  };
  // The walk never pays more than the lists take: the rest is left over, counted in Decimal.
  walkAllocation(book, toCents(minMoney(availableBrl, payableBrl)), multiBeneficiaryPartial);

  const paidBrl = items.reduce<Money>((a, i) => a.plus(i.amountBrl), ZERO);
  const left = availableBrl.minus(paidBrl);
  const openAfter = (j: number) => {
    let open = 0;
    for (let k = benStart[j]!; k < benStart[j + 1]!; k++) open += balance[k]!;
    return open;
  };
  const settled = [...touched].filter((j) => openAfter(j) === 0).map((j) => chronological[j]!.item.numero);
  const last = items.at(-1);
  const partial =
    last && left.isZero() && openAfter(lastJ) > 0
      ? { numero: last.numero, chronologicalPosition: last.chronologicalPosition, remainingBrl: centsToMoney(openAfter(lastJ)) }
      : undefined;
  return { enteId: order.enteId, runDate: order.runDate, availableBrl, payableBrl, paidBrl, leftoverBrl: left, items, settled, partial };
}
