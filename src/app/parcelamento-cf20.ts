import type { EnteDevedor } from '../domain/ente.ts';
import { parcelamentosOf } from '../domain/queue/parcelamentos-cf20.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Cf20Parcelamento } from '../domain/rules/parcelamento-cf20.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { getEnte, precatoriosOfEnte } from '../storage/registry-store.ts';

/** R7.10 for one debtor of the registry (domain/queue/parcelamentos-cf20.ts `parcelamentosOf`). */
export async function parcelamentosCf20Of(db: Db, rules: RuleBook, enteId: string): Promise<{ ente: EnteDevedor; planos: Cf20Parcelamento[] }> {
  const found = await getEnte(db, enteId);
  if (!found) throw new StoreError('nao-encontrado', 'id', `ente ${enteId} não encontrado`);
  return { ente: found.ente, planos: parcelamentosOf(await precatoriosOfEnte(db, enteId), rules) };
}

export type ParcelamentosJson = ReturnType<typeof parcelamentosJson>;

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
