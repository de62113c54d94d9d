import { type CourtTimestamp, type IsoDate, type YearMonth, yearOf } from '../dates.ts';
import type { EnteDevedor } from '../ente.ts';
import { ZERO } from '../money.ts';
import type { Precatorio } from '../precatorio.ts';
import { type OrderingOptions, type Ranked, compareSortKeys, sortKeyOf } from '../queue/ordering.ts';
import type { RuleBook } from '../rule-book.ts';
import { centsToMoney, moneyToCents } from '../cents.ts';
import type { NewPrecatorios } from './types.ts';

/** Prefix of the número of synthetic expected precatórios: never a CNJ number, so never confused with one. */
export const EXPECTED_NUMERO_PREFIX = 'previsto-';

/**
 * Synthetic precatórios an ente is expected to receive each year of the horizon (optional input):
 * `perYear` of equal value presented on the 15th of evenly spaced months, a share of them alimentar,
 * one originário beneficiary each, with no personal data (so no superpreference). Only months inside
 * [from, until] are generated; the registry already holds earlier ones.
 */
export function expectedPrecatorios(ente: EnteDevedor, plan: NewPrecatorios, from: YearMonth, until: YearMonth): Precatorio[] {
  const out: Precatorio[] = [];
  if (plan.perYear <= 0) return out;
  const totalCents = moneyToCents(plan.totalBrlPerYear);
  const share = plan.alimentarShare.toNumber();
  for (let year = yearOf(from); year <= yearOf(until); year++) {
    for (let i = 0; i < plan.perYear; i++) {
      const month = `${year}-${String(Math.floor((i * 12) / plan.perYear) + 1).padStart(2, '0')}` as YearMonth;
      if (month < from || month > until) continue;
      // Equal shares; the leftover centavos go one each to the first of the year.
      const cents = Math.floor(totalCents / plan.perYear) + (i < totalCents % plan.perYear ? 1 : 0);
      const numero = `${EXPECTED_NUMERO_PREFIX}${ente.id}-${year}-${String(i + 1).padStart(5, '0')}`;
      const valor = centsToMoney(cents);
      out.push({
        numero,
        enteId: ente.id,
        regime: ente.regime,
        natureza: Math.floor((i + 1) * share) > Math.floor(i * share) ? 'alimentar' : 'comum',
        tributario: false,
        apresentacao: { kind: 'registrada', apresentadoEm: `${month}-15T12:00:00.000-03:00` as CourtTimestamp },
        expedidoEm: `${month}-01` as IsoDate,
        dataBase: month,
        valorRequisitadoBrl: valor,
        status: 'ativo',
        beneficiarios: [{ id: `${numero}#1`, credorId: numero, titularidade: 'originario', valorBrl: valor, pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO }],
      });
    }
  }
  return out;
}

/** A list entry of the simulation: registered (as given, `expected` absent) or added. */
export interface SimulatedEntry extends Ranked<Precatorio> {
  readonly expected?: boolean | undefined;
}

/**
 * Puts precatórios that are not in the registry (expected, or a scenario's extra ones) in their
 * R2.2 place: the list order depends only on each precatório's own key (R2.8), so a merge of two
 * sorted lists gives the same order as sorting everything again. Registered entries are reused
 * as they are (no copy: a million of them is the benchmark); `position` is not meaningful here, the
 * ledger numbers the open ones.
 */
export function mergeIntoList(
  ranked: readonly Ranked<Precatorio>[],
  added: readonly { readonly precatorio: Precatorio; readonly expected: boolean }[],
  rules: RuleBook,
  options: OrderingOptions,
): readonly SimulatedEntry[] {
  if (added.length === 0) return ranked;
  const extra = added
    .map((a) => ({ item: a.precatorio, key: sortKeyOf(a.precatorio, rules), expected: a.expected }))
    .sort((a, b) => compareSortKeys(a.key, b.key, options));
  const out: SimulatedEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < ranked.length || j < extra.length) {
    const takeExtra = i >= ranked.length || (j < extra.length && compareSortKeys(extra[j]!.key, ranked[i]!.key, options) < 0);
    out.push(takeExtra ? { position: 0, ...extra[j++]! } : ranked[i++]!);
  }
  return out;
}

/** Months from `from` to the month of `date` (negative when before). */
export function monthIndexOf(date: IsoDate | YearMonth, from: YearMonth): number {
  return (Number(date.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(date.slice(5, 7)) - Number(from.slice(5, 7));
}
