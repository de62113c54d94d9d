import type { IsoDate } from '../domain/dates.ts';
import type { Money } from '../domain/money.ts';
import { unorderableReason } from '../domain/queue/orderable.ts';
import { buildPaymentOrder } from '../domain/queue/payment-order.ts';
import { type PaymentRunPlan, planPaymentRun } from '../domain/queue/payment-run.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';
import { IMPORT_LOCK_KEY, getEnte, precatoriosOfEnte } from './registry-store.ts';
import { registerPayment } from './registry-writes.ts';

export interface PaymentRunInput {
  readonly enteId: string;
  readonly availableBrl: Money;
  readonly paidOn: IsoDate;
  readonly actor: string;
}

/** The event kind of a run's summary; each payment also has its own `pagamento-*` event. */
export const PAYMENT_RUN_EVENT = 'rodada-de-pagamento';

/**
 * A staff payment run, in ONE transaction: every payment of the run lands, or none (a crash or an
 * error mid-way rolls all of them back). It first waits for any import to end (the import lock,
 * shared): an import locks the precatórios it replaces batch by batch, in número order within each
 * batch only, so a run locking all of an ente's at once could hold one the import's next batch
 * needs while waiting for one it already holds — a deadlock PostgreSQL would break by failing one.
 * The ente's open precatórios are locked next (in número order, and before the ente row, like
 * every staff write: no lock-order deadlock with them), then the order is built from what is now
 * stable, the pure plan says who gets how much (domain/queue/payment-run.ts), each payment goes
 * through `registerPayment` (payments row, beneficiary `pago`, status `pago` when settled, version
 * bump, one event) and one summary event closes the run. A run that pays nothing writes nothing.
 */
export async function runPayment(
  db: Db,
  input: PaymentRunInput,
  rules: RuleBook,
  onProgress: (written: number, total: number) => void = () => undefined,
): Promise<PaymentRunPlan> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock_shared($1)', [IMPORT_LOCK_KEY]);
    await tx.query(`select numero from precatorios where ente_id = $1 and status in ('ativo', 'suspenso') order by numero for update`, [input.enteId]);
    const found = await getEnte(tx, input.enteId);
    if (!found) throw new StoreError('nao-encontrado', 'ente', `ente "${input.enteId}" não está no registro`);
    const precatorios = await precatoriosOfEnte(tx, input.enteId);
    // A precatório the rules cannot place (impossible stored data) has no known position: paying the
    // list without it could pay someone behind it (R2.1, CF art. 100 caput). The run stops, naming it.
    for (const p of precatorios) {
      const reason = unorderableReason(p, rules);
      if (reason) throw new StoreError('invalido', 'ente', `o precatório ${p.numero} não tem posição na lista (${reason}); corrija o registro antes da rodada de pagamento`);
    }
    const order = buildPaymentOrder(precatorios, found.ente, input.paidOn, rules);
    const plan = planPaymentRun(order, found.ente.regime, input.availableBrl);
    if (plan.items.length === 0) return plan;
    for (const [index, item] of plan.items.entries()) {
      await registerPayment(tx, {
        numero: item.numero,
        beneficiarioId: item.beneficiarioId,
        amountBrl: item.amountBrl,
        kind: item.kind,
        paidOn: input.paidOn,
        actor: input.actor,
      });
      onProgress(index + 1, plan.items.length);
    }
    await tx.query(`insert into events (actor, kind, ente_id, after) values ($1, $2, $3, $4::jsonb)`, [
      input.actor, PAYMENT_RUN_EVENT, input.enteId, JSON.stringify(summaryOf(plan)),
    ]);
    return plan;
  });
}

/** What the summary event records (money as decimal text, like the API). */
function summaryOf(plan: PaymentRunPlan): Record<string, unknown> {
  return {
    data: plan.runDate,
    disponivel: plan.availableBrl.toFixed(2),
    pago: plan.paidBrl.toFixed(2),
    sobra: plan.leftoverBrl.toFixed(2),
    pagamentos: plan.items.length,
    superpreferencias: plan.items.filter((i) => i.kind === 'superpreferencia').length,
    quitados: plan.settled.length,
    parcial: plan.partial ? { numero: plan.partial.numero, posicao: plan.partial.chronologicalPosition, restante: plan.partial.remainingBrl.toFixed(2) } : null,
  };
}
