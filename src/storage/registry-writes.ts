import type { IsoDate } from '../domain/dates.ts';
import { type Money, ZERO } from '../domain/money.ts';
import { COMPONENT_NAMES } from '../domain/correction/types.ts';
import type { Liquidation } from '../domain/liquidation/liquidate.ts';
import type { Withholding } from '../domain/liquidation/withholding.ts';
import { type Precatorio, saldoOf } from '../domain/precatorio.ts';
import type { SuperpreferenceGround } from '../domain/queue/superpreference.ts';
import type { Result } from '../domain/result.ts';
import {
  type StaffWrite,
  type WriteRefusal,
  admits,
  cessaoTransition,
  grantTransition,
  paymentTransition,
  revokeTransition,
  statusAfterPayment,
} from '../domain/write-transitions.ts';
import type { Db } from './db.ts';
import { StoreError } from './errors.ts';
import { findPrecatorio } from './registry-store.ts';
import { precatorioSnapshot } from './rows.ts';
import { paymentLinesJson, recordPaymentLines } from './party-writes.ts';
import type { TaxTables } from '../domain/rules/irrf.ts';

/**
 * Staff writes. Each runs inside the caller's transaction, locks the precatório row
 * (SELECT … FOR UPDATE) so concurrent writers queue up instead of losing updates, asks the pure
 * transition (domain/write-transitions.ts) whether the write is allowed in the row's state — the
 * optional expected version included (a stale writer gets a conflict) — records what it allows,
 * and appends one event with the before/after snapshot. Positions never move (R2.8).
 */
export interface WriteBase {
  readonly numero: string;
  readonly actor: string;
  /** The version the writer last read (If-Match); a different current version is a conflict. */
  readonly expectedVersion?: number | undefined;
  /** How long to wait for a precatório another transaction holds; WRITE_LOCK_TIMEOUT_MS by default. */
  readonly lockTimeoutMs?: number | undefined;
}

/**
 * How long a staff write waits for a precatório locked by another transaction (an import replacing
 * it, a long write) before answering 409 instead of hanging the request.
 */
export const WRITE_LOCK_TIMEOUT_MS = 10_000;

export async function lockForWrite(tx: Db, w: WriteBase, write: StaffWrite): Promise<{ precatorio: Precatorio; version: number }> {
  const timeout = Math.max(1, Math.floor(w.lockTimeoutMs ?? WRITE_LOCK_TIMEOUT_MS));
  await tx.query(`set local lock_timeout = '${timeout}ms'`);
  const found = await findPrecatorio(tx, w.numero, true).catch(busyAsConflict(w.numero));
  if (!found) throw new StoreError('nao-encontrado', 'numero', `precatório ${w.numero} não encontrado`);
  allowed(admits(found.precatorio, found.version, write, w.expectedVersion));
  return found;
}

/** The transition's value, or its refusal as the store's error. */
export function allowed<T>(result: Result<T, WriteRefusal>): T {
  if (!result.ok) throw new StoreError(result.error.kind, result.error.campo, result.error.motivo);
  return result.value;
}

/** A lock wait that ran out (55P03) or a deadlock PostgreSQL broke by failing us (40P01) is a 409, not a 500. */
function busyAsConflict(numero: string) {
  return (error: unknown): never => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '55P03' || code === '40P01') {
      throw new StoreError(
        'conflito',
        'numero',
        `o precatório ${numero} está sendo alterado por outra operação (por exemplo, uma importação); tente de novo em instantes`,
      );
    }
    throw error;
  };
}

export async function finishWrite(
  tx: Db,
  w: WriteBase,
  kind: string,
  before: Precatorio,
  note?: string,
  extra?: Record<string, unknown>,
): Promise<{ precatorio: Precatorio; version: number }> {
  await tx.query('update precatorios set version = version + 1 where numero = $1', [w.numero]);
  await tx.query('update entes set version = version + 1 where id = $1', [before.enteId]).catch(busyAsConflict(w.numero));
  const after = (await findPrecatorio(tx, w.numero))!;
  await tx.query('insert into events (actor, kind, ente_id, precatorio_numero, before, after) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)', [
    w.actor,
    kind,
    before.enteId,
    w.numero,
    JSON.stringify(precatorioSnapshot(before)),
    JSON.stringify({ ...precatorioSnapshot(after.precatorio), ...(note ? { nota: note } : {}), ...extra }),
  ]);
  return after;
}

export interface PaymentInput extends WriteBase {
  readonly beneficiarioId: string;
  readonly amountBrl: Money;
  readonly kind: 'cronologica' | 'superpreferencia' | 'acordo';
  readonly paidOn: IsoDate;
  /** The payment liquidated on its date (domain/liquidation); absent: a face-value payment. */
  readonly liquidation?: Liquidation | undefined;
  /** Or liquidates it once the precatório is locked (a staff payment values what it locked). */
  readonly liquidate?: ((locked: Precatorio) => Promise<Liquidation | undefined>) | undefined;
  /**
   * The withholding of the liquidated payment (R6.6–R6.13), from the tax facts given or registered
   * (app/payment-withholding.ts); undefined: none could be stated. May refuse (throws).
   */
  readonly withhold?: ((locked: Precatorio, l: Liquidation) => Promise<Withholding | undefined>) | undefined;
  /** Tax tables for the lawyer's IRRF on contratuais (R6.14, party-writes.ts); required when the beneficiary has them. */
  readonly tax?: TaxTables | undefined;
  /** An acordo's renounced part (R7.7 2, app/acordos.ts): owed = paid + renounced, nothing left open. */
  readonly renouncedBrl?: Money | undefined;
}

/**
 * A payment (total or partial); a partial payment keeps the position (R2.8). A liquidated payment
 * records its month, owed, components and what stays open (migration 0006), and counts in `pago`
 * the face it extinguished, so `pago` stays in face money.
 */
export async function registerPayment(tx: Db, input: PaymentInput) {
  const { precatorio } = await lockForWrite(tx, input, 'pagamento');
  const l = input.liquidation ?? (input.liquidate ? await input.liquidate(precatorio) : undefined);
  const faceBrl = l ? l.faceExtinguishedBrl : input.amountBrl;
  const b = allowed(paymentTransition(precatorio, input.beneficiarioId, faceBrl));
  const w = l && input.withhold ? await input.withhold(precatorio, l) : undefined;
  const t = (m: Money) => m.toFixed(2);
  const inserted = await tx.query<{ id: string }>(
    `insert into payments (precatorio_numero, beneficiario_id, paid_on, amount, kind, actor, calc_month, owed, principal, juros_mora, selic, juros_ec136,
       open_principal, open_juros_mora, open_selic, open_juros_ec136, face_extinguished, tax_regime, rra_months, irrf, previdencia, net, renounced)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) returning id::text as id`,
    [
      input.numero,
      b.id,
      input.paidOn,
      t(input.amountBrl),
      input.kind,
      input.actor,
      ...(l
        ? [
            l.owed.month,
            t(l.owed.totalBrl),
            ...COMPONENT_NAMES.map((n) => t(l.paid[n])),
            ...COMPONENT_NAMES.map((n) => t(l.openAfter[n])),
            t(l.faceExtinguishedBrl),
          ]
        : Array<null>(11).fill(null)),
      ...(w ? [w.regime, w.rraMonths?.toString() ?? null, t(w.irrfBrl), t(w.previdenciaBrl), t(w.netBrl)] : Array<null>(5).fill(null)),
      input.renouncedBrl ? t(input.renouncedBrl) : null,
    ],
  );
  // R6.21: who is paid out of this gross — lawyer, cessionários, penhoras, titular (migration 0011).
  const lines = l
    ? await recordPaymentLines(tx, {
        paymentId: inserted.rows[0]!.id,
        numero: input.numero,
        beneficiario: b,
        liquidation: l,
        withholding: w,
        superpreference: input.kind === 'superpreferencia',
        paidOn: input.paidOn,
        tax: input.tax,
      })
    : undefined;
  await tx.query(`update beneficiarios set pago = pago + $3, superpreferencia_paga = superpreferencia_paga + $4 where precatorio_numero = $1 and id = $2`, [
    input.numero,
    b.id,
    t(faceBrl),
    t(input.kind === 'superpreferencia' ? faceBrl : ZERO),
  ]);
  const status = l?.settles ? statusAfterPayment(precatorio, b.id, saldoOf(b)) : statusAfterPayment(precatorio, b.id, faceBrl);
  if (status !== precatorio.status) await tx.query('update precatorios set status = $2 where numero = $1', [input.numero, status]);
  // The event carries the liquidation too (R6.1, R6.2): month, owed, paid and open components, face extinguished.
  const liquidacao = l && {
    beneficiario: b.id,
    mes: l.owed.month,
    devido: t(l.owed.totalBrl),
    pago: t(input.amountBrl),
    componentes: Object.fromEntries(COMPONENT_NAMES.map((n) => [n, t(l.paid[n])])),
    emAberto: Object.fromEntries(COMPONENT_NAMES.map((n) => [n, t(l.openAfter[n])])),
    faceExtinta: t(l.faceExtinguishedBrl),
    // R6.6: the ente is informed of the withholding (TJPR-DJ86 art. 35); gross = net + IRRF + previdência.
    ...(w && {
      retencao: { regime: w.regime, meses: w.rraMonths?.toString() ?? null, irrf: t(w.irrfBrl), previdencia: t(w.previdenciaBrl), liquido: t(w.netBrl) },
    }),
    ...(lines && { linhas: paymentLinesJson(lines) }),
  };
  const paymentId = inserted.rows[0]!.id;
  // The payment's id names its document (R6.20, app/payment-document.ts).
  const written = await finishWrite(tx, input, `pagamento-${input.kind}`, precatorio, undefined, {
    pagamento: paymentId,
    ...(liquidacao ? { liquidacao } : {}),
  });
  return { ...written, paymentId, lines };
}

export interface CessaoInput extends WriteBase {
  readonly cedenteId: string;
  readonly amountBrl: Money;
  readonly cessionarioCredorId: string;
  readonly cessionarioNome?: string | undefined;
  readonly cessionarioCpf?: string | undefined;
  readonly onDate: IsoDate;
}

/**
 * Cessão (R7.1): the position stays; the ceded part goes to a cessionário beneficiary, who never has
 * superpreference (CF §13). A cessão of the whole balance turns the holder into the cessionário.
 */
export async function registerCessao(tx: Db, input: CessaoInput) {
  const { precatorio } = await lockForWrite(tx, input, 'cessao');
  const { cedente, newId } = allowed(cessaoTransition(precatorio, input.cedenteId, input.amountBrl));
  await tx.query('update beneficiarios set valor = valor - $3 where precatorio_numero = $1 and id = $2', [
    input.numero,
    cedente.id,
    input.amountBrl.toFixed(2),
  ]);
  await tx.query(
    `insert into beneficiarios (precatorio_numero, id, credor_id, titularidade, valor, nome, cpf) values ($1, $2, $3, 'cessionario', $4, $5, $6)`,
    [input.numero, newId, input.cessionarioCredorId, input.amountBrl.toFixed(2), input.cessionarioNome ?? null, input.cessionarioCpf ?? null],
  );
  await tx.query('insert into cessoes (precatorio_numero, cedente_id, cessionario_id, amount, on_date, actor) values ($1, $2, $3, $4, $5, $6)', [
    input.numero,
    cedente.id,
    newId,
    input.amountBrl.toFixed(2),
    input.onDate,
    input.actor,
  ]);
  return finishWrite(tx, input, 'cessao', precatorio);
}

export interface GrantInput extends WriteBase {
  readonly beneficiarioId: string;
  readonly ground: Exclude<SuperpreferenceGround, 'idade'>;
  readonly grantedOn: IsoDate;
}

/** Recognises serious illness or disability (R3.2, R3.4); one active ground per beneficiary. */
export async function grantSuperpreference(tx: Db, input: GrantInput) {
  const { precatorio } = await lockForWrite(tx, input, 'superpreferencia-concedida');
  const b = allowed(grantTransition(precatorio, input.beneficiarioId));
  await tx.query('insert into superpreference_grants (precatorio_numero, beneficiario_id, ground, granted_on, decided_by) values ($1, $2, $3, $4, $5)', [
    input.numero,
    b.id,
    input.ground,
    input.grantedOn,
    input.actor,
  ]);
  return finishWrite(tx, input, 'superpreferencia-concedida', precatorio);
}

export interface RevokeInput extends WriteBase {
  readonly beneficiarioId: string;
  readonly revokedOn: IsoDate;
}

export async function revokeSuperpreference(tx: Db, input: RevokeInput) {
  const { precatorio } = await lockForWrite(tx, input, 'superpreferencia-revogada');
  const b = allowed(revokeTransition(precatorio, input.beneficiarioId));
  const { rows } = await tx.query<{ id: string }>(
    `update superpreference_grants set revoked_on = greatest($3::date, granted_on) where precatorio_numero = $1 and beneficiario_id = $2 and revoked_on is null returning id::text as id`,
    [input.numero, b.id, input.revokedOn],
  );
  if (rows.length === 0) throw new StoreError('nao-encontrado', 'beneficiario', 'não há superpreferência ativa para revogar');
  return finishWrite(tx, input, 'superpreferencia-revogada', precatorio);
}

export async function cancelPrecatorio(tx: Db, input: WriteBase & { readonly motivo: string }) {
  const { precatorio } = await lockForWrite(tx, input, 'cancelado');
  await tx.query(`update precatorios set status = 'cancelado' where numero = $1`, [input.numero]);
  return finishWrite(tx, input, 'cancelado', precatorio, input.motivo);
}
