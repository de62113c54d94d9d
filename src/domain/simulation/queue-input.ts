import type { EnteDevedor } from '../ente.ts';
import type { Precatorio } from '../precatorio.ts';
import { DEFAULT_ORDERING_OPTIONS, type OrderingOptions, orderQueue } from '../queue/ordering.ts';
import type { RuleBook } from '../rule-book.ts';
import type { EnteQueue } from './types.ts';

/**
 * The simulation's input for one debtor: all its precatórios in R2.2 order (`orderQueue`). Paid and
 * cancelled ones stay in: they only count the superpreference already used (R3.4).
 */
export function enteQueueOf(
  ente: EnteDevedor,
  precatorios: readonly Precatorio[],
  rules: RuleBook,
  options: OrderingOptions = DEFAULT_ORDERING_OPTIONS,
): EnteQueue {
  return {
    ente,
    ranked: orderQueue(
      precatorios.filter((p) => p.enteId === ente.id),
      rules,
      options,
    ),
  };
}
