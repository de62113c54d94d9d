import type { CourtTimestamp } from '../dates.ts';
import type { Money } from '../money.ts';
import type { Natureza, Precatorio } from '../precatorio.ts';
import type { RuleBook } from '../rule-book.ts';
import { budgetYearForTimestamp } from '../rules/budget-year.ts';

/**
 * R2.4 [UNC]: whether the alimentar preference works inside each budget year (ADCT 97 §6, TJSC,
 * TJSP — the default) or over all years (a literal reading of ADCT 102).
 */
export type AlimentarPreferenceScope = 'SAME_BUDGET_YEAR' | 'ALL_YEARS';

export interface OrderingOptions {
  readonly alimentarPreferenceScope: AlimentarPreferenceScope;
}

export const DEFAULT_ORDERING_OPTIONS: OrderingOptions = { alimentarPreferenceScope: 'SAME_BUDGET_YEAR' };

/** The moment that fixes chronological precedence: a receipt timestamp, or a published position. */
export type PresentationMark =
  | { readonly kind: 'timestamp'; readonly at: CourtTimestamp }
  | { readonly kind: 'ordem'; readonly ordem: number };

/** Everything the order depends on — and nothing else (R2.8: not the holder, not the balance). */
export interface SortKey {
  readonly budgetYear: number;
  readonly natureza: Natureza;
  readonly presentation: PresentationMark;
  readonly faceValueBrl: Money;
  readonly numero: string;
}

export function sortKeyOf(p: Precatorio, rules: RuleBook): SortKey {
  const { apresentacao } = p;
  return {
    budgetYear:
      apresentacao.kind === 'registrada'
        ? budgetYearForTimestamp(apresentacao.apresentadoEm, rules.budgetYearRules)
        : apresentacao.budgetYear,
    natureza: p.natureza,
    presentation:
      apresentacao.kind === 'registrada'
        ? { kind: 'timestamp', at: apresentacao.apresentadoEm }
        : { kind: 'ordem', ordem: apresentacao.ordem },
    faceValueBrl: p.valorRequisitadoBrl,
    numero: p.numero,
  };
}

const NATURE_RANK: Record<Natureza, number> = { alimentar: 0, comum: 1 };

/**
 * R2.2: budget year, then alimentar before comum (of the same year by default), then presentation,
 * then the smaller face value (R2.3, ADCT 97 §7), then the número as the last, deterministic resort.
 * Court timestamps share one zone and format, so text order is time order.
 */
export function compareSortKeys(a: SortKey, b: SortKey, options: OrderingOptions = DEFAULT_ORDERING_OPTIONS): number {
  const byYear = a.budgetYear - b.budgetYear;
  const byNature = NATURE_RANK[a.natureza] - NATURE_RANK[b.natureza];
  const yearThenNature = options.alimentarPreferenceScope === 'ALL_YEARS' ? byNature || byYear : byYear || byNature;
  return (
    yearThenNature ||
    comparePresentation(a.presentation, b.presentation) ||
    a.faceValueBrl.comparedTo(b.faceValueBrl) ||
    compareText(a.numero, b.numero)
  );
}

function comparePresentation(a: PresentationMark, b: PresentationMark): number {
  // A list mixes kinds only when a registry is merged with a published list; published positions
  // (older, already numbered) then come first so the comparison stays a total order.
  if (a.kind === 'ordem') return b.kind === 'ordem' ? a.ordem - b.ordem : -1;
  return b.kind === 'timestamp' ? compareText(a.at, b.at) : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Ranked<T> {
  /** 1-based place in the debtor's chronological list. */
  readonly position: number;
  readonly key: SortKey;
  readonly item: T;
}

/** Orders one debtor's precatórios (R2.1) and returns each with its position and the key that explains it. */
export function orderQueue(
  precatorios: readonly Precatorio[],
  rules: RuleBook,
  options: OrderingOptions = DEFAULT_ORDERING_OPTIONS,
): Ranked<Precatorio>[] {
  return precatorios
    .map((item) => ({ item, key: sortKeyOf(item, rules) }))
    .sort((a, b) => compareSortKeys(a.key, b.key, options))
    .map((entry, index) => ({ position: index + 1, key: entry.key, item: entry.item }));
}

/** One line, in Portuguese, of why an entry sits where it does. */
export function explainSortKey(key: SortKey, options: OrderingOptions = DEFAULT_ORDERING_OPTIONS): string {
  const nature =
    key.natureza === 'alimentar'
      ? options.alimentarPreferenceScope === 'ALL_YEARS'
        ? 'alimentar (antes de todos os comuns)'
        : `alimentar (antes dos comuns de ${key.budgetYear})`
      : 'comum';
  const presentation =
    key.presentation.kind === 'timestamp'
      ? `apresentado em ${key.presentation.at.slice(0, 16).replace('T', ' ')}`
      : `ordem publicada ${key.presentation.ordem}`;
  return [`orçamento ${key.budgetYear}`, nature, presentation, `valor ${key.faceValueBrl.toFixed(2)}`, `nº ${key.numero}`].join(' › ');
}
