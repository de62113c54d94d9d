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
    default:
      return describeSeriesError(error);
  }
}
