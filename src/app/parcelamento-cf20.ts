import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { sortKeyOf } from '../domain/queue/ordering.ts';
import { splitPlaceable } from '../domain/queue/orderable.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { type Cf20Parcelamento, cf20Parcelamentos } from '../domain/rules/parcelamento-cf20.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { getEnte, precatoriosOfEnte } from '../storage/registry-store.ts';

/**
 * R7.10 for one debtor (CF art. 100 §20): its precatórios grouped by budget year, each year's base
 * and the ones above 15 % of it with their entrada and five parcels. The base counts every
 * precatório presented for the year, paid ones too ("montante dos precatórios apresentados"), but
 * not cancelled ones; values are the requisitioned face value [UNC: R7.10 `budgetValue`].
 */
export async function parcelamentosCf20Of(db: Db, rules: RuleBook, enteId: string): Promise<{ ente: EnteDevedor; planos: Cf20Parcelamento[] }> {
  const found = await getEnte(db, enteId);
  if (!found) throw new StoreError('nao-encontrado', 'id', `ente ${enteId} não encontrado`);
  return { ente: found.ente, planos: parcelamentosOf(await precatoriosOfEnte(db, enteId), rules) };
}

export function parcelamentosOf(precatorios: readonly Precatorio[], rules: RuleBook): Cf20Parcelamento[] {
  const { placeable } = splitPlaceable(
    precatorios.filter((p) => p.status !== 'cancelado'),
    rules,
  );
  return cf20Parcelamentos(
    rules,
    placeable.map((p) => ({ numero: p.numero, budgetYear: sortKeyOf(p, rules).budgetYear, valueBrl: p.valorRequisitadoBrl })),
  );
}

export function parcelamentosJson(r: { ente: EnteDevedor; planos: readonly Cf20Parcelamento[] }) {
  return {
    ente: { id: r.ente.id, nome: r.ente.nome, regime: r.ente.regime },
    itens: r.planos.map((p) => ({
      numero: p.numero,
      orcamento: p.budgetYear,
      valor: p.valueBrl.toFixed(2),
      baseDoExercicio: p.baseBrl.toFixed(2),
      fracaoDaBase: p.shareOfBase.toDecimalPlaces(6).toString(),
      parcelas: p.parcels.map((x) => ({ ano: x.year, tipo: x.kind, valor: x.amountBrl.toFixed(2) })),
      fundamento: p.legalBasis,
    })),
  };
}
