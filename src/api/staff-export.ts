import { toDecimalString } from '../domain/money.ts';
import { saldoOf } from '../domain/precatorio.ts';
import type { SuperpreferenceTranche } from '../domain/queue/payment-order.ts';
import { explainSortKey } from '../domain/queue/ordering.ts';
import type { EnteQueue } from '../app/payment-order-cache.ts';

/**
 * The staff export of a debtor's chronological list WITH personal data: one row per beneficiary —
 * name, CPF (or a cessionário's CNPJ), birth date, illness/disability dates and the superpreference
 * ground. Only the staff route (token) calls this; the public exports go through serialize.ts.
 */
export const STAFF_EXPORT_COLUMNS = [
  'posicao',
  'numero',
  'orcamento',
  'natureza',
  'status',
  'apresentacao',
  'beneficiario_id',
  'credor_id',
  'titularidade',
  'nome',
  'cpf',
  'nascimento',
  'doenca_grave_desde',
  'deficiencia_desde',
  'valor',
  'pago',
  'saldo',
  'superpreferencia_motivo',
  'superpreferencia_desde',
  'superpreferencia_parcela',
  'explicacao',
] as const;

type Column = (typeof STAFF_EXPORT_COLUMNS)[number];

export function staffExportRows(q: EnteQueue): Record<Column, string>[] {
  const tranches = new Map<string, SuperpreferenceTranche>(q.order.superpreference.map((t) => [`${t.numero}\u0000${t.beneficiarioId}`, t]));
  return q.order.chronological.flatMap((e) =>
    e.item.beneficiarios.map((b) => {
      const t = tranches.get(`${e.item.numero}\u0000${b.id}`);
      return {
        posicao: String(e.position),
        numero: e.item.numero,
        orcamento: String(e.key.budgetYear),
        natureza: e.key.natureza,
        status: e.item.status,
        apresentacao: e.key.presentation.kind === 'timestamp' ? e.key.presentation.at : `ordem ${e.key.presentation.ordem}`,
        beneficiario_id: b.id,
        credor_id: b.credorId,
        titularidade: b.titularidade,
        nome: b.nome ?? '',
        cpf: b.cpf ?? '',
        nascimento: b.nascimento ?? '',
        doenca_grave_desde: b.doencaGraveDesde ?? '',
        deficiencia_desde: b.deficienciaDesde ?? '',
        valor: toDecimalString(b.valorBrl),
        pago: toDecimalString(b.pagoBrl),
        saldo: toDecimalString(saldoOf(b)),
        superpreferencia_motivo: t?.ground ?? '',
        superpreferencia_desde: t?.groundSince ?? '',
        superpreferencia_parcela: t ? toDecimalString(t.amountBrl) : '',
        explicacao: explainSortKey(e.key),
      };
    }),
  );
}
