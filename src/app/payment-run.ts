import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../domain/dates.ts';
import { type Money, money } from '../domain/money.ts';
import { unorderableReason } from '../domain/queue/orderable.ts';
import { buildPaymentOrder } from '../domain/queue/payment-order.ts';
import { type PaymentRunPlan, planPaymentRun } from '../domain/queue/payment-run.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { appendEnteEvent, lockEnteForPaymentRun } from '../storage/events.ts';
import { IMPORT_LOCK_KEY, getEnte, precatoriosOfEnte } from '../storage/registry-store.ts';
import { registerPayment } from '../storage/registry-writes.ts';

export interface PaymentRunInput {
  readonly enteId: string;
  readonly availableBrl: Money;
  readonly paidOn: IsoDate;
  readonly actor: string;
}

/** The event kind of a run's summary; each payment also has its own `pagamento-*` event. */
export const PAYMENT_RUN_EVENT = 'rodada-de-pagamento';

/**
 * A staff payment run (use case: `precatorios pagar` and POST /api/entes/:id/rodadas-de-pagamento),
 * in ONE transaction: every payment of the run lands, or none (a crash or an error mid-way rolls
 * all of them back). It first waits for any import and locks the ente's open precatórios
 * (storage/events.ts says why in that order), then the order is built from what is now stable, the
 * pure plan says who gets how much (domain/queue/payment-run.ts), each payment goes through
 * `registerPayment` (payments row, beneficiary `pago`, status `pago` when settled, version bump,
 * one event) and one summary event closes the run. A run that pays nothing writes nothing.
 * `enteField` is how the caller names the ente in its refusals: the CLI's `ente` (the default), the
 * HTTP route's path `id`.
 */
export async function runPayment(
  db: Db,
  input: PaymentRunInput,
  rules: RuleBook,
  onProgress: (written: number, total: number) => void = () => undefined,
  enteField = 'ente',
): Promise<PaymentRunPlan> {
  return db.transaction(async (tx) => {
    await lockEnteForPaymentRun(tx, input.enteId, IMPORT_LOCK_KEY);
    const found = await getEnte(tx, input.enteId);
    if (!found) throw new StoreError('nao-encontrado', enteField, `ente "${input.enteId}" não está no registro`);
    const precatorios = await precatoriosOfEnte(tx, input.enteId);
    // A precatório the rules cannot place (impossible stored data) has no known position: paying the
    // list without it could pay someone behind it (R2.1, CF art. 100 caput). The run stops, naming it.
    for (const p of precatorios) {
      const reason = unorderableReason(p, rules);
      if (reason)
        throw new StoreError(
          'invalido',
          enteField,
          `o precatório ${p.numero} não tem posição na lista (${reason}); corrija o registro antes da rodada de pagamento`,
        );
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
    await appendEnteEvent(tx, { actor: input.actor, kind: PAYMENT_RUN_EVENT, enteId: input.enteId, after: summaryOf(plan) });
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

/** A run as the API answers it and `pagar --formato json` prints it (one shape, both modes). */
export function paymentRunJson(plan: PaymentRunPlan) {
  const text = (m: Money) => m.toFixed(2);
  return {
    ente: plan.enteId,
    data: plan.runDate,
    disponivel: text(plan.availableBrl),
    pagavel: text(plan.payableBrl),
    pago: text(plan.paidBrl),
    sobra: text(plan.leftoverBrl),
    pagamentos: plan.items.map((i) => ({
      lista: i.kind,
      posicao: i.position,
      posicaoCronologica: i.chronologicalPosition,
      numero: i.numero,
      beneficiario: i.beneficiarioId,
      valor: text(i.amountBrl),
      saldoApos: text(i.balanceAfterBrl),
    })),
    quitados: plan.settled,
    parcial: plan.partial ? { numero: plan.partial.numero, posicao: plan.partial.chronologicalPosition, restante: text(plan.partial.remainingBrl) } : null,
  };
}

const cents = z.string().regex(/^-?\d+\.\d{2}$/);
/** The contract of `paymentRunJson`, checked where the answer is read back. */
export const paymentRunSchema = z.object({
  ente: z.string(),
  data: z.string().refine(isIsoDate),
  disponivel: cents,
  pagavel: cents,
  pago: cents,
  sobra: cents,
  pagamentos: z.array(
    z.object({
      lista: z.enum(['superpreferencia', 'cronologica']),
      posicao: z.number().int(),
      posicaoCronologica: z.number().int(),
      numero: z.string(),
      beneficiario: z.string(),
      valor: cents,
      saldoApos: cents,
    }),
  ),
  quitados: z.array(z.string()),
  parcial: z.object({ numero: z.string(), posicao: z.number().int(), restante: cents }).nullable(),
});

/** The plan back from its JSON (the CLI through the server renders what the server ran). */
export function paymentRunFromJson(j: z.infer<typeof paymentRunSchema>): PaymentRunPlan {
  return {
    enteId: j.ente,
    runDate: j.data as IsoDate,
    availableBrl: money(j.disponivel),
    payableBrl: money(j.pagavel),
    paidBrl: money(j.pago),
    leftoverBrl: money(j.sobra),
    items: j.pagamentos.map((i) => ({
      kind: i.lista,
      numero: i.numero,
      beneficiarioId: i.beneficiario,
      amountBrl: money(i.valor),
      position: i.posicao,
      chronologicalPosition: i.posicaoCronologica,
      balanceAfterBrl: money(i.saldoApos),
    })),
    settled: j.quitados,
    partial: j.parcial ? { numero: j.parcial.numero, chronologicalPosition: j.parcial.posicao, remainingBrl: money(j.parcial.restante) } : undefined,
  };
}
