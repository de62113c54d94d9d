import type { CourtTimestamp } from '../dates.ts';
import type { Money } from '../money.ts';
import type { Natureza, Precatorio } from '../precatorio.ts';
import type { RuleBook } from '../rule-book.ts';
import { budgetYearForTimestamp } from '../rules/budget-year.ts';
import { type Steps, runToEnd } from '../steps.ts';

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
export type PresentationMark = { readonly kind: 'timestamp'; readonly at: CourtTimestamp } | { readonly kind: 'ordem'; readonly ordem: number };

/** Everything the order depends on — and nothing else (R2.8: not the holder, not the balance). */
export interface SortKey {
  readonly budgetYear: number;
  readonly natureza: Natureza;
  readonly presentation: PresentationMark;
  readonly faceValueBrl: Money;
  readonly numero: string;
}

export function sortKeyOf(
  p: Pick<Precatorio, 'numero' | 'natureza' | 'apresentacao' | 'valorRequisitadoBrl'>,
  rules: RuleBook,
  budgetYearOf: (at: CourtTimestamp) => number = (at) => budgetYearForTimestamp(at, rules.budgetYearRules),
): SortKey {
  const { apresentacao } = p;
  return {
    budgetYear: apresentacao.kind === 'registrada' ? budgetYearOf(apresentacao.apresentadoEm) : apresentacao.budgetYear,
    natureza: p.natureza,
    presentation: apresentacao.kind === 'registrada' ? { kind: 'timestamp', at: apresentacao.apresentadoEm } : { kind: 'ordem', ordem: apresentacao.ordem },
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
  return yearThenNature || comparePresentation(a.presentation, b.presentation) || a.faceValueBrl.comparedTo(b.faceValueBrl) || compareText(a.numero, b.numero);
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
export function orderQueue(precatorios: readonly Precatorio[], rules: RuleBook, options: OrderingOptions = DEFAULT_ORDERING_OPTIONS): Ranked<Precatorio>[] {
  // Run at once, one native sort: the merge below costs about 1.4× its CPU (33 600 precatórios).
  return runToEnd(orderQueueSteps(precatorios, rules, options, Number.POSITIVE_INFINITY));
}

/** Slice of a stepwise sort: runs of this many are sorted at once, then merged STEP entries at a time. */
export const SORTED_RUN = 2048;
const STEP = 512;

/**
 * orderQueue in steps (domain/steps.ts), for a server building a large debtor's list between
 * requests: keys in slices, runs of `sortedRun` sorted at once, then merged pairwise in slices.
 * Keys are distinct (the número decides last), so the result is the one order whatever the method.
 */
export function* orderQueueSteps(
  precatorios: readonly Precatorio[],
  rules: RuleBook,
  options: OrderingOptions = DEFAULT_ORDERING_OPTIONS,
  sortedRun = SORTED_RUN,
): Steps<Ranked<Precatorio>[]> {
  // Many precatórios share a presentation day: derive each day's budget year once.
  const yearByDay = new Map<string, number>();
  const budgetYearOf = (at: CourtTimestamp) => {
    const day = at.slice(0, 10);
    let year = yearByDay.get(day);
    if (year === undefined) {
      year = budgetYearForTimestamp(at, rules.budgetYearRules);
      yearByDay.set(day, year);
    }
    return year;
  };
  type Keyed = { readonly item: Precatorio; readonly key: SortKey; readonly fast: FastKey };
  const compare = (a: Keyed, b: Keyed) => compareFastKeys(a.fast, b.fast) || compareSortKeys(a.key, b.key, options);
  let keyed: Keyed[] = [];
  for (let i = 0; i < precatorios.length; i++) {
    if (i > 0 && i % STEP === 0) yield;
    const item = precatorios[i]!;
    const key = sortKeyOf(item, rules, budgetYearOf);
    keyed.push({ item, key, fast: fastKeyOf(key, options) });
  }
  if (keyed.length <= sortedRun) keyed.sort(compare);
  else {
    let runs: Keyed[][] = [];
    for (let start = 0; start < keyed.length; start += sortedRun) {
      yield;
      runs.push(keyed.slice(start, start + sortedRun).sort(compare));
    }
    let work = 0;
    while (runs.length > 1) {
      const merged: Keyed[][] = [];
      for (let r = 0; r < runs.length; r += 2) {
        const a = runs[r]!;
        const b = runs[r + 1];
        if (!b) {
          merged.push(a);
          continue;
        }
        const out: Keyed[] = [];
        let i = 0;
        let j = 0;
        while (i < a.length || j < b.length) {
          if (++work % STEP === 0) yield;
          out.push(j >= b.length || (i < a.length && compare(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!);
        }
        merged.push(out);
      }
      runs = merged;
    }
    keyed = runs[0]!;
  }
  const ranked: Ranked<Precatorio>[] = [];
  for (let i = 0; i < keyed.length; i++) {
    if (i > 0 && i % STEP === 0) yield;
    const entry = keyed[i]!;
    ranked.push({ position: i + 1, key: entry.key, item: entry.item });
  }
  return ranked;
}

/**
 * The leading part of the sort key flattened to primitives, compared without Decimal or object
 * access — the same order as `compareSortKeys` (a property test checks it), for million-precatório
 * runs. Ties in presentation (rare: batch receipts) fall through to the full comparison.
 */
interface FastKey {
  readonly first: number;
  readonly second: number;
  readonly presentationKind: number;
  readonly presentation: string | number;
}

function fastKeyOf(key: SortKey, options: OrderingOptions): FastKey {
  const nature = NATURE_RANK[key.natureza];
  const allYears = options.alimentarPreferenceScope === 'ALL_YEARS';
  return {
    first: allYears ? nature : key.budgetYear,
    second: allYears ? key.budgetYear : nature,
    presentationKind: key.presentation.kind === 'ordem' ? 0 : 1,
    presentation: key.presentation.kind === 'ordem' ? key.presentation.ordem : key.presentation.at,
  };
}

/** 0 means "not decided here": the caller then uses `compareSortKeys`. */
function compareFastKeys(a: FastKey, b: FastKey): number {
  if (a.first !== b.first) return a.first - b.first;
  if (a.second !== b.second) return a.second - b.second;
  if (a.presentationKind !== b.presentationKind) return a.presentationKind - b.presentationKind;
  if (a.presentation !== b.presentation) return a.presentation < b.presentation ? -1 : 1;
  return 0;
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
