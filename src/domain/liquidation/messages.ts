import { describeCorrectionError } from '../correction/messages.ts';
import type { LiquidationRefusal } from './liquidate.ts';
import type { LiquidationError } from './owed.ts';

/** pt-BR text of a liquidation failure, for the edges (CLI, API). */
export function describeLiquidationError(error: LiquidationError | LiquidationRefusal): string {
  switch (error.kind) {
    case 'payment-after-liquidation':
      return `há pagamento calculado em ${error.calcMonth}, depois do mês da liquidação ${error.month}: a liquidação não pode voltar no tempo`;
    case 'above-owed':
      return `pagamento de ${error.amountBrl.toFixed(2)} maior que o devido na data (${error.owedBrl.toFixed(2)})`;
    case 'nothing-owed':
      return 'nada é devido a este beneficiário na data (já quitado)';
    case 'out-of-range':
      return `sem índice publicado para liquidar: série ${error.series}, mês ${error.month} (a série vai de ${error.firstMonth} a ${error.lastMonth})`;
    default:
      return describeCorrectionError(error);
  }
}
