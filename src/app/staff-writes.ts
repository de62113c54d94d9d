import type { CorrectionEnv } from '../domain/correction/index.ts';
import {
  DEFAULT_LIQUIDATION_CONFIG,
  type Liquidation,
  type PayeeTax,
  type Withholding,
  describeLiquidationError,
  describeWithholdingError,
  liquidatePayment,
  withholdLiquidation,
} from '../domain/liquidation/index.ts';
import { Dec, type Money } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { chronologicalShareMinimum, chronologicalShareProblem, defaultChronologicalShare } from '../domain/rules/chronological-share.ts';
import { valuationKey, valuationsOn } from './liquidation.ts';
import { FACE_VALUE_RETENTION, withholdFromRegistry } from './payment-withholding.ts';
import { debitAfterPayment } from './special-account.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import {
  type FractionCessaoInput,
  type HabilitacaoInput,
  type PenhoraInput,
  registerFractionCessao,
  registerHabilitacao,
  registerPenhora,
} from '../storage/party-writes.ts';
import type { PaymentLine } from '../domain/liquidation/parties.ts';
import { withContratuaisAsExpense } from './contratuais-expense.ts';
import { appendEnteEvent } from '../storage/events.ts';
import { type FundingRow, putFunding } from '../storage/funding-store.ts';
import { getEnte } from '../storage/registry-store.ts';
import {
  type CessaoInput,
  type GrantInput,
  type PaymentInput,
  type RevokeInput,
  cancelPrecatorio,
  grantSuperpreference,
  registerCessao,
  registerPayment,
  revokeSuperpreference,
} from '../storage/registry-writes.ts';

/**
 * The staff writes on one precatório, one use case each (issue 15 §2): the API routes call these,
 * and so does anything else that writes, so a write is the same wherever it comes from. Each is one
 * transaction; what the write may do in the precatório's state is decided by the pure transitions
 * (domain/write-transitions.ts) inside the store's write.
 */
/**
 * A staff payment is a liquidation on its date (R6.1): once the precatório is locked, what its
 * beneficiary is owed that day is computed (A − B, R5.15) and the payment is split into the
 * components it extinguishes (R6.3); more than is owed is refused. Without a data-base or with no
 * index series stored it stays a face-value payment (the answer says so).
 */
/** The payee's tax facts from the ofício, for the withholding (R6.7); the natureza is the precatório's. */
export type PayeeTaxFacts = Omit<PayeeTax, 'natureza'>;

export async function payPrecatorio(
  db: Db,
  input: PaymentInput & { readonly payeeTax?: PayeeTaxFacts | undefined },
  valuation: { readonly rules: RuleBook; readonly env: CorrectionEnv | undefined },
): Promise<{
  precatorio: Precatorio;
  version: number;
  /** The payment's id (payments.id): it names the payment document (R6.20). */
  paymentId: string;
  liquidation: Liquidation | undefined;
  withholding: Withholding | undefined;
  /** Why no withholding was recorded (face value, facts not registered), when none was. */
  withholdingMotivo: string | undefined;
  faceMotivo: string | undefined;
  lines: readonly PaymentLine[] | undefined;
}> {
  let liquidation: Liquidation | undefined;
  let withholding: Withholding | undefined;
  let withholdingMotivo: string | undefined;
  let faceMotivo: string | undefined;
  const payeeTax = input.payeeTax;
  const r = await db.transaction((tx) =>
    registerPayment(tx, {
      ...input,
      tax: valuation.rules.tax,
      // R6.6–R6.13: the liquidated gross is split into IRRF, previdência and net — with the facts typed
      // for this payment when given (they win and are recorded), else with the registered ones (0010).
      // R6.8 §2 / R6.14: either way the contratuais destacados are an expense of the RRA base.
      withhold: async (p, l) => {
        if (payeeTax) {
          const payee = withContratuaisAsExpense({ ...payeeTax, natureza: p.natureza }, p, input.beneficiarioId, l);
          const w = withholdLiquidation(l, payee, input.paidOn, valuation.rules.tax);
          if (!w.ok) throw new StoreError('invalido', 'retencao', describeWithholdingError(w.error));
          withholding = w.value;
        } else {
          const w = await withholdFromRegistry(tx, p, input.beneficiarioId, l, input.paidOn, valuation.rules);
          if (w.kind === 'retida') withholding = w.withholding;
          else withholdingMotivo = w.motivo;
        }
        return withholding;
      },
      liquidate: async (p) => {
        const found = await getEnte(tx, p.enteId);
        if (!found) return undefined;
        const valuations = await valuationsOn(
          tx,
          { precatorios: [p], ente: found.ente, paidOn: input.paidOn, rules: valuation.rules, env: valuation.env, dateField: 'pagoEm' },
          { numero: p.numero },
        );
        const v = valuations.get(valuationKey(p.numero, input.beneficiarioId));
        if (!v) return undefined; // unknown beneficiary or a precatório not payable: the transition says why
        if (v.kind === 'face') {
          // A withholding on face money would tax the wrong amount: it needs the liquidation on the date.
          if (payeeTax)
            throw new StoreError('invalido', 'retencao', `retenção só sobre pagamento liquidado na data; este seria pelo valor de face: ${v.motivo}`);
          faceMotivo = v.motivo;
          withholdingMotivo = FACE_VALUE_RETENTION;
          return undefined;
        }
        const l = liquidatePayment(v.owed, input.amountBrl, v.faceOpenBrl, DEFAULT_LIQUIDATION_CONFIG);
        if (!l.ok) throw new StoreError('invalido', 'valor', describeLiquidationError(l.error));
        liquidation = l.value;
        return l.value;
      },
      // R7.2: the payment also debits the ente's special account, when the ente keeps one.
    }).then((paid) => debitAfterPayment(tx, input, paid)),
  );
  return { ...r, liquidation, withholding, withholdingMotivo, faceMotivo };
}
export const cedePrecatorio = (db: Db, input: CessaoInput) => db.transaction((tx) => registerCessao(tx, input));
export const cedeFractionOfPrecatorio = (db: Db, input: FractionCessaoInput) => db.transaction((tx) => registerFractionCessao(tx, input));
export const penhorarPrecatorio = (db: Db, input: PenhoraInput) => db.transaction((tx) => registerPenhora(tx, input));
export const habilitarHerdeiros = (db: Db, input: HabilitacaoInput) => db.transaction((tx) => registerHabilitacao(tx, input));
export const grantPrecatorioSuperpreference = (db: Db, input: GrantInput) => db.transaction((tx) => grantSuperpreference(tx, input));
export const revokePrecatorioSuperpreference = (db: Db, input: RevokeInput) => db.transaction((tx) => revokeSuperpreference(tx, input));
export const cancelRegisteredPrecatorio = (db: Db, input: Parameters<typeof cancelPrecatorio>[1]) => db.transaction((tx) => cancelPrecatorio(tx, input));

export interface FundingChange {
  readonly enteId: string;
  readonly actor: string;
  readonly validFrom: IsoDate;
  readonly kind: FundingRow['kind'];
  readonly amount: Money;
  /** Fraction to the chronological order; by default `defaultChronologicalShare` (the legal minimum in the regime especial). */
  readonly chronologicalShare?: string | undefined;
  readonly legalBasis?: string | undefined;
}

/** Funding of the payment projection (issue 6): one row per start date and kind, and an event for each change. */
export async function setFunding(db: Db, rules: RuleBook, change: FundingChange): Promise<FundingRow> {
  const found = await getEnte(db, change.enteId);
  if (!found) throw new StoreError('nao-encontrado', 'id', `ente ${change.enteId} não encontrado`);
  // The share's law is the one in force when the row starts (R7.5: ADCT 102 caput from EC 94/2016).
  const share =
    change.chronologicalShare === undefined
      ? defaultChronologicalShare(rules, found.ente.regime, change.kind, change.validFrom)
      : new Dec(change.chronologicalShare);
  const problem = chronologicalShareProblem(share, chronologicalShareMinimum(rules, change.validFrom));
  if (problem) throw new StoreError('invalido', 'parcelaCronologica', problem);
  const row: FundingRow = {
    validFrom: change.validFrom,
    kind: change.kind,
    amount: change.amount,
    chronologicalShare: share,
    legalBasis: change.legalBasis ?? '',
  };
  await db.transaction(async (tx) => {
    await putFunding(tx, change.enteId, row);
    await appendEnteEvent(tx, {
      actor: change.actor,
      kind: 'financiamento-alterado',
      enteId: change.enteId,
      after: { vigenteDesde: row.validFrom, tipo: row.kind, valor: row.amount.toFixed(2), parcelaCronologica: share.toString(), fundamento: row.legalBasis },
    });
  });
  return row;
}
