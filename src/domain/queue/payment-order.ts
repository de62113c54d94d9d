import type { IsoDate } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import { type Money, ZERO } from '../money.ts';
import { type Beneficiario, type Precatorio, saldoOf } from '../precatorio.ts';
import { assert } from '../result.ts';
import type { RuleBook } from '../rule-book.ts';
import { superpreferenceCap } from '../rules/rpv.ts';
import { superpreferenceAgeOn } from '../rules/superpreference-age.ts';
import { DEFAULT_ORDERING_OPTIONS, type OrderingOptions, type Ranked, orderQueue } from './ordering.ts';
import { type SuperpreferenceGround, type SuperpreferenceScope, capKeyOf, eligibilityOf, trancheAmount } from './superpreference.ts';

export interface PaymentOrderOptions extends OrderingOptions {
  readonly superprefScope: SuperpreferenceScope;
  /** R3.7 [UNC]: tranches in list order (default) or by the date the ground was acquired. */
  readonly superprefOrder: 'QUEUE_ORDER' | 'BY_GRANT_DATE';
  /**
   * R3.7 [UNC]: whether precatórios of budget years after the run's year get tranches. Default
   * (undefined): yes in regime especial (one pool, "todos os anos"), no in regime geral.
   */
  readonly superprefIncludesNotYetDue?: boolean | undefined;
  /**
   * Each beneficiary's open balance on the run date. Default: the registered face balance
   * (valor − pago). A payment run passes what is owed on its date (R6.1, domain/liquidation), so
   * tranches and remainders are measured on the updated value (R6.5).
   */
  readonly openBalanceOf?: ((p: Precatorio, b: Beneficiario) => Money) | undefined;
  /** Superpreference already paid (R6.5: in money of each payment). Default: `superpreferenciaPagaBrl`. */
  readonly superprefPaidOf?: ((p: Precatorio, b: Beneficiario) => Money) | undefined;
}

export const DEFAULT_PAYMENT_ORDER_OPTIONS: PaymentOrderOptions = {
  ...DEFAULT_ORDERING_OPTIONS,
  superprefScope: 'PER_EXECUTION',
  superprefOrder: 'QUEUE_ORDER',
};

export interface ChronologicalEntry extends Ranked<Precatorio> {
  /** Open balance of the whole precatório. */
  readonly saldoBrl: Money;
  /**
   * Open balance of each beneficiary, in the order of `item.beneficiarios` (`openBalanceOf`);
   * absent (the live order builds entries itself) means the face balance, `saldoOf`.
   */
  readonly openBrl?: readonly Money[] | undefined;
  /** Part of the balance that goes to the superpreference list in this run. */
  readonly superpreferenceBrl: Money;
  /** What stays here, in the original position (Res. 303 art. 9 §5, R2.8). */
  readonly remainderBrl: Money;
}

export interface SuperpreferenceTranche {
  /** 1-based place in the superpreference list. */
  readonly position: number;
  readonly numero: string;
  readonly chronologicalPosition: number;
  readonly budgetYear: number;
  readonly beneficiarioId: string;
  readonly ground: SuperpreferenceGround;
  readonly groundSince: IsoDate;
  readonly amountBrl: Money;
}

export interface PaymentOrder {
  readonly enteId: string;
  readonly runDate: IsoDate;
  /** Per-creditor superpreference cap in force on the run date (R3.3). */
  readonly superpreferenceCapBrl: Money;
  readonly chronological: readonly ChronologicalEntry[];
  readonly superpreference: readonly SuperpreferenceTranche[];
}

/**
 * The two lists of one debtor for a payment run on `runDate` (R2, R3.8): the separate
 * superpreference list of capped tranches, paid first, and the chronological list in which each
 * precatório keeps its position with what remains. Paid and cancelled precatórios leave the list;
 * suspended ones keep their place but get no tranche.
 */
export function buildPaymentOrder(
  precatorios: readonly Precatorio[],
  ente: EnteDevedor,
  runDate: IsoDate,
  rules: RuleBook,
  options: PaymentOrderOptions = DEFAULT_PAYMENT_ORDER_OPTIONS,
): PaymentOrder {
  for (const p of precatorios) {
    assert(p.enteId === ente.id, `precatório ${p.numero} não pertence ao ente ${ente.id}`);
  }
  const capBrl = superpreferenceCap(ente, runDate, rules);
  const openOf = options.openBalanceOf ?? ((_: Precatorio, b: Beneficiario) => saldoOf(b));
  const ageYears = superpreferenceAgeOn(rules, runDate);
  const includesNotYetDue = options.superprefIncludesNotYetDue ?? ente.regime === 'especial';
  const runYear = Number(runDate.slice(0, 4));

  // Cap already used by earlier superpreference payments, per creditor and execution (R3.4, R3.6).
  const capUsed = new Map<string, Money>();
  for (const p of precatorios) {
    for (const b of p.beneficiarios) {
      const key = capKeyOf(p, b, options.superprefScope);
      capUsed.set(key, (capUsed.get(key) ?? ZERO).plus(options.superprefPaidOf ? options.superprefPaidOf(p, b) : b.superpreferenciaPagaBrl));
    }
  }

  const open = precatorios.filter((p) => p.status === 'ativo' || p.status === 'suspenso');
  const ranked = orderQueue(open, rules, options);
  const candidates: Omit<SuperpreferenceTranche, 'position'>[] = [];
  const superprefByNumero = new Map<string, Money>();
  for (const { item: p, key, position } of ranked) {
    if (p.status !== 'ativo' || (!includesNotYetDue && key.budgetYear > runYear)) continue;
    for (const b of p.beneficiarios) {
      const eligibility = eligibilityOf(p, b, runDate, ageYears);
      if (!eligibility.eligible) continue;
      const capKey = capKeyOf(p, b, options.superprefScope);
      const amountBrl = trancheAmount(b, capBrl, capUsed.get(capKey) ?? ZERO, openOf(p, b));
      if (amountBrl.isZero()) continue;
      capUsed.set(capKey, (capUsed.get(capKey) ?? ZERO).plus(amountBrl));
      superprefByNumero.set(p.numero, (superprefByNumero.get(p.numero) ?? ZERO).plus(amountBrl));
      candidates.push({
        numero: p.numero,
        chronologicalPosition: position,
        budgetYear: key.budgetYear,
        beneficiarioId: b.id,
        ground: eligibility.ground,
        groundSince: eligibility.since,
        amountBrl,
      });
    }
  }
  if (options.superprefOrder === 'BY_GRANT_DATE') {
    // Stable sort: equal dates keep the list order.
    candidates.sort((a, b) => (a.groundSince < b.groundSince ? -1 : a.groundSince > b.groundSince ? 1 : 0));
  }

  const chronological = ranked.map((entry): ChronologicalEntry => {
    const openBrl = entry.item.beneficiarios.map((b) => openOf(entry.item, b));
    const saldoBrl = openBrl.reduce<Money>((acc, x) => acc.plus(x), ZERO);
    const superpreferenceBrl = superprefByNumero.get(entry.item.numero) ?? ZERO;
    return { ...entry, saldoBrl, openBrl, superpreferenceBrl, remainderBrl: saldoBrl.minus(superpreferenceBrl) };
  });
  return {
    enteId: ente.id,
    runDate,
    superpreferenceCapBrl: capBrl,
    chronological,
    superpreference: candidates.map((t, index) => ({ ...t, position: index + 1 })),
  };
}
