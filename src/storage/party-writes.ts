import type { IsoDate } from '../domain/dates.ts';
import type { Liquidation } from '../domain/liquidation/liquidate.ts';
import {
  type PaymentLine,
  contratuaisShare,
  describePartiesError,
  distributeLiquidation,
  lawyerWithholding,
  linesTotal,
  splitContratuais,
} from '../domain/liquidation/parties.ts';
import { describeWithholdingError, type Withholding } from '../domain/liquidation/withholding.ts';
import { totalOf } from '../domain/correction/types.ts';
import { Dec, type Money, ZERO, money } from '../domain/money.ts';
import { fractionCessaoTransition, type HeirRequest, habilitacaoTransition, penhoraTransition } from '../domain/party-transitions.ts';
import type { Beneficiario } from '../domain/precatorio.ts';
import type { TaxTables } from '../domain/rules/irrf.ts';
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';
import { type WriteBase, allowed, finishWrite, lockForWrite } from './registry-writes.ts';
import { contratuaisCells } from './rows.ts';

/**
 * Staff writes on the parties of a credit (money-movements.md §6.4, migration 0011) and the money
 * lines of a liquidated payment (R6.21). The writes follow registry-writes.ts exactly: the
 * precatório locked (FOR UPDATE), the pure transition (domain/party-transitions.ts) deciding, the
 * version bumped and one event with the before/after snapshot. Events carry no names or documents.
 */

export interface FractionCessaoInput extends WriteBase {
  readonly cedenteId: string;
  /** Of the cedente's original total (TJPR-DJ86 art. 16 §3). */
  readonly fraction: Dec;
  readonly cessionarioCredorId: string;
  readonly cessionarioNome?: string | undefined;
  readonly cessionarioCpf?: string | undefined;
  readonly instrumento: 'escritura' | 'particular';
  /** Tabelionato, livro/folha or the file reference of a private instrument. */
  readonly instrumentoRef?: string | undefined;
  readonly lavradaEm: IsoDate;
  /** Protocol of the communication to the Tribunal: the cessão's efficacy (CF §14, R6.16). */
  readonly protocoloEm: IsoDate;
}

/** R6.16: a cessão by fraction; the position, nature and the cedente's tax regime stay (R6.13). */
export async function registerFractionCessao(tx: Db, input: FractionCessaoInput) {
  const { precatorio } = await lockForWrite(tx, input, 'cessao');
  const { rows } = await tx.query<{ share: string }>(
    'select fracao_do_aberto::text as share from cessoes where precatorio_numero = $1 and cedente_id = $2 and fracao is not null',
    [input.numero, input.cedenteId],
  );
  const { cedente, shareOfOpen } = allowed(
    fractionCessaoTransition(
      precatorio,
      { cedenteId: input.cedenteId, fraction: input.fraction, lavradaEm: input.lavradaEm, protocoloEm: input.protocoloEm },
      rows.map((r) => new Dec(r.share)),
    ),
  );
  const inserted = await tx.query<{ id: string }>(
    `insert into cessoes (precatorio_numero, cedente_id, cessionario_id, on_date, actor, fracao, fracao_do_aberto, instrumento, instrumento_ref, lavrada_em,
       cessionario_nome, cessionario_cpf) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id::text as id`,
    [
      input.numero,
      cedente.id,
      input.cessionarioCredorId,
      input.protocoloEm,
      input.actor,
      input.fraction.toString(),
      shareOfOpen.toString(),
      input.instrumento,
      input.instrumentoRef ?? null,
      input.lavradaEm,
      input.cessionarioNome ?? null,
      input.cessionarioCpf ?? null,
    ],
  );
  const cessao = {
    id: inserted.rows[0]!.id,
    cedente: cedente.id,
    fracao: input.fraction.toString(),
    fracaoDoAberto: shareOfOpen.toString(),
    instrumento: input.instrumento,
    lavradaEm: input.lavradaEm,
    protocoloEm: input.protocoloEm,
  };
  return finishWrite(tx, input, 'cessao-fracao', precatorio, undefined, { cessao });
}

export interface PenhoraInput extends WriteBase {
  readonly beneficiarioId: string;
  /** valorLimite (face, R6.18 [UNC]: the juízo may send an updated figure as a new penhora). */
  readonly limitBrl: Money;
  readonly juizo: string;
  readonly processo: string;
  readonly averbadaEm: IsoDate;
  /** The juízo's order (Res. 303 art. 37); by default after the penhoras already averbadas. */
  readonly ordem?: number | undefined;
}

/** R6.18: the penhora is reserved at each liquidation from the titular's net and remitted to the juízo. */
export async function registerPenhora(tx: Db, input: PenhoraInput) {
  const { precatorio } = await lockForWrite(tx, input, 'penhora');
  const { rows } = await tx.query<{ ordem: number }>('select ordem from penhoras where precatorio_numero = $1 and beneficiario_id = $2 and ordem is not null', [
    input.numero,
    input.beneficiarioId,
  ]);
  const { beneficiario, ordem } = allowed(
    penhoraTransition(
      precatorio,
      { beneficiarioId: input.beneficiarioId, limitBrl: input.limitBrl, ordem: input.ordem },
      rows.map((r) => Number(r.ordem)),
    ),
  );
  const inserted = await tx.query<{ id: string }>(
    `insert into penhoras (precatorio_numero, beneficiario_id, amount, on_date, origem, actor, processo, ordem)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id::text as id`,
    [input.numero, beneficiario.id, input.limitBrl.toFixed(2), input.averbadaEm, input.juizo, input.actor, input.processo, ordem],
  );
  const penhora = {
    id: inserted.rows[0]!.id,
    beneficiario: beneficiario.id,
    valor: input.limitBrl.toFixed(2),
    juizo: input.juizo,
    processo: input.processo,
    averbadaEm: input.averbadaEm,
    ordem,
  };
  return finishWrite(tx, input, 'penhora', precatorio, undefined, { penhora });
}

export interface HabilitacaoInput extends WriteBase {
  readonly falecidoId: string;
  readonly decididoEm: IsoDate;
  readonly heirs: readonly HeirRequest[];
}

/**
 * R6.17: the heirs take the deceased's open share by quinhão as beneficiaries of their own (own
 * birth date, no grant of the deceased: superpreference by their own condition, R3.2); the
 * deceased's row keeps what was paid to it and is closed (valor = pago).
 */
export async function registerHabilitacao(tx: Db, input: HabilitacaoInput) {
  const { precatorio } = await lockForWrite(tx, input, 'habilitacao');
  const { falecido, titularidade, shares } = allowed(habilitacaoTransition(precatorio, input.falecidoId, input.heirs));
  await tx.query(
    `update beneficiarios set valor = pago, contratuais_pct = null, contratuais_valor = null, advogado_tipo = null, advogado_nome = null,
       advogado_documento = null where precatorio_numero = $1 and id = $2`,
    [input.numero, falecido.id],
  );
  for (const s of shares) {
    await tx.query(
      `insert into beneficiarios (precatorio_numero, id, credor_id, titularidade, valor, nome, cpf, nascimento, contratuais_pct, contratuais_valor,
         advogado_tipo, advogado_nome, advogado_documento) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        input.numero,
        s.heir.id,
        s.heir.credorId,
        titularidade,
        s.valorBrl.toFixed(2),
        s.heir.nome ?? null,
        s.heir.cpf ?? null,
        s.heir.nascimento ?? null,
        ...contratuaisCells(s.contratuais),
      ],
    );
    await tx.query(
      'insert into habilitacoes (precatorio_numero, falecido_id, herdeiro_id, quinhao, valor, decidido_em, actor) values ($1, $2, $3, $4, $5, $6, $7)',
      [input.numero, falecido.id, s.heir.id, s.heir.quinhao.toString(), s.valorBrl.toFixed(2), input.decididoEm, input.actor],
    );
  }
  const habilitacao = {
    falecido: falecido.id,
    decididoEm: input.decididoEm,
    herdeiros: shares.map((s) => ({ id: s.heir.id, quinhao: s.heir.quinhao.toString(), valor: s.valorBrl.toFixed(2) })),
  };
  return finishWrite(tx, input, 'habilitacao', precatorio, undefined, { habilitacao });
}

/** The registered parties of one beneficiary's credit on a date: cessões by fraction and penhoras with what is left of their limit, in order. */
async function partiesOn(tx: Db, numero: string, beneficiarioId: string, on: IsoDate) {
  const cessoes = await tx.query<{ id: string; share: string }>(
    `select id::text as id, fracao_do_aberto::text as share from cessoes
      where precatorio_numero = $1 and cedente_id = $2 and fracao is not null and on_date <= $3 order by id`,
    [numero, beneficiarioId, on],
  );
  const penhoras = await tx.query<{ id: string; left: string }>(
    `select p.id::text as id, (p.amount - coalesce((select sum(l.liquido) from payment_lines l where l.penhora_id = p.id), 0))::text as left
       from penhoras p where p.precatorio_numero = $1 and p.beneficiario_id = $2 and p.on_date <= $3
      order by p.ordem nulls last, p.on_date, p.id`,
    [numero, beneficiarioId, on],
  );
  return {
    cessoes: cessoes.rows.map((r) => ({ id: r.id, fraction: new Dec(r.share) })),
    penhoras: penhoras.rows.map((r) => ({ id: r.id, limitLeftBrl: money(r.left) })).filter((p) => p.limitLeftBrl.greaterThan(0)),
  };
}

export interface PaymentLinesRequest {
  readonly paymentId: string;
  readonly numero: string;
  readonly beneficiario: Beneficiario;
  readonly liquidation: Liquidation;
  readonly withholding: Withholding | undefined;
  readonly superpreference: boolean;
  readonly paidOn: IsoDate;
  /** The lawyer's IRRF needs the tables (R6.14); a payment with contratuais and no tables is refused. */
  readonly tax: TaxTables | undefined;
}

/**
 * R6.21: splits a liquidated payment into its lines and records them (payment_lines). A beneficiary
 * with no contratuais, cessão or penhora has no lines to split — its payment is the titular's, as
 * before 0011 — and nothing is written. Σ lines + withholdings = gross is re-checked before writing.
 */
export async function recordPaymentLines(tx: Db, req: PaymentLinesRequest): Promise<readonly PaymentLine[] | undefined> {
  const share = contratuaisShare(req.beneficiario);
  const { cessoes, penhoras } = await partiesOn(tx, req.numero, req.beneficiario.id, req.paidOn);
  if (!share && cessoes.length === 0 && penhoras.length === 0) return undefined;
  let lawyer: { grossBrl: Money; irrfBrl: Money } | undefined;
  if (share) {
    if (!req.tax) throw new StoreError('invalido', 'retencao', 'honorários contratuais sem as tabelas do IRRF para a retenção do advogado (R6.14)');
    const fee = splitContratuais(req.liquidation.paid, share).lawyer;
    const w = lawyerWithholding(fee, req.beneficiario.contratuais!.advogado.tipo, req.paidOn, req.tax);
    if (!w.ok) throw new StoreError('invalido', 'retencao', `honorários contratuais: ${describeWithholdingError(w.error)}`);
    lawyer = { grossBrl: totalOf(fee), irrfBrl: w.value.irrfBrl };
  }
  const creditorWithholding = req.withholding
    ? { irrfBrl: req.withholding.irrfBrl, previdenciaBrl: req.withholding.previdenciaBrl }
    : { irrfBrl: ZERO, previdenciaBrl: ZERO };
  const d = distributeLiquidation({ grossBrl: req.liquidation.grossBrl, lawyer, creditorWithholding, cessoes, penhoras, superpreference: req.superpreference });
  if (!d.ok) throw new StoreError('invalido', 'valor', describePartiesError(d.error));
  if (!linesTotal(d.value, creditorWithholding).equals(req.liquidation.grossBrl))
    throw new Error('[precatorios] invariante violada: linhas + retenções ≠ bruto');
  for (const [i, l] of d.value.entries()) {
    await tx.query(
      `insert into payment_lines (payment_id, line_no, papel, cessao_id, penhora_id, bruto, irrf, liquido, remeter_ao_juizo)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        req.paymentId,
        i + 1,
        l.role,
        l.role === 'cessionario' ? l.ref! : null,
        l.role === 'juizo-penhora' ? l.ref! : null,
        l.grossBrl.toFixed(2),
        l.irrfBrl.toFixed(2),
        l.netBrl.toFixed(2),
        l.remeterAoJuizo,
      ],
    );
  }
  return d.value;
}

/** What the event and the API say of each line (no names: the ref is the registry's cessão/penhora id). */
export function paymentLinesJson(lines: readonly PaymentLine[]) {
  return lines.map((l) => ({
    papel: l.role,
    referencia: l.ref ?? null,
    bruto: l.grossBrl.toFixed(2),
    irrf: l.irrfBrl.toFixed(2),
    liquido: l.netBrl.toFixed(2),
    remeterAoJuizo: l.remeterAoJuizo,
  }));
}

/** The registered cessões by fraction and penhoras of a precatório, by beneficiary (for the public lookup: no identities). */
export async function registeredParties(db: Db, numero: string) {
  const cessoes = await db.query<{ bid: string; fracao: string; desde: string }>(
    `select cedente_id as bid, fracao::text as fracao, on_date::text as desde from cessoes where precatorio_numero = $1 and fracao is not null order by id`,
    [numero],
  );
  const penhoras = await db.query<{ bid: string; valor: string; ordem: number | null; desde: string }>(
    `select beneficiario_id as bid, amount::text as valor, ordem, on_date::text as desde from penhoras where precatorio_numero = $1
      order by ordem nulls last, on_date, id`,
    [numero],
  );
  return {
    cessoes: cessoes.rows.map((r) => ({ beneficiarioId: r.bid, fraction: new Dec(r.fracao), desde: r.desde as IsoDate })),
    penhoras: penhoras.rows.map((r) => ({
      beneficiarioId: r.bid,
      limitBrl: money(r.valor),
      ordem: r.ordem === null ? null : Number(r.ordem),
      desde: r.desde as IsoDate,
    })),
  };
}
