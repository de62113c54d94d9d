import { type Dec, toDecimalString } from '../domain/money.ts';
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
export function publicBeneficiario(b: Beneficiario, index: number, registered: readonly PublicPart[] = []) {
  return {
    id: publicBeneficiaryId(index),
    titularidade: b.titularidade,
    nome: maskNome(b.nome),
    cpf: maskCpf(b.cpf),
    valor: toDecimalString(b.valorBrl),
    pago: toDecimalString(b.pagoBrl),
    saldo: toDecimalString(b.valorBrl.minus(b.pagoBrl)),
    // Who else is paid out of this credit (R6.14, R6.16, R6.18) — by role and share only, never by name or document.
    partes: [...contratuaisPart(b), ...registered],
  };
}

/** A party of one beneficiary's credit as the public sees it: its role and share, no identity. */
export interface PublicPart {
  readonly papel: 'advogado-contratual' | 'cessionario' | 'juizo-penhora';
  readonly percentual: string | null;
  readonly valor: string | null;
  readonly descricao: string;
}

/** 0.3 → "30"; 0.333333 → "33,3333" (pt-BR decimal comma, as the descriptions read). */
export const percentText = (fraction: Dec) => fraction.times(100).toDecimalPlaces(4).toString().replace('.', ',');

function contratuaisPart(b: Beneficiario): PublicPart[] {
  const c = b.contratuais;
  if (!c) return [];
  const who = c.advogado.tipo === 'PJ' ? 'sociedade de advogados' : 'advogado';
  if (c.destaque.kind === 'valor') {
    const valor = toDecimalString(c.destaque.amountBrl);
    return [{ papel: 'advogado-contratual', percentual: null, valor, descricao: `${who} (honorários contratuais, R$ ${valor.replace('.', ',')})` }];
  }
  const pct = percentText(c.destaque.share);
  return [{ papel: 'advogado-contratual', percentual: pct, valor: null, descricao: `${who} (honorários contratuais, ${pct} %)` }];
}

/** Cessões by fraction ("cessionário de 40 %") and penhoras ("penhora averbada, ordem 1") per beneficiary, for the lookup. */
export function registeredPartsOf(r: {
  readonly cessoes: readonly { readonly beneficiarioId: string; readonly fraction: Dec; readonly desde: string }[];
  readonly penhoras: readonly { readonly beneficiarioId: string; readonly limitBrl: Dec; readonly ordem: number | null; readonly desde: string }[];
}): Map<string, PublicPart[]> {
  const parts = new Map<string, PublicPart[]>();
  const add = (id: string, part: PublicPart) => parts.set(id, [...(parts.get(id) ?? []), part]);
  for (const c of r.cessoes) {
    const pct = percentText(c.fraction);
    add(c.beneficiarioId, { papel: 'cessionario', percentual: pct, valor: null, descricao: `cessionário de ${pct} % (desde ${c.desde})` });
  }
  for (const p of r.penhoras) {
    const valor = toDecimalString(p.limitBrl);
    const ordem = p.ordem === null ? '' : `, ordem ${p.ordem}`;
    add(p.beneficiarioId, {
      papel: 'juizo-penhora',
      percentual: null,
      valor,
      descricao: `penhora averbada${ordem}: até R$ ${valor.replace('.', ',')}, remetida ao juízo`,
    });
  }
  return parts;
}

export function publicPrecatorio(p: Precatorio, parts: ReadonlyMap<string, readonly PublicPart[]> = new Map()) {
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
    // R6.15: the lawyer's own requisition of honorários sucumbenciais (the lawyer is the beneficiary, masked like any).
    honorariosSucumbenciais: p.honorariosSucumbenciais === true,
    beneficiarios: p.beneficiarios.map((b, i) => publicBeneficiario(b, i, parts.get(b.id))),
  };
}
