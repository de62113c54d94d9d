import { type IsoDate, type YearMonth, yearMonth } from '../domain/dates.ts';
import {
  type DefaultReport,
  type Ec136Limit,
  type Ec136Rules,
  DEFAULT_DEFAULT_CONFIG,
  detectDefault,
  ec136Limit,
  isEc136Problem,
  monthlyOf,
} from '../domain/ec136/limit.ts';
import { Dec, type Money, money } from '../domain/money.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { appendEnteEvent } from '../storage/events.ts';
import { getEnte } from '../storage/registry-store.ts';
import { ledgerOf } from '../storage/special-account-store.ts';

/**
 * The EC 136 plan of a debtor (issue 17 §3; money-movements.md R7.8, R7.9): the RCL per year with
 * its source (staff write, one event with before and after), the yearly limit of the stock/RCL tier,
 * the monthly parcel it implies, and the default check of the year's deposits in the special account
 * ledger. The API route (GET/PUT /api/entes/:id/plano-ec136…) and the CLI (`precatorios plano`) both
 * call these.
 */

/** Advisory-lock class of the RCL rows (second key: the ente's hash): one writer per ente. */
const RCL_LOCK_CLASS = 170_013;

export interface RclRow {
  readonly exercicio: number;
  readonly rcl: Money;
  readonly estoqueMora: Money | undefined;
  readonly fonte: string;
}

export interface RclInput {
  readonly enteId: string;
  readonly actor: string;
  readonly exercicio: number;
  readonly rcl: Money;
  readonly estoqueMora?: Money | undefined;
  readonly fonte: string;
}

/** Years an RCL may be recorded for: the EC 136 limits start with the plans of 2025 (RCL of 2024), up to 2100. */
export const RCL_YEARS = { min: 2000, max: 2100 } as const;

async function enteOr404(db: Db, enteId: string) {
  const found = await getEnte(db, enteId);
  if (!found) throw new StoreError('nao-encontrado', 'id', `ente ${enteId} não encontrado`);
  return found.ente;
}

export async function rclRowsOf(db: Db, enteId: string): Promise<RclRow[]> {
  const { rows } = await db.query<{ exercicio: number; rcl: string; estoque_mora: string | null; fonte: string }>(
    'select exercicio, rcl::text as rcl, estoque_mora::text as estoque_mora, fonte from ente_rcl where ente_id = $1 order by exercicio',
    [enteId],
  );
  return rows.map((r) => ({
    exercicio: Number(r.exercicio),
    rcl: money(r.rcl),
    estoqueMora: r.estoque_mora === null ? undefined : money(r.estoque_mora),
    fonte: r.fonte,
  }));
}

export type RclJson = ReturnType<typeof rclJson>;
const rclJson = (r: RclRow) => ({ exercicio: r.exercicio, rcl: r.rcl.toFixed(2), estoqueMora: r.estoqueMora?.toFixed(2) ?? null, fonte: r.fonte });

/** Why an RCL input is refused (Portuguese, naming the field), or undefined. */
export function rclInputProblem(input: Omit<RclInput, 'enteId' | 'actor'>): { field: string; message: string } | undefined {
  if (!Number.isInteger(input.exercicio) || input.exercicio < RCL_YEARS.min || input.exercicio > RCL_YEARS.max)
    return { field: 'exercicio', message: `o exercício deve ser um ano de ${RCL_YEARS.min} a ${RCL_YEARS.max} (recebido ${input.exercicio})` };
  if (!input.rcl.greaterThan(0)) return { field: 'rcl', message: `a RCL deve ser maior que zero (recebido ${input.rcl.toFixed(2)})` };
  if (input.rcl.decimalPlaces() > 2) return { field: 'rcl', message: 'a RCL tem no máximo 2 casas decimais' };
  if (input.estoqueMora?.isNegative())
    return { field: 'estoqueMora', message: `o estoque em mora não pode ser negativo (recebido ${input.estoqueMora.toFixed(2)})` };
  if (input.estoqueMora && input.estoqueMora.decimalPlaces() > 2) return { field: 'estoqueMora', message: 'o estoque em mora tem no máximo 2 casas decimais' };
  if (!input.fonte.trim() || input.fonte.length > 500)
    return { field: 'fonte', message: 'a fonte da RCL é obrigatória (até 500 caracteres): RREO, lei, ofício' };
  return undefined;
}

/** Records (or corrects) the RCL of one exercício; one event `rcl-registrada` with before and after (R7.8). */
export async function recordRcl(db: Db, input: RclInput): Promise<RclRow> {
  const problem = rclInputProblem(input);
  if (problem) throw new StoreError('invalido', problem.field, problem.message);
  await enteOr404(db, input.enteId);
  const row: RclRow = { exercicio: input.exercicio, rcl: input.rcl, estoqueMora: input.estoqueMora, fonte: input.fonte.trim() };
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [RCL_LOCK_CLASS, input.enteId]);
    const before = (await rclRowsOf(tx, input.enteId)).find((r) => r.exercicio === input.exercicio);
    await tx.query(
      `insert into ente_rcl (ente_id, exercicio, rcl, estoque_mora, fonte, actor) values ($1, $2, $3, $4, $5, $6)
       on conflict (ente_id, exercicio) do update set rcl = excluded.rcl, estoque_mora = excluded.estoque_mora, fonte = excluded.fonte,
         actor = excluded.actor, updated_at = now()`,
      [input.enteId, row.exercicio, row.rcl.toFixed(2), row.estoqueMora?.toFixed(2) ?? null, row.fonte, input.actor],
    );
    await appendEnteEvent(tx, {
      actor: input.actor,
      kind: 'rcl-registrada',
      enteId: input.enteId,
      after: { antes: before ? rclJson(before) : null, depois: rclJson(row) },
    });
  });
  return row;
}

/** The registry's own stock of the ente: Σ (valor − pago) of open precatórios, nominal ([UNC] R7.8 `stockInMora` without update; OWN_LIST). */
async function registryStock(db: Db, enteId: string): Promise<Money> {
  const { rows } = await db.query<{ s: string | null }>(
    `select sum(b.valor - b.pago)::text as s from beneficiarios b join precatorios p on p.numero = b.precatorio_numero
     where p.ente_id = $1 and p.status in ('ativo', 'suspenso')`,
    [enteId],
  );
  return money(rows[0]?.s ?? '0');
}

export interface PlanInput {
  readonly enteId: string;
  readonly ano: number;
  /** The day the default is judged on (months whose due date + grace is later are not judged). */
  readonly asOf: IsoDate;
  /** What-if: another RCL of exercício ano − 1. */
  readonly rcl?: Money | undefined;
  /** What-if: another stock in mora on 1 Jan ano. */
  readonly estoque?: Money | undefined;
}

export interface Ec136Plan {
  readonly enteId: string;
  readonly ano: number;
  readonly hipotese: boolean;
  readonly rcl: { readonly valor: Money; readonly exercicio: number; readonly fonte: string };
  readonly estoque: { readonly valor: Money; readonly fonte: string };
  readonly limite: Ec136Limit;
  /** The year's plan: min(limit, stock) — R7.8 `CEILING_AND_PLANNED_FLOOR` [UNC]. */
  readonly planoAnual: Money;
  readonly parcelaMensal: Money;
  readonly inadimplencia: DefaultReport;
}

/** No RCL of exercício ano − 1 is known: the plan cannot be computed (said, not refused). */
export interface MissingRcl {
  readonly enteId: string;
  readonly ano: number;
  readonly semRcl: string;
}

/** R7.8 + R7.9 for one ente and year; refuses with the field named when a what-if value is out of range. */
export async function ec136PlanOf(db: Db, rules: Ec136Rules, input: PlanInput): Promise<Ec136Plan | MissingRcl> {
  await enteOr404(db, input.enteId);
  const base = (await rclRowsOf(db, input.enteId)).find((r) => r.exercicio === input.ano - 1);
  const rclValue = input.rcl ?? base?.rcl;
  if (!rclValue)
    return {
      enteId: input.enteId,
      ano: input.ano,
      semRcl: `sem RCL registrada do exercício ${input.ano - 1}: a equipe a registra (POST /api/entes/${input.enteId}/rcl, precatorios plano rcl) ou informe rclHipotese`,
    };
  const stock = input.estoque ?? base?.estoqueMora ?? (await registryStock(db, input.enteId));
  const stockSource = input.estoque
    ? 'hipótese informada'
    : base?.estoqueMora
      ? base.fonte
      : 'saldo nominal dos precatórios abertos do registro (sem atualização; só a lista do TJ) [UNC R7.8]';
  const limite = ec136Limit(rules, { year: input.ano, rcl: rclValue, stockInMora: stock });
  if (isEc136Problem(limite)) throw new StoreError('invalido', limite.field, limite.message);
  const planoAnual = Dec.min(limite.yearly, stock);
  const parcelaMensal = monthlyOf(planoAnual, 12);
  // Sequestro money (R7.9, ADCT 104 I "até o limite do valor não liberado") counts as released.
  const deposits = (await ledgerOf(db, input.enteId)).filter(
    (e) => (e.kind === 'DEPOSITO' || e.kind === 'SEQUESTRO') && e.direction === 'credito' && e.date.startsWith(`${input.ano}-`),
  );
  const from = yearMonth(`${input.ano}-01`);
  const until: YearMonth = yearMonth(`${input.ano}-12`);
  const inadimplencia = detectDefault(
    () => parcelaMensal,
    deposits.map((d) => ({ date: d.date, amount: d.amount })),
    from,
    until,
    input.asOf,
    DEFAULT_DEFAULT_CONFIG,
  );
  return {
    enteId: input.enteId,
    ano: input.ano,
    hipotese: input.rcl !== undefined || input.estoque !== undefined,
    rcl: { valor: rclValue, exercicio: input.ano - 1, fonte: input.rcl ? 'hipótese informada' : (base?.fonte ?? '') },
    estoque: { valor: stock, fonte: stockSource },
    limite,
    planoAnual,
    parcelaMensal,
    inadimplencia,
  };
}

/** The plan as JSON (API answer and `plano --formato json`): money as exact decimal text. */
export function planJson(p: Ec136Plan | MissingRcl) {
  if ('semRcl' in p) return { ente: p.enteId, ano: p.ano, rcl: null, motivo: p.semRcl };
  return {
    ente: p.enteId,
    ano: p.ano,
    hipotese: p.hipotese,
    rcl: { valor: p.rcl.valor.toFixed(2), exercicio: p.rcl.exercicio, fonte: p.rcl.fonte },
    estoqueEmMora: { valor: p.estoque.valor.toFixed(2), fonte: p.estoque.fonte },
    razaoEstoqueRcl: p.limite.ratio.toDecimalPlaces(6, Dec.ROUND_DOWN).toString(),
    inciso: p.limite.inciso,
    percentualRcl: p.limite.limitShare.times(100).toString(),
    limiteAnual: p.limite.yearly.toFixed(2),
    planoAnual: p.planoAnual.toFixed(2),
    depositoMensal: p.parcelaMensal.toFixed(2),
    fundamento: p.limite.legalBasis,
    inadimplencia: {
      inadimplente: p.inadimplencia.inadimplente,
      valorNaoLiberado: p.inadimplencia.shortfall.toFixed(2),
      mesesEmAtraso: p.inadimplencia.monthsInDefault,
      meses: p.inadimplencia.months.map((m) => ({
        mes: m.month,
        vencimento: m.dueDate,
        devidoAcumulado: m.dueToDate.toFixed(2),
        depositadoAcumulado: m.depositedToDate.toFixed(2),
        falta: m.shortfall.toFixed(2),
      })),
      regra: 'R7.9: parcelas do plano acumuladas até o vencimento (último dia do mês) × depósitos feitos até então (ADCT 103–104)',
    },
  };
}

export const rclRowsJson = (rows: readonly RclRow[]) => rows.map(rclJson);
export type PlanJson = ReturnType<typeof planJson>;
