// Pure: the simulation's yearly totals → the projection chart's series (paid per year and stock at
// year end, baseline and scenario), in exact centavos. No DOM, no Chart.js (test/web/projection-data.test.ts).
import type { SimulacaoAno } from '../api-types.ts';
import { centavos } from '../format.ts';

export interface ProjectionSeries {
  readonly anos: number[];
  readonly pagoBase: number[];
  readonly estoqueBase: number[];
  /** Null when no scenario was run; years the scenario lacks are null (the runs share the horizon). */
  readonly pagoCenario: (number | null)[] | null;
  readonly estoqueCenario: (number | null)[] | null;
}

export function projectionSeries(base: readonly SimulacaoAno[], cenario: readonly SimulacaoAno[] | null): ProjectionSeries {
  const anos = base.map((a) => a.ano);
  const byYear = new Map((cenario ?? []).map((a) => [a.ano, a]));
  const pick = (f: (a: SimulacaoAno) => string) => (cenario ? anos.map((y) => (byYear.has(y) ? centavos(f(byYear.get(y)!)) : null)) : null);
  return {
    anos,
    pagoBase: base.map((a) => centavos(a.pago)),
    estoqueBase: base.map((a) => centavos(a.estoqueFinal)),
    pagoCenario: pick((a) => a.pago),
    estoqueCenario: pick((a) => a.estoqueFinal),
  };
}
