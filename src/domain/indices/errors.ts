import type { YearMonth } from '../dates.ts';
import type { IndexName } from './index-names.ts';

/**
 * Expected failures of index data (design §7): a series with a hole, a month twice, a month the
 * series does not reach. Never turned into a silent zero rate.
 */
export type SeriesError =
  | { readonly kind: 'empty-series'; readonly series: IndexName }
  | { readonly kind: 'invalid-month'; readonly series: IndexName; readonly text: string }
  | { readonly kind: 'invalid-rate'; readonly series: IndexName; readonly month: YearMonth; readonly text: string }
  | { readonly kind: 'duplicate-month'; readonly series: IndexName; readonly month: YearMonth }
  | { readonly kind: 'gap'; readonly series: IndexName; readonly after: YearMonth; readonly missing: YearMonth }
  | { readonly kind: 'conflicting-rate'; readonly series: IndexName; readonly month: YearMonth; readonly storedPct: string; readonly incomingPct: string }
  | { readonly kind: 'missing-series'; readonly series: IndexName }
  | {
      readonly kind: 'out-of-range';
      readonly series: IndexName;
      readonly month: YearMonth;
      readonly firstMonth: YearMonth;
      readonly lastMonth: YearMonth;
    };

/** pt-BR text for the edges (CLI); the core only returns the `kind`. */
export function describeSeriesError(error: SeriesError): string {
  switch (error.kind) {
    case 'empty-series':
      return `série ${error.series}: vazia`;
    case 'invalid-month':
      return `série ${error.series}: mês inválido "${error.text}" (esperado AAAA-MM)`;
    case 'invalid-rate':
      return `série ${error.series}: taxa inválida "${error.text}" em ${error.month}`;
    case 'duplicate-month':
      return `série ${error.series}: mês ${error.month} repetido`;
    case 'gap':
      return `série ${error.series}: falta o mês ${error.missing} (lacuna depois de ${error.after})`;
    case 'conflicting-rate':
      return `série ${error.series}: ${error.month} já gravado com ${error.storedPct} %, nova fonte traz ${error.incomingPct} %`;
    case 'missing-series':
      return `série ${error.series}: não carregada (importe uma pasta ou sincronize com o BCB)`;
    case 'out-of-range':
      return `série ${error.series}: sem taxa para ${error.month} (a série vai de ${error.firstMonth} a ${error.lastMonth})`;
  }
}
