import type { Db } from './db.ts';
import { RESTORE_ADVICE, StorageFailure } from './storage-errors.ts';

/** One total the store keeps about itself (0004's store_totals), and how to recount it from the table. */
const TOTALS = [
  { column: 'precatorios', label: 'número de precatórios', recount: 'select count(*) from precatorios', money: false },
  {
    column: 'precatorios_valor',
    label: 'soma dos valores requisitados dos precatórios',
    recount: 'select coalesce(sum(valor_requisitado), 0) from precatorios',
    money: true,
  },
  { column: 'beneficiarios', label: 'número de beneficiários', recount: 'select count(*) from beneficiarios', money: false },
  { column: 'beneficiarios_valor', label: 'soma dos valores dos beneficiários', recount: 'select coalesce(sum(valor), 0) from beneficiarios', money: true },
  { column: 'beneficiarios_pago', label: 'soma do já pago aos beneficiários', recount: 'select coalesce(sum(pago), 0) from beneficiarios', money: true },
  { column: 'payments', label: 'número de pagamentos', recount: 'select count(*) from payments', money: false },
  { column: 'payments_valor', label: 'soma dos pagamentos', recount: 'select coalesce(sum(amount), 0) from payments', money: true },
  { column: 'events', label: 'número de eventos do registro', recount: 'select count(*) from events', money: false },
] as const;

export interface SelfCheckResult {
  /** Each total as kept and as recounted (text: exact numerics). */
  readonly totals: readonly { readonly label: string; readonly kept: string; readonly counted: string }[];
}

/**
 * Recounts the tables and compares with the totals the store kept (issue 15 §1), in one
 * repeatable-read snapshot so writers of another process cannot make them differ. Throws a
 * StorageFailure naming every total that disagrees. Afterwards the delta rows are folded into one
 * (a separate short transaction that only replaces rows it has seen), so the next check stays cheap.
 */
export async function checkStoreTotals(db: Db, label: string): Promise<SelfCheckResult> {
  const kept = TOTALS.map((t) => `(select coalesce(sum(${t.column}), 0)::text from store_totals) as k_${t.column}`).join(', ');
  const counted = TOTALS.map((t) => `(${t.recount})::text as c_${t.column}`).join(', ');
  const row = await db.transaction(async (tx) => {
    await tx.exec('set transaction isolation level repeatable read, read only');
    return (await tx.query<Record<string, string>>(`select ${kept}, ${counted}`)).rows[0]!;
  });
  const totals = TOTALS.map((t) => ({ label: t.label, kept: row[`k_${t.column}`]!, counted: row[`c_${t.column}`]! }));
  // Exact decimal text, compared without trailing zeros: "10.00" and "10" are the same total.
  const differ = totals.filter((t) => normalise(t.kept) !== normalise(t.counted));
  if (differ.length > 0) {
    throw new StorageFailure(
      'inconsistente',
      label,
      `o registro em ${label} não confere consigo mesmo: ${differ.map((d) => `${d.label}: guardado ${d.kept}, nas tabelas ${d.counted}`).join('; ')}. Linhas foram perdidas ou alteradas por fora do programa (arquivo danificado?); o serviço não foi iniciado; ${RESTORE_ADVICE}`,
    );
  }
  await compactTotals(db);
  return { totals };
}

/** Exact decimal text without trailing zeros ("12.50" → "12.5", "3.00" → "3"). */
function normalise(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Folds the delta rows into one; rows written meanwhile by other transactions are not seen, so they stay. */
async function compactTotals(db: Db): Promise<void> {
  const sums = TOTALS.map((t) => `coalesce(sum(${t.column}), 0)`).join(', ');
  await db.query(`with gone as (delete from store_totals returning *) insert into store_totals select ${sums} from gone`);
}
