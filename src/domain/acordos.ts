import type { IsoDate } from './dates.ts';
import { Dec, type Money, ZERO, roundCents } from './money.ts';

/**
 * Acordos diretos (money-movements.md R7.6, R7.7; ADCT 102 §1; Lei PA 7.482/2010 art. 3º): the
 * edital's limits, a habilitação's checks and the call of the habilitados in list order. Pure.
 */

/**
 * R7.6 [UNC]: the legal cap on the deságio for acordos of the regime especial — ADCT 102 §1
 * ("redução máxima de 40% … do valor do crédito atualizado"; TJPR-DJ86 art. 46 II). An edital may
 * set a lower limit, never a higher one.
 */
export const ADCT102_DESAGIO_MAX = new Dec('0.40');

export interface Edital {
  readonly abertura: IsoDate;
  readonly encerramento: IsoDate;
  /** Maximum deságio accepted in this edital, a fraction in [0, ADCT102_DESAGIO_MAX]. */
  readonly desagioMax: Dec;
}

const pct = (d: Dec) => `${d.times(100).toDecimalPlaces(4).toString().replace('.', ',')} %`;

/** Why an edital cannot be opened (field, Portuguese reason), or undefined. */
export function editalProblem(e: Edital, cap: Dec = ADCT102_DESAGIO_MAX): { campo: string; motivo: string } | undefined {
  if (e.encerramento < e.abertura) return { campo: 'encerramento', motivo: `o encerramento (${e.encerramento}) é anterior à abertura (${e.abertura})` };
  if (e.desagioMax.isNegative() || e.desagioMax.greaterThan(cap))
    return { campo: 'desagioMaximo', motivo: `deságio máximo ${pct(e.desagioMax)} fora do permitido: entre 0 % e ${pct(cap)} (ADCT art. 102 §1º, R7.6)` };
  return undefined;
}

/** Why a habilitação on `date` with `desagio` is refused by the edital (R7.6, R7.7), or undefined. */
export function habilitacaoProblem(e: Edital, date: IsoDate, desagio: Dec): { campo: string; motivo: string } | undefined {
  if (date < e.abertura || date > e.encerramento)
    return { campo: 'data', motivo: `habilitação em ${date} fora do prazo do edital (${e.abertura} a ${e.encerramento}, R7.7)` };
  if (desagio.isNegative()) return { campo: 'desagio', motivo: `deságio negativo (${pct(desagio)})` };
  if (desagio.greaterThan(e.desagioMax))
    return { campo: 'desagio', motivo: `deságio de ${pct(desagio)} acima do limite do edital (${pct(e.desagioMax)}, R7.6)` };
  return undefined;
}

/** The acordo on a credit owed `owedBrl`: paid = owed × (1 − deságio) to the cent (half-up); the rest is renounced (R7.7 2). */
export function acordoAmounts(owedBrl: Money, desagio: Dec): { paidBrl: Money; renouncedBrl: Money } {
  const paidBrl = roundCents(owedBrl.times(new Dec(1).minus(desagio)), 'half-up');
  return { paidBrl, renouncedBrl: owedBrl.minus(paidBrl) };
}

export interface Candidate<K> {
  readonly key: K;
  readonly owedBrl: Money;
  readonly desagio: Dec;
}

export interface CallPlan<K> {
  readonly acordos: readonly (Candidate<K> & { readonly paidBrl: Money; readonly renouncedBrl: Money })[];
  /** The first habilitado the balance did not cover: the call stops there (R7.7), nobody after is called. */
  readonly stoppedAt: (Candidate<K> & { readonly paidBrl: Money }) | undefined;
  readonly remainingBrl: Money;
}

/**
 * R7.7: the habilitados (already in the original chronological order) are called one by one; each
 * acordo covers the whole credit (TJPR-DJ86 art. 47 §1 — no partial acordo), and the next creditor
 * is called only when the earlier one's conciliation is over (Lei PA 7.482/2010 art. 3º): when the
 * acordo account does not cover the next acordo, the call stops — no later creditor is paid ahead.
 */
export function planCall<K>(ordered: readonly Candidate<K>[], balanceBrl: Money): CallPlan<K> {
  let remaining = balanceBrl;
  const acordos: (Candidate<K> & { paidBrl: Money; renouncedBrl: Money })[] = [];
  for (const c of ordered) {
    if (c.owedBrl.lessThanOrEqualTo(ZERO)) continue;
    const a = acordoAmounts(c.owedBrl, c.desagio);
    if (a.paidBrl.greaterThan(remaining)) return { acordos, stoppedAt: { ...c, paidBrl: a.paidBrl }, remainingBrl: remaining };
    remaining = remaining.minus(a.paidBrl);
    acordos.push({ ...c, ...a });
  }
  return { acordos, stoppedAt: undefined, remainingBrl: remaining };
}
