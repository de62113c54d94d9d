import { Dec, type Money, ZERO, roundCents } from '../money.ts';
import type { Precatorio } from '../precatorio.ts';
import type { Ranked } from '../queue/ordering.ts';
import type { NewPrecatorios } from './types.ts';

/**
 * Expected new precatórios per year, read from the ente's own history (issue 6: "from history"):
 * the mean count and face value of the precatórios of the last `years` budget years up to
 * `lastBudgetYear`, whatever their status (paid ones count: they arrived too), and the alimentar
 * share among them. Undefined when those years hold none. Assumes the recent past repeats.
 */
export function expectedNewFromHistory(ranked: readonly Ranked<Precatorio>[], lastBudgetYear: number, years = 3): NewPrecatorios | undefined {
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error(`anos de histórico fora de 1–20: ${years}`);
  const first = lastBudgetYear - years + 1;
  const window = ranked.filter((r) => r.key.budgetYear >= first && r.key.budgetYear <= lastBudgetYear);
  if (window.length === 0) return undefined;
  const total = window.reduce<Money>((acc, r) => acc.plus(r.item.valorRequisitadoBrl), ZERO);
  const alimentar = window.filter((r) => r.item.natureza === 'alimentar').length;
  return {
    perYear: Math.max(1, Math.round(window.length / years)),
    totalBrlPerYear: roundCents(total.dividedBy(years), 'half-even'),
    alimentarShare: new Dec(alimentar).dividedBy(window.length).toDecimalPlaces(4, Dec.ROUND_HALF_EVEN),
  };
}
