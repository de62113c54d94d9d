import type { Regime } from '../ente.ts';
import { type Precatorio, saldoTotalSteps } from '../precatorio.ts';
import type { RuleBook } from '../rule-book.ts';
import { type Cf20Parcelamento, cf20HeldShare, cf20Parcelamentos } from '../rules/parcelamento-cf20.ts';
import { runToEnd } from '../steps.ts';
import { splitPlaceable } from './orderable.ts';
import { sortKeyOf } from './ordering.ts';

/**
 * R7.10 for one debtor's registry (CF art. 100 §20): its precatórios grouped by budget year, each
 * year's base and the ones above 15 % of it with their entrada and five parcels. The base counts
 * every precatório presented for the year, paid ones too ("montante dos precatórios apresentados"),
 * but not cancelled ones, nor those the rules cannot place; values are the requisitioned face
 * value [UNC: R7.10 `budgetValue`].
 */
export function parcelamentosOf(precatorios: readonly Precatorio[], rules: RuleBook): Cf20Parcelamento[] {
  const { placeable } = splitPlaceable(
    precatorios.filter((p) => p.status !== 'cancelado'),
    rules,
  );
  return parcelamentosOfRanked(
    placeable.map((p) => ({ item: p, key: sortKeyOf(p, rules) })),
    rules,
  );
}

/** `parcelamentosOf` on a list already ranked (its budget years known): the projection's queue. */
export function parcelamentosOfRanked(
  ranked: readonly { readonly item: Precatorio; readonly key: { readonly budgetYear: number } }[],
  rules: RuleBook,
): Cf20Parcelamento[] {
  const candidates = [];
  for (const { item, key } of ranked) {
    if (item.status !== 'cancelado') candidates.push({ numero: item.numero, budgetYear: key.budgetYear, valueBrl: item.valorRequisitadoBrl });
  }
  return cf20Parcelamentos(rules, candidates);
}

/**
 * Whether the §20 parcelamento holds back a debtor's list. §20 measures a precatório against the
 * precatórios "apresentados nos termos do § 5º", the budget of a regime geral debtor; a debtor in
 * regime especial pays its whole stock from the special account under ADCT 101 (R7.1), where the
 * §23 limits rule instead [UNC: PROV207 art. 7 lets pending §20 parcelamentos be re-adjusted].
 */
export function cf20HoldsList(regime: Regime): boolean {
  return regime === 'geral';
}

/**
 * numero → the share of its open balance the chronological list may not pay in `year`
 * (`cf20HeldShare`), for the parcelled precatórios still open; empty where §20 does not hold the
 * list. The face still open is the registry's Σ (valor − pago) of the beneficiaries.
 */
export function cf20ListHeldShares(regime: Regime, plans: readonly Cf20Parcelamento[], precatorios: readonly Precatorio[], year: number): Map<string, number> {
  const shares = new Map<string, number>();
  if (!cf20HoldsList(regime) || plans.length === 0) return shares;
  const byNumero = new Map(precatorios.map((p) => [p.numero, p]));
  for (const plan of plans) {
    const p = byNumero.get(plan.numero);
    if (!p || (p.status !== 'ativo' && p.status !== 'suspenso')) continue;
    const share = cf20HeldShareOf(plan, p, year);
    if (share > 0) shares.set(plan.numero, share);
  }
  return shares;
}

/** `cf20HeldShare` of one precatório in `year`, on the registry's face still open (Σ valor − pago). */
export function cf20HeldShareOf(plan: Cf20Parcelamento, p: Precatorio, year: number): number {
  return cf20HeldShare(plan, runToEnd(saldoTotalSteps(p, () => false)), year);
}
