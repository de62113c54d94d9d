import type { Liquidation, PayeeTax } from '../domain/liquidation/index.ts';
import { contratuaisShare } from '../domain/liquidation/parties.ts';
import { roundCents } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';

/**
 * R6.8 §2 / R6.14: for the titular, the honorários contratuais destacados are an expense deducted from
 * the RRA base (O6.5: 120.000 − 30 % contratuais − previdência). PayeeTax states amounts for the
 * open credit and the withholding takes this payment's share of them, so the open credit's fee
 * (share × owed) is added to its judicial expenses. Any payment path that withholds calls this
 * before `withholdLiquidation`.
 */
export function withContratuaisAsExpense(payee: PayeeTax, p: Precatorio, beneficiarioId: string, l: Liquidation): PayeeTax {
  const b = p.beneficiarios.find((x) => x.id === beneficiarioId);
  const share = b && contratuaisShare(b);
  if (!share) return payee;
  return { ...payee, despesasJudiciaisBrl: payee.despesasJudiciaisBrl.plus(roundCents(l.owed.totalBrl.times(share), 'half-up')) };
}
