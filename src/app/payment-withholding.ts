import type { IsoDate } from '../domain/dates.ts';
import { type Liquidation, type Withholding, describeWithholdingError } from '../domain/liquidation/index.ts';
import { type RegisteredWithholding, withholdRegistered } from '../domain/liquidation/payee-facts.ts';
import { Dec } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { withContratuaisAsExpense } from './contratuais-expense.ts';

/** What a payment reports of its withholding: the amounts, or why there are none (R6.6). */
export type WithholdingSummary = Pick<Withholding, 'regime' | 'rraMonths' | 'grossBrl' | 'irrfBrl' | 'previdenciaBrl' | 'netBrl'>;
export type PaymentRetention = { readonly withholding: WithholdingSummary } | { readonly motivo: string };

/** Why a payment valued at face carries no withholding (it would tax the wrong amount). */
export const FACE_VALUE_RETENTION = 'retenção não calculada: pagamento pelo valor de face, sem liquidação na data';

/**
 * The withholding of one liquidated payment from the beneficiary's registered tax facts (migration
 * 0010), inside the payment's transaction: `locked` is the precatório as registerPayment locked it,
 * and the NM earlier payments used comes from `payments` (a second payment to the same beneficiary in
 * one run sees the first). Facts the law refuses stop the payment with the reason (422).
 */
export async function withholdFromRegistry(
  tx: Db,
  locked: Precatorio,
  beneficiarioId: string,
  liquidation: Liquidation,
  paidOn: IsoDate,
  rules: RuleBook,
): Promise<RegisteredWithholding> {
  const b = locked.beneficiarios.find((x) => x.id === beneficiarioId);
  if (!b) return { kind: 'nao-calculada', motivo: 'retenção não calculada: beneficiário não encontrado' };
  const { rows } = await tx.query<{ used: string }>(
    'select coalesce(sum(rra_months), 0)::text as used from payments where precatorio_numero = $1 and beneficiario_id = $2',
    [locked.numero, b.id],
  );
  const w = withholdRegistered(
    liquidation,
    { facts: b.tax, natureza: locked.natureza, faceBrl: b.valorBrl, rraMonthsUsed: new Dec(rows[0]?.used ?? '0') },
    paidOn,
    rules.tax,
    undefined,
    // R6.8 §2 / R6.14: the honorários contratuais destacados are a deductible expense of the RRA base (O6.5).
    (payee) => withContratuaisAsExpense(payee, locked, b.id, liquidation),
  );
  if (!w.ok) throw new StoreError('invalido', 'retencao', `${locked.numero} (${b.id}): ${describeWithholdingError(w.error)}`);
  return w.value;
}
