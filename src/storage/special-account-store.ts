import { isoDate } from '../domain/dates.ts';
import { money } from '../domain/money.ts';
import type { Direction, EntryKind, LedgerEntry, SpecialAccountName } from '../domain/special-account/index.ts';
import type { Tribunal } from '../domain/special-account/config.ts';
import type { Db } from './db.ts';

/** Advisory-lock class of the special account (the second key is the ente's hash): one writer per ente at a time. */
const SPECIAL_ACCOUNT_LOCK_CLASS = 170_001;

/**
 * Takes the ente's special-account lock until the transaction ends. Every writer of the ledger
 * takes it before reading the balances it checks, so two writers racing a debit cannot both see
 * the same balance (R7.2: never negative); it touches no registry row, so it never waits for an
 * import or a staff write on the precatórios.
 */
export async function lockSpecialAccount(tx: Db, enteId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [SPECIAL_ACCOUNT_LOCK_CLASS, enteId]);
}

/** The ente's ledger in dated order (date, then as written). */
export async function ledgerOf(db: Db, enteId: string): Promise<LedgerEntry[]> {
  const { rows } = await db.query<{
    account: SpecialAccountName;
    kind: EntryKind;
    direction: Direction;
    entry_date: string;
    amount: string;
    document: string;
    destino: Tribunal | null;
    precatorio_numero: string | null;
  }>(
    `select account, kind, direction, entry_date::text as entry_date, amount::text as amount, document, destino, precatorio_numero
     from special_account_entries where ente_id = $1 order by entry_date, id`,
    [enteId],
  );
  return rows.map((r) => ({
    account: r.account,
    kind: r.kind,
    direction: r.direction,
    date: isoDate(r.entry_date),
    amount: money(r.amount),
    document: r.document,
    destino: r.destino ?? undefined,
    precatorio: r.precatorio_numero ?? undefined,
  }));
}

/** Writes one movement's entries, all naming the movement's event; in the caller's transaction, under its lock. */
export async function insertMovement(tx: Db, enteId: string, actor: string, eventId: string, entries: readonly LedgerEntry[]): Promise<void> {
  for (const e of entries) {
    await tx.query(
      `insert into special_account_entries (ente_id, account, kind, direction, entry_date, amount, document, destino, precatorio_numero, actor, event_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [enteId, e.account, e.kind, e.direction, e.date, e.amount.toFixed(2), e.document, e.destino ?? null, e.precatorio ?? null, actor, eventId],
    );
  }
}

/** A payment made from the ente's list, as art. 82 publishes it: date, precatório, amount, kind — nobody's name. */
export interface PublishedPayment {
  readonly paidOn: string;
  readonly numero: string;
  readonly amount: string;
  readonly kind: string;
}

/** Payments made to the ente's precatórios (the `payments` table), oldest first. */
export async function paymentsOfEnte(db: Db, enteId: string): Promise<PublishedPayment[]> {
  const { rows } = await db.query<{ paid_on: string; numero: string; amount: string; kind: string }>(
    `select p.paid_on::text as paid_on, p.precatorio_numero as numero, p.amount::text as amount, p.kind
     from payments p join precatorios pr on pr.numero = p.precatorio_numero
     where pr.ente_id = $1 order by p.paid_on, p.id`,
    [enteId],
  );
  return rows.map((r) => ({ paidOn: r.paid_on, numero: r.numero, amount: r.amount, kind: r.kind }));
}

/** One payment of a precatório: gross always; withholdings and net only when tax facts were recorded (R6.6). */
export interface PrecatorioPayment {
  readonly paidOn: string;
  readonly kind: string;
  readonly gross: string;
  readonly irrf: string | null;
  readonly previdencia: string | null;
  readonly net: string | null;
}

/** A precatório's payments (the `payments` table), oldest first. */
export async function paymentsOfPrecatorio(db: Db, numero: string): Promise<PrecatorioPayment[]> {
  const { rows } = await db.query<{ paid_on: string; kind: string; amount: string; irrf: string | null; previdencia: string | null; net: string | null }>(
    `select paid_on::text as paid_on, kind, amount::text as amount, irrf::text as irrf, previdencia::text as previdencia, net::text as net
     from payments where precatorio_numero = $1 order by paid_on, id`,
    [numero],
  );
  return rows.map((r) => ({ paidOn: r.paid_on, kind: r.kind, gross: r.amount, irrf: r.irrf, previdencia: r.previdencia, net: r.net }));
}

/** How many payments each of `numeros` has had (issue 18 §2: the desk's "Parcelas Pagas"), in one statement. */
export async function paymentCounts(db: Db, numeros: readonly string[]): Promise<Map<string, number>> {
  if (numeros.length === 0) return new Map();
  const { rows } = await db.query<{ numero: string; n: string }>(
    `select precatorio_numero as numero, count(*)::text as n from payments where precatorio_numero = any($1::text[]) group by precatorio_numero`,
    [numeros],
  );
  return new Map(rows.map((r) => [r.numero, Number(r.n)]));
}
