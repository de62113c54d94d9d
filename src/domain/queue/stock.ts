import type { Money } from '../money.ts';
import { ZERO } from '../money.ts';
import type { Natureza } from '../precatorio.ts';
import type { ChronologicalEntry } from './payment-order.ts';

/** One cell of a debtor's stock: the precatórios of one budget year and natureza in its list. */
export interface StockCell {
  readonly budgetYear: number;
  readonly natureza: Natureza;
  readonly count: number;
  readonly suspended: number;
  /** Σ open balance (what the list shows as saldo), superpreference tranches included. */
  readonly openBrl: Money;
}

/**
 * The stock of one chronological list by budget year and natureza (R2.2's first two keys), budget
 * years ascending, alimentar before comum (R2.3) — what the staff desk charts, summed once here
 * instead of by every browser over the whole list.
 */
export function stockByBudgetYear(chronological: readonly ChronologicalEntry[]): StockCell[] {
  const cells = new Map<string, { budgetYear: number; natureza: Natureza; count: number; suspended: number; openBrl: Money }>();
  for (const e of chronological) {
    const key = `${e.key.budgetYear}:${e.key.natureza}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { budgetYear: e.key.budgetYear, natureza: e.key.natureza, count: 0, suspended: 0, openBrl: ZERO };
      cells.set(key, cell);
    }
    cell.count += 1;
    if (e.item.status === 'suspenso') cell.suspended += 1;
    cell.openBrl = cell.openBrl.plus(e.saldoBrl);
  }
  const naturezaRank = (n: Natureza) => (n === 'alimentar' ? 0 : 1);
  return [...cells.values()].sort((a, b) => a.budgetYear - b.budgetYear || naturezaRank(a.natureza) - naturezaRank(b.natureza));
}
