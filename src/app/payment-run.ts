import { z } from 'zod';
import { type IsoDate, type YearMonth, isIsoDate, isYearMonth, yearOf } from '../domain/dates.ts';
import { Dec, type Money, ZERO, money } from '../domain/money.ts';
import { TAX_REGIMES, type TaxRegime } from '../domain/liquidation/index.ts';
import { withholdingSummaryJson } from '../api/withholding-json.ts';
import { FACE_VALUE_RETENTION, type PaymentRetention, type WithholdingSummary, withholdFromRegistry } from './payment-withholding.ts';
import { unorderableReason } from '../domain/queue/orderable.ts';
import type { CorrectionRules } from '../domain/correction/index.ts';
import {
  DEFAULT_LIQUIDATION_CONFIG,
  type Liquidation,
  type Owed,
  describeLiquidationError,
  itemLiquidationOf,
  liquidatePayment,
  owedAfter,
} from '../domain/liquidation/index.ts';
import { type Beneficiario, type Precatorio, saldoOf } from '../domain/precatorio.ts';
import { DEFAULT_PAYMENT_ORDER_OPTIONS, buildPaymentOrder } from '../domain/queue/payment-order.ts';
import { cf20HoldsList, cf20ListHeldShares, parcelamentosOfRanked } from '../domain/queue/parcelamentos-cf20.ts';
import { sortKeyOf } from '../domain/queue/ordering.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import { type Valuation, componentsFromJson, liquidationJson, openOf, storedCorrectionEnv, valuationKey, valuationsOn } from './liquidation.ts';
import { type PaymentRunPlan, paymentRunOutOfRange, planPaymentRun } from '../domain/queue/payment-run.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { appendEnteEvent, lockEnteForPaymentRun } from '../storage/events.ts';
import { debitPaymentRun } from './special-account.ts';
import { IMPORT_LOCK_KEY, getEnte, precatoriosOfEnte } from '../storage/registry-store.ts';
import { registerPayment } from '../storage/registry-writes.ts';

export interface PaymentRunInput {
  readonly enteId: string;
  readonly availableBrl: Money;
  readonly paidOn: IsoDate;
  readonly actor: string;
}

/**
 * A run as written: the plan, and for each of its items (same index) the withholding recorded from
 * the beneficiary's registered tax facts or why there is none (R6.6; a post-step on each planned
 * item — the allocation is the plan's, untouched).
 */
export interface PaidRun extends PaymentRunPlan {
  readonly retentions: readonly PaymentRetention[];
  /** Each item's payments.id (same index): it names the payment document (R6.20). */
  readonly paymentIds: readonly string[];
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
 * HTTP route's path `id`. A `previa` (preview) is the very same run, rolled back at its end: what
 * staff confirm is exactly what the preview showed, refusals included (an overdraft of the special
 * account, an unplaceable precatório) — only the payment ids are absent, since nothing was kept.
 */
export async function runPayment(
  db: Db,
  input: PaymentRunInput,
  rules: RuleBook,
  onProgress: (written: number, total: number) => void = () => undefined,
  correctionRules: CorrectionRules = loadCorrectionRules(),
  enteField = 'ente',
  mode: PaymentRunMode = 'gravar',
): Promise<PaidRun> {
  if (mode === 'gravar') return runOnce(db, input, rules, onProgress, correctionRules, enteField, true);
  try {
    // A run that pays nothing writes nothing and returns; one that pays ends in PreviewRollback.
    return await runOnce(db, input, rules, () => undefined, correctionRules, enteField, false);
  } catch (error) {
    if (error instanceof PreviewRollback) return error.plan;
    throw error;
  }
}

async function runOnce(
  db: Db,
  input: PaymentRunInput,
  rules: RuleBook,
  onProgress: (written: number, total: number) => void,
  correctionRules: CorrectionRules,
  enteField: string,
  keep: boolean,
): Promise<PaidRun> {
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
    // Every payment is a liquidation on its date (R6.1): the lists are built on what is owed then.
    const env = await storedCorrectionEnv(tx, correctionRules);
    const valuations = await valuationsOn(tx, { precatorios, ente: found.ente, paidOn: input.paidOn, rules, env, dateField: 'data' }, { enteId: input.enteId });
    const valuationOf = (p: Precatorio, b: Beneficiario) => valuations.get(valuationKey(p.numero, b.id));
    const order = buildPaymentOrder(precatorios, found.ente, input.paidOn, rules, {
      ...DEFAULT_PAYMENT_ORDER_OPTIONS,
      openBalanceOf: (p, b) => {
        const v = valuationOf(p, b);
        return v ? openOf(v) : saldoOf(b);
      },
      superprefPaidOf: (p, b) => valuationOf(p, b)?.superprefPaidBrl ?? b.superpreferenciaPagaBrl,
    });
    const outOfRange = paymentRunOutOfRange(order);
    if (outOfRange) throw new StoreError('invalido', enteField, outOfRange);
    // R7.10: a CF §20 parcelamento's parcels not yet due are not the list's to pay on this date.
    // Every precatório here has a place (checked above): ranked once, and only where §20 holds the list.
    const plans = cf20HoldsList(found.ente.regime)
      ? parcelamentosOfRanked(
          precatorios.map((p) => ({ item: p, key: sortKeyOf(p, rules) })),
          rules,
        )
      : [];
    const held = cf20ListHeldShares(found.ente.regime, plans, precatorios, yearOf(input.paidOn));
    const planned = planPaymentRun(order, found.ente.regime, input.availableBrl, undefined, held);
    const liquidated = liquidateItems(planned, valuations);
    const retentions: PaymentRetention[] = liquidated.items.map(() => ({ motivo: FACE_VALUE_RETENTION }));
    const paymentIds: string[] = [];
    const plan: PaidRun = { ...liquidated, retentions, paymentIds };
    if (plan.items.length === 0) return plan;
    for (const [index, item] of plan.items.entries()) {
      const written = await registerPayment(tx, {
        numero: item.numero,
        beneficiarioId: item.beneficiarioId,
        amountBrl: item.amountBrl,
        kind: item.kind,
        paidOn: input.paidOn,
        actor: input.actor,
        liquidation: liquidated.liquidations[index],
        tax: rules.tax,
        // R6.6–R6.13: each liquidated payment withholds from the registered facts (migration 0010).
        withhold: async (p, l) => {
          const w = await withholdFromRegistry(tx, p, item.beneficiarioId, l, input.paidOn, rules);
          retentions[index] = w.kind === 'retida' ? { withholding: w.withholding } : { motivo: w.motivo };
          return w.kind === 'retida' ? w.withholding : undefined;
        },
      });
      paymentIds.push(written.paymentId);
      onProgress(index + 1, plan.items.length);
    }
    await debitPaymentRun(tx, input, plan.items); // R7.2: from the special account, when the ente keeps one
    await appendEnteEvent(tx, { actor: input.actor, kind: PAYMENT_RUN_EVENT, enteId: input.enteId, after: summaryOf(plan) });
    if (!keep) throw new PreviewRollback({ ...plan, paymentIds: [] });
    return plan;
  });
}

/** `gravar` writes the run; `previa` shows it and keeps nothing (the same transaction, rolled back). */
export type PaymentRunMode = 'gravar' | 'previa';

/** Thrown at the end of a preview's transaction so that it rolls back, carrying the plan out. */
class PreviewRollback extends Error {
  constructor(readonly plan: PaidRun) {
    super('prévia da rodada de pagamento (desfeita)');
  }
}

/**
 * Liquidates each planned payment against what its beneficiary is owed (R6.3 PRO_RATA): a second
 * payment to the same beneficiary in the run (tranche, then chronological) is liquidated against
 * what the first left open. Face-valued beneficiaries (no data-base, no indices) are listed.
 */
function liquidateItems(plan: PaymentRunPlan, valuations: ReadonlyMap<string, Valuation>): PaymentRunPlan & { liquidations: (Liquidation | undefined)[] } {
  const current = new Map<string, { owed: Owed; faceOpenBrl: Money }>();
  const faceValued = new Map<string, string>();
  const liquidations = plan.items.map((item) => {
    const k = valuationKey(item.numero, item.beneficiarioId);
    const v = valuations.get(k);
    if (!v || v.kind === 'face') {
      if (v) faceValued.set(item.numero, v.motivo);
      return undefined;
    }
    const state = current.get(k) ?? { owed: v.owed, faceOpenBrl: v.faceOpenBrl };
    const l = liquidatePayment(state.owed, item.amountBrl, state.faceOpenBrl, DEFAULT_LIQUIDATION_CONFIG);
    if (!l.ok) throw new StoreError('invalido', 'valor', `${item.numero} (${item.beneficiarioId}): ${describeLiquidationError(l.error)}`);
    current.set(k, { owed: owedAfter(l.value), faceOpenBrl: state.faceOpenBrl.minus(l.value.faceExtinguishedBrl) });
    return l.value;
  });
  return {
    ...plan,
    items: plan.items.map((item, i) => ({ ...item, liquidation: liquidations[i] ? itemLiquidationOf(liquidations[i]) : undefined })),
    faceValued: [...faceValued].map(([numero, motivo]) => ({ numero, motivo })),
    liquidations,
  };
}

/** Σ of each withholding amount over the run's payments that have one (R6.6: the ente is informed). */
function retentionTotals(plan: PaidRun) {
  const withheld = plan.retentions.flatMap((r) => ('withholding' in r ? [r.withholding] : []));
  const sum = (pick: (w: WithholdingSummary) => Money) => withheld.reduce((acc, w) => acc.plus(pick(w)), ZERO).toFixed(2);
  return {
    pagamentos: withheld.length,
    bruto: sum((w) => w.grossBrl),
    irrf: sum((w) => w.irrfBrl),
    previdencia: sum((w) => w.previdenciaBrl),
    liquido: sum((w) => w.netBrl),
  };
}

/** What the summary event records (money as decimal text, like the API). */
function summaryOf(plan: PaidRun): Record<string, unknown> {
  return {
    data: plan.runDate,
    disponivel: plan.availableBrl.toFixed(2),
    pago: plan.paidBrl.toFixed(2),
    sobra: plan.leftoverBrl.toFixed(2),
    pagamentos: plan.items.length,
    superpreferencias: plan.items.filter((i) => i.kind === 'superpreferencia').length,
    quitados: plan.settled.length,
    liquidados: plan.items.filter((i) => i.liquidation).length,
    retencoes: retentionTotals(plan),
    pagoPeloValorDeFace: plan.faceValued ?? [],
    parcial: plan.partial ? { numero: plan.partial.numero, posicao: plan.partial.chronologicalPosition, restante: plan.partial.remainingBrl.toFixed(2) } : null,
  };
}

/** A run as the API answers it and `pagar --formato json` prints it (one shape, both modes). */
export function paymentRunJson(plan: PaidRun) {
  const text = (m: Money) => m.toFixed(2);
  return {
    ente: plan.enteId,
    data: plan.runDate,
    disponivel: text(plan.availableBrl),
    pagavel: text(plan.payableBrl),
    pago: text(plan.paidBrl),
    sobra: text(plan.leftoverBrl),
    pagamentos: plan.items.map((i, n) => ({
      lista: i.kind,
      posicao: i.position,
      posicaoCronologica: i.chronologicalPosition,
      numero: i.numero,
      beneficiario: i.beneficiarioId,
      pagamento: plan.paymentIds[n] ?? null,
      valor: text(i.amountBrl),
      saldoApos: text(i.balanceAfterBrl),
      // R6.1/R6.2: what was owed on the date, what this payment paid by component, what stays open (money of that month).
      liquidacao: i.liquidation ? liquidationJson(i.liquidation) : null,
      // R6.6: gross = líquido + IRRF + previdência, or why no withholding was recorded.
      ...retentionJson(plan.retentions[n]),
    })),
    retencoes: retentionTotals(plan),
    pagoPeloValorDeFace: plan.faceValued ?? [],
    quitados: plan.settled,
    parcial: plan.partial ? { numero: plan.partial.numero, posicao: plan.partial.chronologicalPosition, restante: text(plan.partial.remainingBrl) } : null,
  };
}

const cents = z.string().regex(/^-?\d+\.\d{2}$/);
const componentsSchema = z.object({ principal: cents, jurosMora: cents, selic: cents, jurosEc136: cents });
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
      pagamento: z.string().nullable(),
      valor: cents,
      saldoApos: cents,
      liquidacao: z
        .object({
          mes: z.string().refine(isYearMonth),
          devido: cents,
          componentes: componentsSchema,
          emAberto: componentsSchema,
        })
        .nullable(),
      retencao: z
        .object({
          regime: z.enum(TAX_REGIMES as [TaxRegime, ...TaxRegime[]]),
          meses: z.string().nullable(),
          bruto: cents,
          irrf: cents,
          previdencia: cents,
          liquido: cents,
        })
        .nullable(),
      retencaoNaoCalculada: z.string().nullable(),
    }),
  ),
  retencoes: z.object({ pagamentos: z.number().int(), bruto: cents, irrf: cents, previdencia: cents, liquido: cents }),
  pagoPeloValorDeFace: z.array(z.object({ numero: z.string(), motivo: z.string() })),
  quitados: z.array(z.string()),
  parcial: z.object({ numero: z.string(), posicao: z.number().int(), restante: cents }).nullable(),
});

/** The plan back from its JSON (the CLI through the server renders what the server ran). */
export function paymentRunFromJson(j: z.infer<typeof paymentRunSchema>): PaidRun {
  return {
    paymentIds: j.pagamentos.flatMap((i) => (i.pagamento === null ? [] : [i.pagamento])),
    retentions: j.pagamentos.map((i) =>
      i.retencao
        ? {
            withholding: {
              regime: i.retencao.regime,
              rraMonths: i.retencao.meses === null ? undefined : new Dec(i.retencao.meses),
              grossBrl: money(i.retencao.bruto),
              irrfBrl: money(i.retencao.irrf),
              previdenciaBrl: money(i.retencao.previdencia),
              netBrl: money(i.retencao.liquido),
            },
          }
        : { motivo: i.retencaoNaoCalculada ?? FACE_VALUE_RETENTION },
    ),
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
      liquidation: i.liquidacao
        ? {
            month: i.liquidacao.mes as YearMonth,
            owedBrl: money(i.liquidacao.devido),
            paid: componentsFromJson(i.liquidacao.componentes),
            openAfter: componentsFromJson(i.liquidacao.emAberto),
          }
        : undefined,
    })),
    faceValued: j.pagoPeloValorDeFace,
    settled: j.quitados,
    partial: j.parcial ? { numero: j.parcial.numero, chronologicalPosition: j.parcial.posicao, remainingBrl: money(j.parcial.restante) } : undefined,
  };
}

/** One item's withholding in the run's JSON (withholdingSummaryJson), or the reason for none. */
function retentionJson(r: PaymentRetention | undefined) {
  return r && 'withholding' in r
    ? { retencao: withholdingSummaryJson(r.withholding), retencaoNaoCalculada: null }
    : { retencao: null, retencaoNaoCalculada: r?.motivo ?? FACE_VALUE_RETENTION };
}
