import type { IsoDate } from './dates.ts';
import type { Dec, Money } from './money.ts';
import { allocate, roundCents, sum } from './money.ts';
import { type Beneficiario, type HonorariosContratuais, type Precatorio, saldoOf } from './precatorio.ts';
import { type Result, err, ok } from './result.ts';
import type { WriteRefusal } from './write-transitions.ts';

/**
 * What the staff writes on the parties of a credit may do (money-movements.md §6.4): a cessão by
 * fraction (R6.16), a penhora (R6.18) and the habilitação of heirs (R6.17). Pure, like
 * write-transitions.ts: the store's writes call these after locking the precatório.
 */

function beneficiaryOf(p: Precatorio, id: string, campo: string): Result<Beneficiario, WriteRefusal> {
  const b = p.beneficiarios.find((x) => x.id === id);
  return b ? ok(b) : err({ kind: 'nao-encontrado', campo, motivo: `beneficiário ${id} não pertence ao precatório ${p.numero}` });
}

const invalid = (campo: string, motivo: string): Result<never, WriteRefusal> => err({ kind: 'invalido', campo, motivo });

/**
 * R6.16: the instrument states the fraction of the cedente's original total (TJPR-DJ86 art. 16 §3);
 * what it takes of each later release is that part of what is still open (fraction × share ÷ open),
 * and all cessões of one cedente may not take more than the whole (art. 21: excesso de cessão).
 * Outside the cessão stay the honorários contratuais (R6.14: the lines take the fraction of the
 * titular's net, after the lawyer's part).
 */
export function fractionCessaoTransition(
  p: Precatorio,
  req: { readonly cedenteId: string; readonly fraction: Dec; readonly lavradaEm: IsoDate; readonly protocoloEm: IsoDate },
  openSharesAlreadyCeded: readonly Dec[],
): Result<{ cedente: Beneficiario; shareOfOpen: Dec }, WriteRefusal> {
  const b = beneficiaryOf(p, req.cedenteId, 'cedenteId');
  if (!b.ok) return b;
  if (req.fraction.lessThanOrEqualTo(0) || req.fraction.greaterThan(1)) return invalid('fracao', 'a fração cedida deve ser maior que 0 e no máximo 1 (100 %)');
  if (req.lavradaEm > req.protocoloEm) return invalid('lavradaEm', 'o instrumento não pode ser posterior ao protocolo da comunicação (CF art. 100 §14)');
  const open = saldoOf(b.value);
  if (open.isZero()) return invalid('cedenteId', `o cedente ${b.value.id} não tem saldo em aberto para ceder`);
  const shareOfOpen = req.fraction.times(b.value.valorBrl).dividedBy(open);
  const total = sum(openSharesAlreadyCeded).plus(shareOfOpen);
  if (total.greaterThan(1)) {
    return invalid(
      'fracao',
      `as cessões do cedente passariam de 100 % do que está em aberto (${total.times(100).toDecimalPlaces(4).toString()} %): excesso de cessão (TJPR-DJ86 art. 21)`,
    );
  }
  return ok({ cedente: b.value, shareOfOpen });
}

/** R6.18: a penhora on one beneficiary's credit, up to a limit, in the juízo's order (default: after the ones already averbadas). */
export function penhoraTransition(
  p: Precatorio,
  req: { readonly beneficiarioId: string; readonly limitBrl: Money; readonly ordem: number | undefined },
  ordensTaken: readonly number[],
): Result<{ beneficiario: Beneficiario; ordem: number }, WriteRefusal> {
  const b = beneficiaryOf(p, req.beneficiarioId, 'beneficiarioId');
  if (!b.ok) return b;
  if (!req.limitBrl.greaterThan(0)) return invalid('valor', 'o valor da penhora deve ser maior que zero');
  const ordem = req.ordem ?? Math.max(0, ...ordensTaken) + 1;
  if (ordensTaken.includes(ordem))
    return err({ kind: 'conflito', campo: 'ordem', motivo: `já há penhora de ordem ${ordem} sobre este crédito (Res. CNJ 303 art. 37)` });
  return ok({ beneficiario: b.value, ordem });
}

export interface HeirRequest {
  readonly id: string;
  readonly credorId: string;
  /** The heir's quinhão of the deceased's credit, as the origin court decided (R6.17). */
  readonly quinhao: Dec;
  /** The heir's own birth date: superpreference only by the heir's own condition (R3.2 item 4). */
  readonly nascimento?: IsoDate | undefined;
  readonly nome?: string | undefined;
  readonly cpf?: string | undefined;
}

export interface HeirShare {
  readonly heir: HeirRequest;
  /** Face money of the heir's part of what was open (money of the data-base, like every `valor`). */
  readonly valorBrl: Money;
  /** The deceased's contratuais carry to each heir's part (the lawyer's fee is a deduction from the credit, R6.14). */
  readonly contratuais: HonorariosContratuais | undefined;
}

/**
 * R6.17: the habilitação decided by the origin court splits what is open of the deceased's share
 * among the heirs by quinhão (Σ = 1), to the cent by the largest remainder; each heir becomes a
 * beneficiary of the same precatório (same position, R2.8) with titularidade `herdeiro` — or
 * `cessionario` when the deceased was one: the succession does not give a cessionário's heir the
 * superpreference CF §13 denies (R6.16).
 */
export function habilitacaoTransition(
  p: Precatorio,
  falecidoId: string,
  heirs: readonly HeirRequest[],
): Result<{ falecido: Beneficiario; titularidade: Beneficiario['titularidade']; shares: HeirShare[] }, WriteRefusal> {
  const b = beneficiaryOf(p, falecidoId, 'falecidoId');
  if (!b.ok) return b;
  if (heirs.length === 0) return invalid('herdeiros', 'informe ao menos um herdeiro');
  const ids = new Set(p.beneficiarios.map((x) => x.id));
  const seen = new Set<string>();
  for (const [i, h] of heirs.entries()) {
    if (ids.has(h.id) || seen.has(h.id)) return err({ kind: 'conflito', campo: `herdeiros.${i}.id`, motivo: `o id ${h.id} já existe neste precatório` });
    seen.add(h.id);
    if (h.quinhao.lessThanOrEqualTo(0) || h.quinhao.greaterThan(1)) return invalid(`herdeiros.${i}.quinhao`, 'o quinhão deve ser maior que 0 e no máximo 1');
  }
  const total = sum(heirs.map((h) => h.quinhao));
  if (!total.equals(1)) return invalid('herdeiros', `os quinhões somam ${total.toString()}, e a partilha decidida no juízo de origem deve somar 1 (100 %)`);
  const open = saldoOf(b.value);
  if (open.isZero()) return invalid('falecidoId', `o beneficiário ${b.value.id} não tem saldo em aberto a partilhar`);
  const amounts = allocate(
    open,
    heirs.map((h) => h.quinhao),
  );
  const c = b.value.contratuais;
  // An amount destacado was of the whole face share: what is open carries its part of it.
  const feeAmounts =
    c?.destaque.kind === 'valor' ? allocate(roundCents(c.destaque.amountBrl.times(open).dividedBy(b.value.valorBrl), 'half-up'), amounts) : undefined;
  const heirFee = (i: number): HonorariosContratuais | undefined => {
    if (!c || !feeAmounts) return c;
    const fee = feeAmounts[i]!;
    return fee.isZero() ? undefined : { ...c, destaque: { kind: 'valor', amountBrl: fee } };
  };
  const shares = heirs.map((heir, i): HeirShare => ({ heir, valorBrl: amounts[i]!, contratuais: heirFee(i) }));
  return ok({ falecido: b.value, titularidade: b.value.titularidade === 'cessionario' ? 'cessionario' : 'herdeiro', shares });
}
