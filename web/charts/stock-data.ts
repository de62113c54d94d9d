// Pure: stock cells (GET /api/entes/:id/estoque, or list rows) → the stacked-bar series of stock by
// budget year and natureza. No DOM, no Chart.js, so it is unit-tested in node (test/web/stock-data.test.ts).
import type { FilaItem } from '../api-types.ts';
import { centavos } from '../format.ts';

export interface StockSeries {
  /** Budget years, ascending, as labels. */
  readonly anos: number[];
  /** Stock in centavos per year, same order as `anos`. */
  readonly alimentar: number[];
  readonly comum: number[];
  readonly totalCentavos: number;
}

/** Sums each row's open balance (`saldo`) by budget year and natureza, exactly in centavos. */
export function stockByYearAndNatureza(rows: readonly Pick<FilaItem, 'orcamento' | 'natureza' | 'saldo'>[]): StockSeries {
  const byYear = new Map<number, { alimentar: number; comum: number }>();
  let total = 0;
  for (const r of rows) {
    const cents = centavos(r.saldo);
    const slot = byYear.get(r.orcamento) ?? { alimentar: 0, comum: 0 };
    slot[r.natureza] += cents;
    byYear.set(r.orcamento, slot);
    total += cents;
  }
  const anos = [...byYear.keys()].sort((a, b) => a - b);
  return {
    anos,
    alimentar: anos.map((a) => byYear.get(a)!.alimentar),
    comum: anos.map((a) => byYear.get(a)!.comum),
    totalCentavos: total,
  };
}
