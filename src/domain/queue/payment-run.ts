import { yearOf } from '../dates.ts';
import type { Regime } from '../ente.ts';
import { DEFAULT_LIQUIDATION_CONFIG, type LiquidationConfig } from '../liquidation/config.ts';
import type { ItemLiquidation } from '../liquidation/liquidate.ts';
import { shareAmongBeneficiaries } from '../liquidation/share.ts';
import { type Money, ZERO, minMoney } from '../money.ts';
import { saldoOf } from '../precatorio.ts';
import { assert } from '../result.ts';
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

/**
 * Whether the chronological list may pay this entry in this run. Suspended precatórios keep their
 * place but are skipped. Regime geral pays a precatório in its budget year (CF art. 100 §5), so
 * later budget years wait; regime especial pays the whole stock from one pool, in list order
 * (ADCT 101) — the same reading as the simulation's ledger.
 */
/** The beneficiary's open balance the order was built with (face when the order gives none). */
const openOf = (entry: ChronologicalEntry, i: number): Money => entry.openBrl?.[i] ?? saldoOf(entry.item.beneficiarios[i]!);

export function isPayableInRun(entry: ChronologicalEntry, regime: Regime, runYear: number): boolean {
  if (entry.item.status !== 'ativo') return false;
  return regime === 'especial' || entry.key.budgetYear <= runYear;
}

/**
 * Spends `availableBrl` (whole cents, ≥ 0) on `order`. A chronological payment that cannot cover a
 * precatório's whole remainder is split among its beneficiaries (R2.9: every share keeps the
 * precatório's single position) as R6.4 `multiBeneficiaryPartial` says — by default in proportion
 * to what each is owed, in centavos by the largest remainder, so no cent is lost.
 */
export function planPaymentRun(
  order: PaymentOrder,
  regime: Regime,
  availableBrl: Money,
  multiBeneficiaryPartial: LiquidationConfig['multiBeneficiaryPartial'] = DEFAULT_LIQUIDATION_CONFIG.multiBeneficiaryPartial,
): PaymentRunPlan {
  assert(!availableBrl.isNegative() && availableBrl.times(100).isInteger(), `valor disponível inválido: ${availableBrl.toString()}`);
  const runYear = yearOf(order.runDate);
  const key = (numero: string, beneficiarioId: string) => `${numero}\u0000${beneficiarioId}`;
  const trancheOf = new Map<string, Money>();
  for (const t of order.superpreference)
    trancheOf.set(key(t.numero, t.beneficiarioId), (trancheOf.get(key(t.numero, t.beneficiarioId)) ?? ZERO).plus(t.amountBrl));
  const balance = new Map<string, Money>();
  for (const e of order.chronological) {
    for (const [i, b] of e.item.beneficiarios.entries()) balance.set(key(e.item.numero, b.id), openOf(e, i));
  }

  const payable = order.chronological.filter((e) => isPayableInRun(e, regime, runYear));
  const payableBrl = [...order.superpreference.map((t) => t.amountBrl), ...payable.map((e) => e.remainderBrl)].reduce<Money>((a, x) => a.plus(x), ZERO);

  const items: PaymentRunItem[] = [];
  let left = availableBrl;
  const pay = (kind: PaymentRunKind, numero: string, beneficiarioId: string, amountBrl: Money, position: number, chronologicalPosition: number) => {
    const k = key(numero, beneficiarioId);
    const after = balance.get(k)!.minus(amountBrl);
    assert(!after.isNegative(), `pagamento acima do saldo em ${numero} (${beneficiarioId})`);
    balance.set(k, after);
    items.push({ kind, numero, beneficiarioId, amountBrl, position, chronologicalPosition, balanceAfterBrl: after });
    left = left.minus(amountBrl);
  };

  // Step 1 (R3.8): the tranches, in the superpreference list's order; the last one reached may be cut.
  for (const t of order.superpreference) {
    if (left.isZero()) break;
    pay('superpreferencia', t.numero, t.beneficiarioId, minMoney(t.amountBrl, left), t.position, t.chronologicalPosition);
  }
  // Step 2: the chronological list, reached only once every tranche is paid in full.
  for (const entry of payable) {
    if (left.isZero()) break;
    if (entry.remainderBrl.isZero()) continue;
    const p = entry.item;
    const remainders = p.beneficiarios.map((b, i) => openOf(entry, i).minus(trancheOf.get(key(p.numero, b.id)) ?? ZERO));
    const shares = shareAmongBeneficiaries(minMoney(left, entry.remainderBrl), remainders, multiBeneficiaryPartial);
    p.beneficiarios.forEach((b, i) => {
      if (!shares[i]!.isZero()) pay('cronologica', p.numero, b.id, shares[i]!, entry.position, entry.position);
    });
  }

  const paidBrl = availableBrl.minus(left);
  const reached = new Map<string, ChronologicalEntry>();
  for (const e of order.chronological) reached.set(e.item.numero, e);
  const openAfter = (numero: string) => reached.get(numero)!.item.beneficiarios.reduce<Money>((a, b) => a.plus(balance.get(key(numero, b.id))!), ZERO);
  const touched = [...new Set(items.map((i) => i.numero))];
  const settled = touched.filter((n) => openAfter(n).isZero());
  const last = items.at(-1);
  const partial =
    last && left.isZero() && !openAfter(last.numero).isZero()
      ? { numero: last.numero, chronologicalPosition: last.chronologicalPosition, remainingBrl: openAfter(last.numero) }
      : undefined;
  return { enteId: order.enteId, runDate: order.runDate, availableBrl, payableBrl, paidBrl, leftoverBrl: left, items, settled, partial };
}
