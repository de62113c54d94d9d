import { Dec } from '../../../src/domain/money.ts';
import type { PaymentRunPlan } from '../../../src/domain/queue/payment-run.ts';
import type { Db } from '../../../src/storage/db.ts';
import { analyze } from './import-state.ts';

/**
 * What a payment run leaves in the registry, read in one statement: the payments, the balances
 * they moved, the events, statuses and versions — and the cross-checks between them.
 */
export interface PaymentState {
  readonly payments: number;
  readonly paymentsBrl: string;
  readonly superpreferenceBrl: string;
  /** Every payment in id order: número|beneficiário|amount|kind. */
  readonly sequence: string;
  readonly pagoBrl: string;
  readonly superpreferenciaPagaBrl: string;
  readonly paymentEvents: number;
  readonly runEvents: number;
  /** `pago` recorded in the run's summary event ('' without one). */
  readonly runEventPagoBrl: string;
  readonly statusPago: number;
  readonly precatorioVersions: number;
  readonly enteVersion: number;
  /** Must be 0: a `pago` precatório with a balance, an active one fully paid, per-precatório counts of payments ≠ of events. */
  readonly inconsistencies: { readonly paidWithBalance: number; readonly activeWithoutBalance: number; readonly eventsPerPrecatorio: number };
}

export async function paymentState(db: Db, enteId: string): Promise<PaymentState> {
  await analyze(db);
  const { rows } = await db.query<Record<string, string | null>>(
    `
    select
      (select count(*) from payments)::text as payments,
      (select coalesce(sum(amount), 0) from payments)::text as payments_brl,
      (select coalesce(sum(amount), 0) from payments where kind = 'superpreferencia')::text as superpreference_brl,
      (select coalesce(string_agg(precatorio_numero || '|' || beneficiario_id || '|' || amount::text || '|' || kind, ';' order by id), '') from payments) as sequence,
      (select coalesce(sum(pago), 0) from beneficiarios)::text as pago_brl,
      (select coalesce(sum(superpreferencia_paga), 0) from beneficiarios)::text as superpreferencia_paga_brl,
      (select count(*) from events where kind like 'pagamento-%')::text as payment_events,
      (select count(*) from events where kind = 'rodada-de-pagamento')::text as run_events,
      (select coalesce(string_agg(after->>'pago', ','), '') from events where kind = 'rodada-de-pagamento') as run_event_pago,
      (select count(*) from precatorios where status = 'pago')::text as status_pago,
      (select coalesce(sum(version), 0) from precatorios)::text as precatorio_versions,
      (select version from entes where id = $1)::text as ente_version,
      (select count(*) from precatorios p where p.status = 'pago' and exists (select 1 from beneficiarios b where b.precatorio_numero = p.numero and b.pago < b.valor))::text as paid_with_balance,
      (select count(*) from precatorios p where p.status = 'ativo' and exists (select 1 from payments x where x.precatorio_numero = p.numero)
         and not exists (select 1 from beneficiarios b where b.precatorio_numero = p.numero and b.pago < b.valor))::text as active_without_balance,
      (select count(*) from (select precatorio_numero, count(*) as n from payments group by 1) x
         full join (select precatorio_numero, count(*) as n from events where kind like 'pagamento-%' group by 1) e using (precatorio_numero)
         where x.n is distinct from e.n)::text as events_per_precatorio`,
    [enteId],
  );
  const r = rows[0]!;
  const brl = (k: string) => new Dec(r[k]!).toFixed(2);
  return {
    payments: Number(r['payments']),
    paymentsBrl: brl('payments_brl'),
    superpreferenceBrl: brl('superpreference_brl'),
    sequence: r['sequence']!,
    pagoBrl: brl('pago_brl'),
    superpreferenciaPagaBrl: brl('superpreferencia_paga_brl'),
    paymentEvents: Number(r['payment_events']),
    runEvents: Number(r['run_events']),
    runEventPagoBrl: r['run_event_pago']!,
    statusPago: Number(r['status_pago']),
    precatorioVersions: Number(r['precatorio_versions']),
    enteVersion: Number(r['ente_version']),
    inconsistencies: {
      paidWithBalance: Number(r['paid_with_balance']),
      activeWithoutBalance: Number(r['active_without_balance']),
      eventsPerPrecatorio: Number(r['events_per_precatorio']),
    },
  };
}

/**
 * The state after the whole run of `plan`, from the state before it: every payment of the plan in
 * its order, `pago` grown by exactly their sum, one event per payment plus the summary, each settled
 * precatório `pago`, one version step per payment (precatório and ente).
 */
export function afterRun(before: PaymentState, plan: PaymentRunPlan): PaymentState {
  const sum = (kind?: string) => plan.items.filter((i) => !kind || i.kind === kind).reduce((a, i) => a.plus(i.amountBrl), new Dec(0));
  return {
    payments: plan.items.length,
    paymentsBrl: sum().toFixed(2),
    superpreferenceBrl: sum('superpreferencia').toFixed(2),
    sequence: plan.items.map((i) => `${i.numero}|${i.beneficiarioId}|${i.amountBrl.toFixed(2)}|${i.kind}`).join(';'),
    pagoBrl: new Dec(before.pagoBrl).plus(sum()).toFixed(2),
    superpreferenciaPagaBrl: new Dec(before.superpreferenciaPagaBrl).plus(sum('superpreferencia')).toFixed(2),
    paymentEvents: plan.items.length,
    runEvents: 1,
    runEventPagoBrl: plan.paidBrl.toFixed(2),
    statusPago: before.statusPago + plan.settled.length,
    precatorioVersions: before.precatorioVersions + plan.items.length,
    enteVersion: before.enteVersion + plan.items.length,
    inconsistencies: { paidWithBalance: 0, activeWithoutBalance: 0, eventsPerPrecatorio: 0 },
  };
}
