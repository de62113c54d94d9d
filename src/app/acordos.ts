import { COMPONENT_NAMES, type Components } from '../domain/correction/types.ts';
import type { CorrectionEnv } from '../domain/correction/index.ts';
import { ADCT102_DESAGIO_MAX, type CallPlan, type Edital, editalProblem, habilitacaoProblem, planCall } from '../domain/acordos.ts';
import type { IsoDate } from '../domain/dates.ts';
import { DEFAULT_LIQUIDATION_CONFIG, type Liquidation, describeLiquidationError, liquidatePayment } from '../domain/liquidation/index.ts';
import { Dec, ZERO } from '../domain/money.ts';
import { type Precatorio, saldoOf } from '../domain/precatorio.ts';
import { compareSortKeys, sortKeyOf } from '../domain/queue/ordering.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { availableOn } from '../domain/special-account/index.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { appendEnteEvent } from '../storage/events.ts';
import { findPrecatorio, getEnte } from '../storage/registry-store.ts';
import { registerPayment } from '../storage/registry-writes.ts';
import { ledgerOf, lockSpecialAccount } from '../storage/special-account-store.ts';
import { valuationKey, valuationsOn } from './liquidation.ts';
import { withholdFromRegistry } from './payment-withholding.ts';
import { debitIn } from './special-account.ts';

/**
 * Acordos diretos (issue 17 §2; money-movements.md R7.6, R7.7; ADCT 102 §1; Lei PA 7.482/2010):
 * staff opens an edital per ente, habilita creditors with the deságio they accept, and calls them
 * in the original chronological order against the ACORDO account's balance on a date — a preview
 * first, then the confirmation that liquidates, withholds, pays, debits and records. One home for
 * each use case: the API routes and the CLI call these.
 */
export interface EditalInput {
  readonly enteId: string;
  readonly actor: string;
  readonly numero: string;
  readonly abertura: IsoDate;
  readonly encerramento: IsoDate;
  /** Fraction; by default the ADCT 102 §1 cap (R7.6 [UNC] default 0,40). */
  readonly desagioMax?: Dec | undefined;
  /** The share of deposits for acordos the edital announces (informative; the split itself is the plan's, R7.5). */
  readonly parcelaAcordos?: Dec | undefined;
  readonly fundamento?: string | undefined;
}

export interface EditalJson {
  id: string;
  ente: string;
  numero: string;
  abertura: IsoDate;
  encerramento: IsoDate;
  desagioMaximo: string;
  parcelaAcordos: string | null;
  fundamento: string;
}

interface EditalRow {
  id: string;
  ente_id: string;
  numero: string;
  abertura: string;
  encerramento: string;
  desagio_max: string;
  parcela_acordos: string | null;
  fundamento: string;
}

const EDITAL_COLUMNS = `id::text as id, ente_id, numero, abertura::text as abertura, encerramento::text as encerramento,
  desagio_max::text as desagio_max, parcela_acordos::text as parcela_acordos, fundamento`;

const editalJson = (r: EditalRow): EditalJson => ({
  id: r.id,
  ente: r.ente_id,
  numero: r.numero,
  abertura: r.abertura as IsoDate,
  encerramento: r.encerramento as IsoDate,
  desagioMaximo: new Dec(r.desagio_max).toString(),
  parcelaAcordos: r.parcela_acordos === null ? null : new Dec(r.parcela_acordos).toString(),
  fundamento: r.fundamento,
});
const editalOf = (j: EditalJson): Edital => ({ abertura: j.abertura, encerramento: j.encerramento, desagioMax: new Dec(j.desagioMaximo) });

async function editalOr404(db: Db, editalId: string, forUpdate = false): Promise<EditalJson> {
  if (!/^\d{1,18}$/.test(editalId)) throw new StoreError('nao-encontrado', 'edital', `edital ${editalId} não encontrado`);
  const { rows } = await db.query<EditalRow>(`select ${EDITAL_COLUMNS} from acordo_editais where id = $1${forUpdate ? ' for update' : ''}`, [editalId]);
  if (!rows[0]) throw new StoreError('nao-encontrado', 'edital', `edital ${editalId} não encontrado`);
  return editalJson(rows[0]);
}

/** R7.7: the tribunal's edital de convocação for one ente — period and deságio limit (≤ 40 %, R7.6). */
export async function createEdital(db: Db, input: EditalInput): Promise<EditalJson> {
  const found = await getEnte(db, input.enteId);
  if (!found) throw new StoreError('nao-encontrado', 'id', `ente ${input.enteId} não encontrado`);
  if (found.ente.regime !== 'especial')
    throw new StoreError('invalido', 'ente', `o ente ${input.enteId} não está no regime especial: acordo direto do ADCT art. 102 §1º não se aplica`);
  if (input.numero.trim() === '') throw new StoreError('invalido', 'numero', 'número do edital vazio');
  const desagioMax = input.desagioMax ?? ADCT102_DESAGIO_MAX;
  const problem = editalProblem({ abertura: input.abertura, encerramento: input.encerramento, desagioMax });
  if (problem) throw new StoreError('invalido', problem.campo, problem.motivo);
  if (input.parcelaAcordos && (input.parcelaAcordos.isNegative() || input.parcelaAcordos.greaterThan('0.5')))
    throw new StoreError(
      'invalido',
      'parcelaAcordos',
      'a parcela para acordos fica entre 0 e 0,5: ao menos metade vai à ordem cronológica (ADCT art. 102, R7.5)',
    );
  return db.transaction(async (tx) => {
    const dup = await tx.query('select 1 from acordo_editais where ente_id = $1 and numero = $2', [input.enteId, input.numero]);
    if (dup.rows.length > 0) throw new StoreError('conflito', 'numero', `o ente ${input.enteId} já tem o edital ${input.numero}`);
    const after = {
      numero: input.numero,
      abertura: input.abertura,
      encerramento: input.encerramento,
      desagioMaximo: desagioMax.toString(),
      parcelaAcordos: input.parcelaAcordos?.toString() ?? null,
      fundamento: input.fundamento ?? '',
    };
    const eventId = await appendEnteEvent(tx, { actor: input.actor, kind: 'acordo-edital-aberto', enteId: input.enteId, after });
    const { rows } = await tx.query<EditalRow>(
      `insert into acordo_editais (ente_id, numero, abertura, encerramento, desagio_max, parcela_acordos, fundamento, actor, event_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${EDITAL_COLUMNS}`,
      [input.enteId, input.numero, input.abertura, input.encerramento, desagioMax.toString(), after.parcelaAcordos, after.fundamento, input.actor, eventId],
    );
    return editalJson(rows[0]!);
  });
}

export interface HabilitacaoInput {
  readonly editalId: string;
  readonly actor: string;
  readonly numero: string;
  readonly beneficiarioId: string;
  readonly desagio: Dec;
  readonly date: IsoDate;
}

export interface HabilitacaoJson {
  id: string;
  edital: string;
  precatorio: string;
  beneficiario: string;
  desagio: string;
  habilitadoEm: IsoDate;
  situacao: 'habilitado' | 'pago';
  pagamento: string | null;
}

/** Whether this credit was already settled by an acordo (in any edital): it is never paid again (R7.7 2). */
async function acordoPaidFor(db: Db, numero: string, beneficiarioId: string): Promise<boolean> {
  const { rows } = await db.query(`select 1 from acordo_habilitacoes where precatorio_numero = $1 and beneficiario_id = $2 and status = 'pago'`, [
    numero,
    beneficiarioId,
  ]);
  return rows.length > 0;
}

/** R7.7: a creditor habilitado in the edital, in its period, with a deságio ≤ the edital's limit (R7.6). */
export async function habilitar(db: Db, input: HabilitacaoInput): Promise<HabilitacaoJson> {
  return db.transaction(async (tx) => {
    const edital = await editalOr404(tx, input.editalId, true);
    const problem = habilitacaoProblem(editalOf(edital), input.date, input.desagio);
    if (problem) throw new StoreError('invalido', problem.campo, problem.motivo);
    const found = await findPrecatorio(tx, input.numero);
    if (!found) throw new StoreError('nao-encontrado', 'numero', `precatório ${input.numero} não encontrado`);
    const p = found.precatorio;
    if (p.enteId !== edital.ente)
      throw new StoreError('invalido', 'numero', `o precatório ${p.numero} é do ente ${p.enteId}, não do ente do edital (${edital.ente})`);
    const b = p.beneficiarios.find((x) => x.id === input.beneficiarioId);
    if (!b) throw new StoreError('nao-encontrado', 'beneficiario', `beneficiário ${input.beneficiarioId} não encontrado no precatório ${p.numero}`);
    if (await acordoPaidFor(tx, p.numero, b.id))
      throw new StoreError('conflito', 'beneficiario', `o crédito de ${b.id} no precatório ${p.numero} já foi quitado por acordo (R7.7)`);
    if (p.status !== 'ativo' || !saldoOf(b).greaterThan(0))
      throw new StoreError('invalido', 'beneficiario', `o crédito de ${b.id} no precatório ${p.numero} não está em aberto (situação ${p.status})`);
    const dup = await tx.query('select 1 from acordo_habilitacoes where edital_id = $1 and precatorio_numero = $2 and beneficiario_id = $3', [
      edital.id,
      p.numero,
      b.id,
    ]);
    if (dup.rows.length > 0)
      throw new StoreError('conflito', 'beneficiario', `${b.id} do precatório ${p.numero} já está habilitado no edital ${edital.numero}`);
    const eventId = await appendEnteEvent(tx, {
      actor: input.actor,
      kind: 'acordo-habilitacao',
      enteId: edital.ente,
      after: { edital: edital.numero, precatorio: p.numero, beneficiario: b.id, desagio: input.desagio.toString(), data: input.date },
    });
    const { rows } = await tx.query<{ id: string }>(
      `insert into acordo_habilitacoes (edital_id, precatorio_numero, beneficiario_id, desagio, habilitado_em, actor, event_id)
       values ($1, $2, $3, $4, $5, $6, $7) returning id::text as id`,
      [edital.id, p.numero, b.id, input.desagio.toString(), input.date, input.actor, eventId],
    );
    return {
      id: rows[0]!.id,
      edital: edital.id,
      precatorio: p.numero,
      beneficiario: b.id,
      desagio: input.desagio.toString(),
      habilitadoEm: input.date,
      situacao: 'habilitado',
      pagamento: null,
    };
  });
}

/** The edital and its habilitados, in the order they will be called. */
export async function editalWithHabilitados(db: Db, rules: RuleBook, editalId: string) {
  const edital = await editalOr404(db, editalId);
  return { edital, habilitados: await orderedHabilitados(db, rules, edital.id) };
}

interface HabRow {
  id: string;
  precatorio_numero: string;
  beneficiario_id: string;
  desagio: string;
  habilitado_em: string;
  status: 'habilitado' | 'pago';
  payment_id: string | null;
}

/** R7.7 (TJPR-DJ86 art. 47): the habilitados in the original chronological order of their precatórios (R2.2), then beneficiário. */
async function orderedHabilitados(db: Db, rules: RuleBook, editalId: string): Promise<(HabilitacaoJson & { p: Precatorio | undefined })[]> {
  const { rows } = await db.query<HabRow>(
    `select id::text as id, precatorio_numero, beneficiario_id, desagio::text as desagio, habilitado_em::text as habilitado_em, status, payment_id::text as payment_id
       from acordo_habilitacoes where edital_id = $1`,
    [editalId],
  );
  const withP = await Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      edital: editalId,
      precatorio: r.precatorio_numero,
      beneficiario: r.beneficiario_id,
      desagio: new Dec(r.desagio).toString(),
      habilitadoEm: r.habilitado_em as IsoDate,
      situacao: r.status,
      pagamento: r.payment_id,
      p: (await findPrecatorio(db, r.precatorio_numero))?.precatorio,
    })),
  );
  const keyOf = new Map(withP.filter((h) => h.p).map((h) => [h.precatorio, sortKeyOf(h.p!, rules)]));
  return withP.sort((a, b) => {
    const ka = keyOf.get(a.precatorio);
    const kb = keyOf.get(b.precatorio);
    const byKey = ka && kb ? compareSortKeys(ka, kb) : 0;
    return byKey || (a.beneficiario < b.beneficiario ? -1 : a.beneficiario > b.beneficiario ? 1 : 0);
  });
}

export interface CallInput {
  readonly editalId: string;
  readonly actor: string;
  readonly date: IsoDate;
  /** false: a preview (dry run), nothing written; true: the acordos are paid. */
  readonly confirm: boolean;
}

export interface CallItem {
  habilitacao: string;
  precatorio: string;
  beneficiario: string;
  devido: string;
  desagio: string;
  renuncia: string;
  pago: string;
  pagamento: string | null;
  retencao: { irrf: string; previdencia: string; liquido: string } | null;
}

export type AcordoCallJson = CallResult;
export interface CallResult {
  edital: string;
  ente: string;
  data: IsoDate;
  confirmado: boolean;
  saldoAcordo: string;
  acordos: CallItem[];
  /** Where the call stopped (R7.7): the first habilitado the balance did not cover. */
  paradoEm: { precatorio: string; beneficiario: string; pago: string } | null;
  saldoRestante: string;
}

const zeroComponents = (): Components => Object.fromEntries(COMPONENT_NAMES.map((n) => [n, ZERO])) as unknown as Components;

/**
 * R7.7: calls the edital's habilitados in list order on `date` against the ACORDO account's balance
 * available that day; each acordo liquidates the credit on the date (R6.1), pays owed × (1 − deságio)
 * (its components pro rata, so the withholding taxes the discounted amounts, R7.7 4) and extinguishes
 * the rest (R7.7 2): the credit leaves the list, or the precatório is reduced when other beneficiaries
 * remain (R7.7 3). Debited from the ACORDO account only (R7.7 1). All in one transaction under the
 * special account's lock; a preview rolls nothing forward.
 */
export async function callAcordos(db: Db, rules: RuleBook, env: CorrectionEnv | undefined, input: CallInput): Promise<CallResult> {
  const preview = Symbol('preview');
  let result: CallResult | undefined;
  try {
    await db.transaction(async (tx) => {
      const edital = await editalOr404(tx, input.editalId, true);
      const found = await getEnte(tx, edital.ente);
      if (!found) throw new StoreError('nao-encontrado', 'ente', `ente ${edital.ente} não encontrado`);
      await lockSpecialAccount(tx, edital.ente);
      const balance = availableOn(await ledgerOf(tx, edital.ente), 'ACORDO', input.date);
      const open = (await orderedHabilitados(tx, rules, edital.id)).filter((h) => h.situacao === 'habilitado' && h.p && h.p.status === 'ativo');
      const valuations = await valuationsOn(
        tx,
        { precatorios: [...new Map(open.map((h) => [h.precatorio, h.p!])).values()], ente: found.ente, paidOn: input.date, rules, env, dateField: 'data' },
        { enteId: edital.ente },
      );
      const candidates = open.flatMap((h) => {
        const v = valuations.get(valuationKey(h.precatorio, h.beneficiario));
        if (!v) return [];
        if (v.kind === 'face')
          throw new StoreError('invalido', 'data', `acordo do precatório ${h.precatorio} (${h.beneficiario}) exige liquidação na data: ${v.motivo}`);
        return [{ key: { h, owed: v.owed, faceOpen: v.faceOpenBrl }, owedBrl: v.owed.totalBrl, desagio: new Dec(h.desagio) }];
      });
      const plan: CallPlan<(typeof candidates)[number]['key']> = planCall(candidates, balance);
      const items: CallItem[] = [];
      for (const a of plan.acordos) {
        const { h, owed, faceOpen } = a.key;
        const item: CallItem = {
          habilitacao: h.id,
          precatorio: h.precatorio,
          beneficiario: h.beneficiario,
          devido: a.owedBrl.toFixed(2),
          desagio: a.desagio.toString(),
          renuncia: a.renouncedBrl.toFixed(2),
          pago: a.paidBrl.toFixed(2),
          pagamento: null,
          retencao: null,
        };
        items.push(item);
        if (!input.confirm) continue;
        const partial = liquidatePayment(owed, a.paidBrl, faceOpen, DEFAULT_LIQUIDATION_CONFIG);
        if (!partial.ok) throw new StoreError('invalido', 'valor', describeLiquidationError(partial.error));
        // R7.7 2: the renounced part is extinguished with the paid one — nothing stays open, the whole face is gone.
        const settled: Liquidation = { ...partial.value, openAfter: zeroComponents(), openAfterBrl: ZERO, settles: true, faceExtinguishedBrl: faceOpen };
        const paid = await registerPayment(tx, {
          numero: h.precatorio,
          actor: input.actor,
          beneficiarioId: h.beneficiario,
          amountBrl: a.paidBrl,
          kind: 'acordo',
          paidOn: input.date,
          liquidation: settled,
          renouncedBrl: a.renouncedBrl,
          // R7.7 4: taxes on the discounted amounts (the partial liquidation's components and fraction).
          withhold: async (p) => {
            const w = await withholdFromRegistry(tx, p, h.beneficiario, partial.value, input.date, rules);
            if (w.kind !== 'retida') return undefined;
            item.retencao = {
              irrf: w.withholding.irrfBrl.toFixed(2),
              previdencia: w.withholding.previdenciaBrl.toFixed(2),
              liquido: w.withholding.netBrl.toFixed(2),
            };
            return w.withholding;
          },
        });
        item.pagamento = paid.paymentId;
        // R7.7 1: from the acordo account only; refused beyond its balance on the date (R7.2).
        await debitIn(tx, {
          enteId: edital.ente,
          actor: input.actor,
          debit: {
            kind: 'ACORDO',
            date: input.date,
            amount: a.paidBrl,
            document: `acordo do edital ${edital.numero}, precatório ${h.precatorio}`,
            precatorio: h.precatorio,
          },
        });
        await tx.query(`update acordo_habilitacoes set status = 'pago', payment_id = $2 where id = $1`, [h.id, paid.paymentId]);
        await appendEnteEvent(tx, {
          actor: input.actor,
          kind: 'acordo-celebrado',
          enteId: edital.ente,
          after: { edital: edital.numero, ...item },
        });
      }
      result = {
        edital: edital.id,
        ente: edital.ente,
        data: input.date,
        confirmado: input.confirm,
        saldoAcordo: balance.toFixed(2),
        acordos: items,
        paradoEm: plan.stoppedAt
          ? { precatorio: plan.stoppedAt.key.h.precatorio, beneficiario: plan.stoppedAt.key.h.beneficiario, pago: plan.stoppedAt.paidBrl.toFixed(2) }
          : null,
        saldoRestante: plan.remainingBrl.toFixed(2),
      };
      if (!input.confirm) throw preview;
    });
  } catch (error) {
    if (error !== preview) throw error;
  }
  return result!;
}
