// Pure helpers for the projection (POST /api/simulacoes): default funding, money text typed by a
// person, the scenario's move summary and the creditor's date range. No DOM, no Chart.js, so they
// are unit-tested in node (test/web/simulacao.test.ts).
import type { Financiamento, SimulacaoItem, SimulacaoResponse, SituacaoCenario } from './api-types.ts';
import { centavos } from './format.ts';

/** Whole centavos → the API's decimal text ("1234.56"). */
export function reaisTexto(cents: number): string {
  const c = Math.round(cents);
  const abs = Math.abs(c);
  return `${c < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A starting point the user edits (the demo registry stores no funding): regime especial deposits
 * monthly (ADCT 101) enough for the list to clear in about ten years with half of it going to the
 * list; regime geral budgets a yearly dotação of a quarter of the stock. Rounded up to R$ 1.000.
 */
export function financiamentoPadrao(regime: string, estoque: string): Extract<Financiamento, { valor: string }> {
  const stock = Math.max(0, centavos(estoque));
  const mil = 100_000;
  const up = (c: number) => Math.max(mil, Math.ceil(c / mil) * mil);
  return regime === 'especial' ? { tipo: 'deposito-mensal', valor: reaisTexto(up(stock / 60)) } : { tipo: 'dotacao-anual', valor: reaisTexto(up(stock / 4)) };
}

/** The same money scaled by `pct` percent (−20 → 80 %), rounded to the centavo. */
export function variar(valor: string, pct: number): string {
  return reaisTexto((centavos(valor) * (100 + pct)) / 100);
}

/**
 * Money as a person types it → the API's text, or null: "515.260,20", "515260,20", "515260.20",
 * "515.260" (thousands) and "R$ 1.000" are all read; anything else is refused.
 */
export function lerReais(texto: string): string | null {
  let t = texto.replace(/R\$/i, '').replace(/[\s\u00a0]/g, '');
  if (t.includes(',')) {
    if (!/^\d{1,3}(\.\d{3})*,\d{1,2}$|^\d+,\d{1,2}$/.test(t)) return null;
    t = t.replace(/\./g, '').replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
    t = t.replace(/\./g, '');
  } else if (!/^\d+(\.\d{1,2})?$/.test(t)) {
    return null;
  }
  return reaisTexto(centavos(t));
}

export interface Movimento {
  /** Paid earlier / later in the scenario, and by how many months (from the items returned). */
  readonly antecipados: number;
  readonly adiados: number;
  readonly maiorAntecipacao: number | null;
  readonly maiorAdiamento: number | null;
  /** The items that move (shift ≠ 0 or entering/leaving the horizon), biggest move first. */
  readonly itens: SimulacaoItem[];
}

const MOVE: ReadonlySet<SituacaoCenario> = new Set(['antecipado', 'adiado', 'entra-no-horizonte', 'sai-do-horizonte']);

export function movimento(itens: readonly SimulacaoItem[]): Movimento {
  const moved = itens.filter((i) => i.cenario && MOVE.has(i.cenario.situacao));
  const shifts = moved.map((i) => i.cenario!.diferencaMeses).filter((d): d is number => d !== null);
  const earlier = shifts.filter((d) => d < 0);
  const later = shifts.filter((d) => d > 0);
  const size = (i: SimulacaoItem) => (i.cenario!.diferencaMeses === null ? Infinity : Math.abs(i.cenario!.diferencaMeses));
  return {
    antecipados: earlier.length,
    adiados: later.length,
    maiorAntecipacao: earlier.length ? -Math.min(...earlier) : null,
    maiorAdiamento: later.length ? Math.max(...later) : null,
    itens: [...moved].sort((a, b) => size(b) - size(a) || (a.posicao ?? 0) - (b.posicao ?? 0)),
  };
}

export type Faixa =
  | { tipo: 'suspenso' }
  | { tipo: 'sem-previsao' }
  | { tipo: 'entre'; de: string; ate: string }
  | { tipo: 'a-partir'; de: string; horizonte: string }
  | { tipo: 'alem'; horizonte: string };

/**
 * The full-payment month under two funding levels: the item of the pessimistic run (baseline) with
 * the optimistic run as its scenario. Months are 'AAAA-MM' text, so they compare as text.
 */
export function faixaPrevista(r: Pick<SimulacaoResponse, 'ate'>, item: SimulacaoItem | undefined): Faixa {
  if (!item) return { tipo: 'sem-previsao' };
  if (item.suspenso) return { tipo: 'suspenso' };
  const months = [item.quitacao, item.cenario?.quitacao ?? null].filter((m): m is string => m !== null).sort();
  if (months.length === 0) return { tipo: 'alem', horizonte: r.ate };
  if (months.length === 1) return { tipo: 'a-partir', de: months[0]!, horizonte: r.ate };
  return { tipo: 'entre', de: months[0]!, ate: months[1]! };
}
