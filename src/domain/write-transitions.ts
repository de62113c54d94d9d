import type { Money } from './money.ts';
import { type Beneficiario, type Precatorio, type StatusPrecatorio, saldoOf } from './precatorio.ts';
import { type Result, err, ok } from './result.ts';

/**
 * What a staff write may do to a precatório in which state (issue 15 §2): one pure function per
 * write, used by the store's writes (storage/registry-writes.ts) after they locked the row, so the
 * rules live here once and the store only records what they allow. Positions never move (R2.8).
 */
export type StaffWrite = 'pagamento' | 'cessao' | 'penhora' | 'habilitacao' | 'superpreferencia-concedida' | 'superpreferencia-revogada' | 'cancelado';

/** A refused write, worded for the user; `kind` maps to the HTTP status (api/errors.ts). */
export interface WriteRefusal {
  readonly kind: 'nao-encontrado' | 'conflito' | 'invalido';
  readonly campo: string;
  readonly motivo: string;
}

/**
 * Which writes each status admits. A paid or cancelled precatório has left the list and is closed
 * (nothing to pay, cede or prefer); a suspended one keeps its place (it is only skipped by payment
 * runs, domain/queue/payment-run.ts), so staff may still record what happens to it.
 */
export const WRITES_BY_STATUS: Readonly<Record<StatusPrecatorio, readonly StaffWrite[]>> = {
  ativo: ['pagamento', 'cessao', 'penhora', 'habilitacao', 'superpreferencia-concedida', 'superpreferencia-revogada', 'cancelado'],
  suspenso: ['pagamento', 'cessao', 'penhora', 'habilitacao', 'superpreferencia-concedida', 'superpreferencia-revogada', 'cancelado'],
  pago: [],
  cancelado: [],
};

/** The optimistic check (If-Match) and the status check every write starts with. */
export function admits(p: Precatorio, version: number, write: StaffWrite, expectedVersion: number | undefined): Result<true, WriteRefusal> {
  if (expectedVersion !== undefined && expectedVersion !== version) {
    return err({
      kind: 'conflito',
      campo: 'versao',
      motivo: `o precatório foi alterado por outra pessoa (versão ${version}, você leu a ${expectedVersion}); recarregue e tente de novo`,
    });
  }
  if (!WRITES_BY_STATUS[p.status].includes(write)) return err({ kind: 'invalido', campo: 'status', motivo: `precatório ${p.status}: não aceita alterações` });
  return ok(true);
}

function beneficiaryOf(p: Precatorio, id: string): Result<Beneficiario, WriteRefusal> {
  const b = p.beneficiarios.find((x) => x.id === id);
  return b ? ok(b) : err({ kind: 'nao-encontrado', campo: 'beneficiario', motivo: `beneficiário ${id} não pertence ao precatório ${p.numero}` });
}

const positive = (amount: Money) => amount.isPositive() && !amount.isZero();

/** A payment (total or partial) of one beneficiary's open balance; a partial one keeps the position (R2.8). */
export function paymentTransition(p: Precatorio, beneficiarioId: string, amountBrl: Money): Result<Beneficiario, WriteRefusal> {
  const b = beneficiaryOf(p, beneficiarioId);
  if (!b.ok) return b;
  if (!positive(amountBrl)) return err({ kind: 'invalido', campo: 'valor', motivo: 'o pagamento deve ser maior que zero' });
  if (amountBrl.greaterThan(saldoOf(b.value))) {
    return err({
      kind: 'invalido',
      campo: 'valor',
      motivo: `pagamento de ${amountBrl.toFixed(2)} maior que o saldo do beneficiário (${saldoOf(b.value).toFixed(2)})`,
    });
  }
  return b;
}

/**
 * Cessão (R7.1): part of the cedente's open balance goes to a new cessionário beneficiary, whose id
 * is the cedente's with `-cN` (N after the cessões already made from it).
 */
export function cessaoTransition(p: Precatorio, cedenteId: string, amountBrl: Money): Result<{ cedente: Beneficiario; newId: string }, WriteRefusal> {
  const b = beneficiaryOf(p, cedenteId);
  if (!b.ok) return b;
  const saldo = saldoOf(b.value);
  // R6.14: the lawyer's reservation is not part of the ceded credit; moving face to a new beneficiary
  // would take it along. The cessão by fraction (party-transitions.ts) leaves it with the lawyer.
  if (b.value.contratuais)
    return err({
      kind: 'invalido',
      campo: 'valor',
      motivo: 'o cedente tem honorários contratuais destacados, que não entram na cessão (R6.14): registre a cessão por fração (fracao)',
    });
  if (!positive(amountBrl)) return err({ kind: 'invalido', campo: 'valor', motivo: 'o valor cedido deve ser maior que zero' });
  if (amountBrl.greaterThan(saldo))
    return err({ kind: 'invalido', campo: 'valor', motivo: `valor cedido (${amountBrl.toFixed(2)}) maior que o saldo do cedente (${saldo.toFixed(2)})` });
  const count = p.beneficiarios.filter((x) => x.id.startsWith(`${b.value.id}-c`)).length;
  return ok({ cedente: b.value, newId: `${b.value.id}-c${count + 1}` });
}

/** Serious illness or disability recognised (R3.2, R3.4): alimentar only, never a cessionário, one ground at a time. */
export function grantTransition(p: Precatorio, beneficiarioId: string): Result<Beneficiario, WriteRefusal> {
  const b = beneficiaryOf(p, beneficiarioId);
  if (!b.ok) return b;
  if (p.natureza !== 'alimentar') return err({ kind: 'invalido', campo: 'natureza', motivo: 'superpreferência só existe para crédito alimentar (R3.2)' });
  if (b.value.titularidade === 'cessionario')
    return err({ kind: 'invalido', campo: 'beneficiario', motivo: 'cessionário não tem superpreferência (CF art. 100 §13)' });
  if (b.value.doencaGraveDesde || b.value.deficienciaDesde) {
    return err({
      kind: 'conflito',
      campo: 'beneficiario',
      motivo: 'o beneficiário já tem superpreferência reconhecida; a lei admite um só motivo (Res. CNJ 303 art. 9 §7)',
    });
  }
  return b;
}

/** A revocation names a beneficiary of this precatório (whether a grant is active is the store's to say). */
export function revokeTransition(p: Precatorio, beneficiarioId: string): Result<Beneficiario, WriteRefusal> {
  return beneficiaryOf(p, beneficiarioId);
}

/** The status a payment leaves: `pago` once every beneficiary's balance is zero. */
export function statusAfterPayment(p: Precatorio, beneficiarioId: string, amountBrl: Money): StatusPrecatorio {
  const open = p.beneficiarios.some((b) => (b.id === beneficiarioId ? saldoOf(b).minus(amountBrl) : saldoOf(b)).greaterThan(0));
  return open ? p.status : 'pago';
}
