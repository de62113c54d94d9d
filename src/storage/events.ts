import type { Db } from './db.ts';

/** One event of the append-only log (migration 0001 `events`), written in the caller's transaction. */
export interface NewEvent {
  /** The authenticated login or `local:<os user>` (never a name the client declares). */
  readonly actor: string;
  readonly kind: string;
  readonly enteId: string;
  readonly after: Record<string, unknown>;
}

/** Returns the event's id, for rows that name the event they belong to (the special account's movements). */
export async function appendEnteEvent(tx: Db, event: NewEvent): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('insert into events (actor, kind, ente_id, after) values ($1, $2, $3, $4::jsonb) returning id::text as id', [
    event.actor,
    event.kind,
    event.enteId,
    JSON.stringify(event.after),
  ]);
  return rows[0]!.id;
}

/**
 * Locks for a payment run, in the order every writer takes them (no lock-order deadlock): first the
 * import lock, shared — an import locks the precatórios it replaces batch by batch, in número order
 * within each batch only, so a run locking all of an ente's at once could hold one the import's next
 * batch needs while waiting for one it already holds, a deadlock PostgreSQL would break by failing
 * one — then the ente's open precatórios in número order (before the ente row, like staff writes).
 */
export async function lockEnteForPaymentRun(tx: Db, enteId: string, importLockKey: number): Promise<void> {
  await tx.query('select pg_advisory_xact_lock_shared($1)', [importLockKey]);
  await tx.query(`select numero from precatorios where ente_id = $1 and status in ('ativo', 'suspenso') order by numero for update`, [enteId]);
}
