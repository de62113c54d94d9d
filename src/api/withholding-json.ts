import type { z } from 'zod';
import type { WithholdingSummary } from '../app/payment-withholding.ts';
import type { PayeeTaxFacts } from '../app/staff-writes.ts';
import type { Withholding } from '../domain/liquidation/index.ts';
import { Dec, money } from '../domain/money.ts';
import type { retencaoBody } from './schemas.ts';

/** The request's `retencao` as the use case reads it (R6.7, R6.8, R6.12); no previdência given = none. */
export function payeeTaxOf(body: z.infer<typeof retencaoBody>): PayeeTaxFacts {
  const p = body.previdencia;
  return {
    regime: body.regime,
    vinculo: body.vinculo,
    nm: new Dec(body.meses),
    nonTaxablePrincipalShare: new Dec(body.parteNaoTributavel),
    previdencia: !p ? { kind: 'NENHUMA' } : 'valor' in p ? { kind: 'INDICADA', amountBrl: money(p.valor) } : { kind: 'ALIQUOTA', regime: p.regime },
    pensaoAlimenticiaBrl: money(body.pensaoAlimenticia),
    despesasJudiciaisBrl: money(body.despesasJudiciais),
  };
}

/** A payment's withholding in a run's answer: gross = líquido + IRRF + previdência (R6.6). */
export function withholdingSummaryJson(w: WithholdingSummary) {
  return {
    regime: w.regime,
    meses: w.rraMonths?.toString() ?? null,
    bruto: w.grossBrl.toFixed(2),
    irrf: w.irrfBrl.toFixed(2),
    previdencia: w.previdenciaBrl.toFixed(2),
    liquido: w.netBrl.toFixed(2),
  };
}

/** A staff payment's withholding in the answer: the summary, the bases and the tables applied (memória). */
export function withholdingJson(w: Withholding) {
  return {
    ...withholdingSummaryJson(w),
    tributavel: w.taxableBrl.toFixed(2),
    baseIr: w.irBaseBrl.toFixed(2),
    regras: w.rulesApplied.map((r) => ({ regra: r.what, vigenteDesde: r.validFrom, fundamento: r.legalBasis })),
  };
}
