// A beneficiary's registered tax facts (migration 0010) turned into the withholding of one liquidated
// payment (money-movements.md §6.2). Pure: the caller brings what earlier payments already used.
import type { IsoDate } from '../dates.ts';
import { type Dec, type Money, ZERO, roundCents } from '../money.ts';
import type { BeneficiaryTaxFacts, Natureza } from '../precatorio.ts';
import { type Result, err, ok } from '../result.ts';
import type { TaxTables } from '../rules/irrf.ts';
import type { Liquidation } from './liquidate.ts';
import { type PayeeTax, withholdLiquidation } from './withhold-liquidation.ts';
import { DEFAULT_WITHHOLDING_CONFIG, type Vinculo, type Withholding, type WithholdingConfig, type WithholdingError } from './withholding.ts';

/**
 * Default rule for a fact not informed ([UNC], README): the vínculo of TJAP's null
 * `situcao_funcional_credor` (3, Contrato/Função — not an effective servant: no Tema 808 juros exemption
 * by vínculo, R6.2, R6.10). Named so a court that decides otherwise changes one place.
 */
export const DEFAULT_VINCULO: Vinculo = 'sem-vinculo';

/** What the registry knows of one beneficiary for its withholding. */
export interface RegisteredPayee {
  readonly facts: BeneficiaryTaxFacts | undefined;
  /** The precatório's natureza (R6.7: an alimentar credit is remuneration/proventos by default). */
  readonly natureza: Natureza;
  /** The beneficiary's registered face share (`valor`), the base of the ofício's previdência. */
  readonly faceBrl: Money;
  /** NM already used by this beneficiary's earlier payments (Σ payments.rra_months, R6.8). */
  readonly rraMonthsUsed: Dec;
}

/** A payment's withholding from the registry: computed, or why it could not be (the payment still lands, gross only). */
export type RegisteredWithholding =
  | { readonly kind: 'retida'; readonly withholding: Withholding }
  | { readonly kind: 'nao-calculada'; readonly motivo: string };

/**
 * The payee's open tax facts (PayeeTax) from the registered ones, or why none can be stated. Default
 * rule (R6.7, TJAP derives the regime from tipoCredor + natureza): no regime and an alimentar credit →
 * PF_RRA (arrears of remuneration/proventos of previous years, the usual alimentar precatório), which
 * needs the ofício's NM — never guessed; no regime and a comum credit → not calculated.
 */
export function openPayeeTax(payee: RegisteredPayee, owedPrincipalBrl: Money): Result<PayeeTax, string> {
  const facts = payee.facts ?? {};
  const regime = facts.regime ?? (payee.natureza === 'alimentar' ? 'PF_RRA' : undefined);
  if (!regime) return err('retenção não calculada: regime tributário não informado (R6.7) para crédito de natureza comum');
  let nm: Dec = ZERO;
  if (regime === 'PF_RRA') {
    if (!facts.rraMonths) return err('retenção não calculada: NM não informado (número de meses do RRA do ofício, R6.8)');
    nm = facts.rraMonths.minus(payee.rraMonthsUsed);
    if (!nm.isPositive() || nm.isZero())
      return err(`retenção não calculada: os pagamentos anteriores já usaram os ${facts.rraMonths.toString()} meses do RRA do ofício (R6.8)`);
  }
  // R6.12: the ofício's contribution for the whole share, updated like the principal: the open part
  // is the same fraction of the open principal (R6.3 PRO_RATA keeps the share constant).
  const indicated = facts.previdenciaIndicadaBrl;
  const previdencia: PayeeTax['previdencia'] = indicated
    ? {
        kind: 'INDICADA',
        amountBrl: payee.faceBrl.isZero() ? ZERO : roundCents(indicated.times(owedPrincipalBrl).dividedBy(payee.faceBrl), 'half-up'),
      }
    : facts.previdenciaRegime
      ? { kind: 'ALIQUOTA', regime: facts.previdenciaRegime }
      : { kind: 'NENHUMA' };
  return ok({
    regime,
    natureza: payee.natureza,
    vinculo: facts.vinculo ?? DEFAULT_VINCULO,
    nm,
    nonTaxablePrincipalShare: facts.nonTaxableShare ?? ZERO,
    previdencia,
    // Pensão and judicial expenses are not registered (R6.8 §§2–3): staff give them in the payment's `retencao`.
    pensaoAlimenticiaBrl: ZERO,
    despesasJudiciaisBrl: ZERO,
  });
}

/**
 * THE withholding of one liquidated payment from the registry (every payment path calls this):
 * gross, IRRF, previdência and net, with gross = net + IRRF + previdência to the cent. Facts that
 * contradict the liquidation (previdência above the principal…) are an error, not a silent zero.
 */
export function withholdRegistered(
  liquidation: Liquidation,
  payee: RegisteredPayee,
  date: IsoDate,
  tables: TaxTables,
  config: WithholdingConfig = DEFAULT_WITHHOLDING_CONFIG,
  /** Facts of the payment beyond the registered ones (R6.8 §2: the contratuais destacados as an expense, app/contratuais-expense.ts). */
  adjust: (tax: PayeeTax) => PayeeTax = (tax) => tax,
): Result<RegisteredWithholding, WithholdingError> {
  const tax = openPayeeTax(payee, liquidation.owed.components.principal);
  if (!tax.ok) return ok({ kind: 'nao-calculada', motivo: tax.error });
  const w = withholdLiquidation(liquidation, adjust(tax.value), date, tables, config);
  return w.ok ? ok({ kind: 'retida', withholding: w.value }) : err(w.error);
}
