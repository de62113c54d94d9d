import type { Precatorio } from '../domain/precatorio.ts';
import { saldoOf } from '../domain/precatorio.ts';
import { ZERO, sum, toDecimalString } from '../domain/money.ts';
import { compareSortKeys, explainSortKey, sortKeyOf } from '../domain/queue/ordering.ts';
import type { RuleBook } from '../domain/rule-book.ts';

/**
 * The staff desk's list (issue 18 §2): the public list's rows with the columns of the TJRJ public
 * list that the chronological entry does not carry — paid so far (Valor Pagamento), superpreference
 * already paid, payments made (Parcelas Pagas, staff only: it needs a database read, and public
 * list pages never wait for the database, see reads-during-import.test.ts) — and the closed
 * precatórios (paid, cancelled), which the chronological list leaves out, in the list's own order
 * (R2.2) without a position. No personal data: amounts per precatório, as art. 82 publishes them.
 */
export interface PaidColumns {
  readonly valorPago: string;
  readonly superpreferenciaPaga: string;
  readonly parcelasPagas?: number;
}

export function paidColumns(p: Precatorio, paymentCounts?: ReadonlyMap<string, number>): PaidColumns {
  return {
    valorPago: toDecimalString(sum(p.beneficiarios.map((b) => b.pagoBrl))),
    superpreferenciaPaga: toDecimalString(sum(p.beneficiarios.map((b) => b.superpreferenciaPagaBrl))),
    ...(paymentCounts ? { parcelasPagas: paymentCounts.get(p.numero) ?? 0 } : {}),
  };
}

/** A closed precatório as a list row: the public entry's fields, no position, nothing in the run. */
export interface ClosedRow {
  readonly precatorio: Precatorio;
  readonly row: {
    readonly posicao: null;
    readonly numero: string;
    readonly orcamento: number;
    readonly natureza: Precatorio['natureza'];
    readonly status: Precatorio['status'];
    readonly apresentacao: string | null;
    readonly ordemPublicada: number | null;
    readonly valorRequisitado: string;
    readonly saldo: string;
    readonly superpreferencia: string;
    readonly remanescente: string;
    readonly explicacao: string;
  };
}

/** The debtor's paid or cancelled precatórios in list order (R2.2), filtered like the list. */
export function closedRows(
  precatorios: Iterable<Precatorio>,
  rules: RuleBook,
  filter: { status: 'pago' | 'cancelado'; orcamento?: number | undefined; natureza?: Precatorio['natureza'] | undefined },
): ClosedRow[] {
  return [...precatorios]
    .filter((p) => p.status === filter.status && (filter.natureza === undefined || p.natureza === filter.natureza))
    .map((p) => ({ p, key: sortKeyOf(p, rules) }))
    .filter(({ key }) => filter.orcamento === undefined || key.budgetYear === filter.orcamento)
    .sort((a, b) => compareSortKeys(a.key, b.key))
    .map(({ p, key }) => {
      const saldo = toDecimalString(sum(p.beneficiarios.map(saldoOf)));
      return {
        precatorio: p,
        row: {
          posicao: null,
          numero: p.numero,
          orcamento: key.budgetYear,
          natureza: p.natureza,
          status: p.status,
          apresentacao: key.presentation.kind === 'timestamp' ? key.presentation.at : null,
          ordemPublicada: key.presentation.kind === 'ordem' ? key.presentation.ordem : null,
          valorRequisitado: toDecimalString(p.valorRequisitadoBrl),
          saldo,
          superpreferencia: toDecimalString(ZERO),
          remanescente: saldo,
          explicacao: explainSortKey(key),
        },
      };
    });
}
