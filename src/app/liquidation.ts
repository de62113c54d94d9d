import { CorrectionService } from './correction-environment.ts';
import { type CorrectionEnv, type CorrectionRules, isModulated } from '../domain/correction/index.ts';
import { COMPONENT_NAMES, type Components, principalOnly } from '../domain/correction/types.ts';
import { type IsoDate, type YearMonth, monthOf } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import { type Credit, type ItemLiquidation, type Owed, type PriorPayment, describeLiquidationError, owedOn } from '../domain/liquidation/index.ts';
import { type Money, ZERO, money } from '../domain/money.ts';
import { type Beneficiario, type Precatorio, saldoOf } from '../domain/precatorio.ts';
import { sortKeyOf } from '../domain/queue/ordering.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';

/**
 * How a payment use case values each beneficiary on the payment date (money-movements.md §6.1):
 * liquidated — owed by A − B (R5.15), by component — or, where the registry cannot correct it, the
 * registered face balance with the reason (no data-base; no index series stored at all). A
 * correction that fails for another reason (a month not yet published, a missing series) stops
 * the payment, naming the precatório, the series and the month.
 */
export type Valuation =
  | { readonly kind: 'liquidado'; readonly owed: Owed; readonly faceOpenBrl: Money; readonly superprefPaidBrl: Money }
  | { readonly kind: 'face'; readonly motivo: string; readonly faceOpenBrl: Money; readonly superprefPaidBrl: Money };

export const openOf = (v: Valuation): Money => (v.kind === 'liquidado' ? v.owed.totalBrl : v.faceOpenBrl);
export const valuationKey = (numero: string, beneficiarioId: string) => `${numero}\u0000${beneficiarioId}`;

/** The correction environment stored in the registry (index series + rules), or undefined when no series is stored. */
export function storedCorrectionEnv(db: Db, rules: CorrectionRules): Promise<CorrectionEnv | undefined> {
  return new CorrectionService(db, rules, 0).env();
}

interface PaymentRow {
  numero: string;
  bid: string;
  kind: string;
  amount: string;
  calc_month: YearMonth | null;
  principal: string | null;
  juros_mora: string | null;
  selic: string | null;
  juros_ec136: string | null;
  face_extinguished: string | null;
}

/** Every payment of an ente's (or one precatório's) beneficiaries, oldest first. */
async function paymentRows(db: Db, where: { enteId: string } | { numero: string }): Promise<Map<string, PaymentRow[]>> {
  const { rows } = await db.query<PaymentRow>(
    `select p.precatorio_numero as numero, p.beneficiario_id as bid, p.kind, p.amount::text as amount, p.calc_month,
            p.principal::text as principal, p.juros_mora::text as juros_mora, p.selic::text as selic, p.juros_ec136::text as juros_ec136,
            p.face_extinguished::text as face_extinguished
       from payments p join precatorios pr on pr.numero = p.precatorio_numero
      where ${'enteId' in where ? 'pr.ente_id = $1' : 'p.precatorio_numero = $1'} order by p.id`,
    ['enteId' in where ? where.enteId : where.numero],
  );
  const byBeneficiary = new Map<string, PaymentRow[]>();
  for (const r of rows) {
    const k = valuationKey(r.numero, r.bid);
    byBeneficiary.set(k, [...(byBeneficiary.get(k) ?? []), r]);
  }
  return byBeneficiary;
}

/**
 * The credit as the liquidation reads it. Liquidated payments (migration 0006) are B terms from the
 * month they were calculated. What `pago` counts beyond them (an imported `pago`, or a face-value
 * payment recorded before 0006) was money of the data-base: it comes off the face instead.
 */
function creditOf(
  p: Precatorio & { dataBase: YearMonth },
  b: Beneficiario,
  ente: EnteDevedor,
  rules: RuleBook,
  env: CorrectionEnv,
  rows: readonly PaymentRow[],
): Credit {
  const liquidated = rows.filter((r) => r.calc_month !== null);
  const faceLiquidated = liquidated.reduce((a, r) => a.plus(money(r.face_extinguished!)), ZERO);
  const payments: PriorPayment[] = liquidated.map((r) => ({
    calcMonth: r.calc_month!,
    paid: { principal: money(r.principal!), jurosMora: money(r.juros_mora!), selic: money(r.selic!), jurosEc136: money(r.juros_ec136!) },
  }));
  return {
    faceBrl: b.valorBrl.minus(b.pagoBrl.minus(faceLiquidated)),
    dataBase: p.dataBase,
    context: {
      natureza: p.natureza,
      tributario: p.tributario,
      modulated: isModulated(p, env.rules),
      esfera: ente.esfera,
      budgetYear: sortKeyOf(p, rules).budgetYear,
    },
    payments,
    settled: saldoOf(b).isZero(),
  };
}

/** R6.5: superpreference already paid, in money of each payment (face for what predates 0006). */
function superprefPaid(b: Beneficiario, rows: readonly PaymentRow[]): Money {
  let paid = b.superpreferenciaPagaBrl;
  for (const r of rows) if (r.kind === 'superpreferencia' && r.calc_month !== null) paid = paid.minus(money(r.face_extinguished!)).plus(money(r.amount));
  return paid;
}

export interface ValuationRequest {
  readonly precatorios: readonly Precatorio[];
  readonly ente: EnteDevedor;
  readonly paidOn: IsoDate;
  readonly rules: RuleBook;
  readonly env: CorrectionEnv | undefined;
  /** The request field the payment date came in (for the error). */
  readonly dateField: string;
}

/** Each open beneficiary's value on the payment date, keyed by `valuationKey`. */
export async function valuationsOn(db: Db, req: ValuationRequest, scope: { enteId: string } | { numero: string }): Promise<Map<string, Valuation>> {
  const rowsOf = await paymentRows(db, scope);
  const month = monthOf(req.paidOn);
  const out = new Map<string, Valuation>();
  for (const p of req.precatorios) {
    if (p.status !== 'ativo' && p.status !== 'suspenso') continue;
    for (const b of p.beneficiarios) {
      const rows = rowsOf.get(valuationKey(p.numero, b.id)) ?? [];
      const base = { faceOpenBrl: saldoOf(b), superprefPaidBrl: superprefPaid(b, rows) };
      const k = valuationKey(p.numero, b.id);
      if (p.dataBase === undefined) {
        out.set(k, { kind: 'face', motivo: 'sem data-base registrada: pago pelo valor de face, sem correção', ...base });
        continue;
      }
      if (p.dataBase > month) {
        out.set(k, { kind: 'face', motivo: `data-base ${p.dataBase} posterior ao mês do pagamento: pago pelo valor de face`, ...base });
        continue;
      }
      if (req.env === undefined) {
        out.set(k, { kind: 'face', motivo: 'índices não carregados no registro: pago pelo valor de face, sem correção', ...base });
        continue;
      }
      const owed = owedOn(creditOf({ ...p, dataBase: p.dataBase }, b, req.ente, req.rules, req.env, rows), month, req.env);
      if (!owed.ok)
        throw new StoreError(
          'invalido',
          req.dateField,
          `não é possível liquidar o precatório ${p.numero} em ${req.paidOn}: ${describeLiquidationError(owed.error)}`,
        );
      out.set(k, { kind: 'liquidado', owed: owed.value, ...base });
    }
  }
  return out;
}

export function componentsJson(c: Components): Record<(typeof COMPONENT_NAMES)[number], string> {
  return { principal: c.principal.toFixed(2), jurosMora: c.jurosMora.toFixed(2), selic: c.selic.toFixed(2), jurosEc136: c.jurosEc136.toFixed(2) };
}

export function componentsFromJson(j: Record<(typeof COMPONENT_NAMES)[number], string>): Components {
  return { ...principalOnly(money(j.principal)), jurosMora: money(j.jurosMora), selic: money(j.selic), jurosEc136: money(j.jurosEc136) };
}

/** One liquidated payment as the API answers it and `pagar --formato json` prints it (R6.1, R6.2). */
export function liquidationJson(l: ItemLiquidation) {
  return { mes: l.month, devido: l.owedBrl.toFixed(2), componentes: componentsJson(l.paid), emAberto: componentsJson(l.openAfter) };
}

/**
 * What the whole precatório owes in `month` by A − B (R5.15), for the public lookup, when any of its
 * payments was liquidated (else undefined: the open face corrected from the data-base is the same
 * figure). The lookup's corrected value is then what a full payment that month would pay.
 */
export async function owedForLookup(
  db: Db,
  p: Precatorio & { dataBase: YearMonth },
  ente: EnteDevedor,
  rules: RuleBook,
  month: YearMonth,
  env: CorrectionEnv,
): Promise<{ components: Components; totalBrl: Money; paymentsCorrectedBrl: Money; provisional: boolean } | { erro: string } | undefined> {
  const rowsOf = await paymentRows(db, { numero: p.numero });
  if (![...rowsOf.values()].some((rows) => rows.some((r) => r.calc_month !== null))) return undefined;
  let components: Components = principalOnly(ZERO);
  let paymentsCorrectedBrl = ZERO;
  let provisional = false;
  for (const b of p.beneficiarios) {
    const owed = owedOn(creditOf(p, b, ente, rules, env, rowsOf.get(valuationKey(p.numero, b.id)) ?? []), month, env, 'ESTIMATE');
    if (!owed.ok) return { erro: describeLiquidationError(owed.error) };
    components = {
      principal: components.principal.plus(owed.value.components.principal),
      jurosMora: components.jurosMora.plus(owed.value.components.jurosMora),
      selic: components.selic.plus(owed.value.components.selic),
      jurosEc136: components.jurosEc136.plus(owed.value.components.jurosEc136),
    };
    paymentsCorrectedBrl = paymentsCorrectedBrl.plus(owed.value.paymentsCorrectedBrl);
    provisional ||= owed.value.corrected?.provisional ?? false;
  }
  return { components, totalBrl: COMPONENT_NAMES.reduce((a, n) => a.plus(components[n]), ZERO), paymentsCorrectedBrl, provisional };
}
