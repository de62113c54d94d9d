import { toDecimalString } from '../domain/money.ts';
import type { Beneficiario, Precatorio } from '../domain/precatorio.ts';
import type { ChronologicalEntry, SuperpreferenceTranche } from '../domain/queue/payment-order.ts';
import { explainSortKey } from '../domain/queue/ordering.ts';
import { maskCpf, maskNome } from './masking.ts';
import { publicBeneficiaryId } from '../domain/simulation/published-view.ts';

/**
 * Public JSON shapes. Money leaves as decimal strings, dates as ISO text. Nothing here carries a
 * name, CPF, birth date or health ground unmasked: these serializers are the only way out.
 */
export function publicEntry(e: ChronologicalEntry) {
  return {
    posicao: e.position,
    numero: e.item.numero,
    orcamento: e.key.budgetYear,
    natureza: e.key.natureza,
    status: e.item.status,
    apresentacao: e.key.presentation.kind === 'timestamp' ? e.key.presentation.at : null,
    ordemPublicada: e.key.presentation.kind === 'ordem' ? e.key.presentation.ordem : null,
    valorRequisitado: toDecimalString(e.item.valorRequisitadoBrl),
    saldo: toDecimalString(e.saldoBrl),
    superpreferencia: toDecimalString(e.superpreferenceBrl),
    remanescente: toDecimalString(e.remainderBrl),
    explicacao: explainSortKey(e.key),
  };
}

/** The ground (age, illness, disability) is health/personal data: public output says only that a tranche exists. */
export function publicTranche(t: SuperpreferenceTranche) {
  return {
    posicao: t.position,
    numero: t.numero,
    posicaoCronologica: t.chronologicalPosition,
    orcamento: t.budgetYear,
    valor: toDecimalString(t.amountBrl),
  };
}

/**
 * The public id of a beneficiary is its ordinal in the precatório (`publicBeneficiaryId`), never the court's id, which courts often make of the CPF or CNPJ (issue 15 §4) — and not a hash of
 * it either, which 10^9 CPFs would brute-force. Staff routes take the court's id (staff export).
 */
export function publicBeneficiario(b: Beneficiario, index: number) {
  return {
    id: publicBeneficiaryId(index),
    titularidade: b.titularidade,
    nome: maskNome(b.nome),
    cpf: maskCpf(b.cpf),
    valor: toDecimalString(b.valorBrl),
    pago: toDecimalString(b.pagoBrl),
    saldo: toDecimalString(b.valorBrl.minus(b.pagoBrl)),
  };
}

export function publicPrecatorio(p: Precatorio) {
  return {
    numero: p.numero,
    enteId: p.enteId,
    regime: p.regime,
    natureza: p.natureza,
    tributario: p.tributario,
    status: p.status,
    expedidoEm: p.expedidoEm ?? null,
    dataBase: p.dataBase ?? null,
    valorRequisitado: toDecimalString(p.valorRequisitadoBrl),
    beneficiarios: p.beneficiarios.map((b, i) => publicBeneficiario(b, i)),
  };
}
