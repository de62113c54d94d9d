import { describeSeriesError } from '../indices/errors.ts';
import type { CorrectionError } from './types.ts';

/** pt-BR text of a correction error, for the edges (CLI, later the API). */
export function describeCorrectionError(error: CorrectionError): string {
  switch (error.kind) {
    case 'target-before-data-base':
      return `mês final ${error.target} é anterior à data-base ${error.dataBase}`;
    case 'before-supported-history':
      return `mês ${error.month} anterior a ${error.firstMonth}: a cadeia antiga (UFIR etc.) vem da conta do juízo da execução (R5.4)`;
    case 'interest-per-title-required':
      return `juros de ${error.month}: antes de 07/2009 a taxa é a do título; informe-a (R5.3)`;
    case 'missing-mixed-rate':
      return `sem taxa do mês misto ${error.month} para o método ${error.method} (R5.11)`;
    case 'missing-series':
      if (error.series === 'juros_poupanca') {
        return 'juros da poupança (R5.7) não carregados: "precatorios indices sincronizar" deriva-os do SGS (poupança 195 e TR 7811), ou inclua juros_poupanca.csv (month,rate_pct, % a.m.) na pasta de índices';
      }
      return describeSeriesError(error);
    default:
      return describeSeriesError(error);
  }
}
