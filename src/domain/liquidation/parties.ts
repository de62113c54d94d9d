// Who is paid out of one beneficiary's liquidated gross (money-movements.md R6.14–R6.18, the lines of
// the R6.21 algorithm): the lawyer's contratuais, each cessionário, each penhora, and the titular. Pure.
import { COMPONENT_NAMES, type Components } from '../correction/types.ts';
import type { IsoDate } from '../dates.ts';
import { Dec, type Money, ZERO, allocate, minMoney, roundCents, sum } from '../money.ts';
import type { Beneficiario } from '../precatorio.ts';
import { type Result, err, ok } from '../result.ts';
import type { TaxTables } from '../rules/irrf.ts';
import { type Withholding, type WithholdingError, describeWithholdingError, withholdingOf } from './withholding.ts';

export type PartyRole = 'titular' | 'advogado-contratual' | 'cessionario' | 'juizo-penhora';

/** One money line of a liquidation (R6.20 "per payee line"); net = gross − IRRF. */
export interface PaymentLine {
  readonly role: PartyRole;
  /** The cessão or penhora the line pays (its registry id); undefined for the titular and the lawyer. */
  readonly ref: string | undefined;
  readonly grossBrl: Money;
  readonly irrfBrl: Money;
  readonly netBrl: Money;
  /** R6.18: a penhora's money goes to a judicial deposit at the juízo penhorante's disposal. */
  readonly remeterAoJuizo: boolean;
}

/** A registered cessão of part of this beneficiary's credit: the fraction of the cedente's original total (R6.16). */
export interface CessaoShare {
  readonly id: string;
  readonly fraction: Dec;
}

/** A penhora in the juízo's order (R6.18): what of its limit is still to be remitted. */
export interface PenhoraClaim {
  readonly id: string;
  readonly limitLeftBrl: Money;
}

export interface Distribution {
  /** The beneficiary's liquidated gross (Σ components of this payment). */
  readonly grossBrl: Money;
  /** R6.14: the lawyer's gross part of this payment and the lawyer's own IRRF on it. */
  readonly lawyer?: { readonly grossBrl: Money; readonly irrfBrl: Money } | undefined;
  /** The titular's withholding (R6.13: cessões and penhoras do not change it); none when no tax facts were given. */
  readonly creditorWithholding: { readonly irrfBrl: Money; readonly previdenciaBrl: Money };
  readonly cessoes: readonly CessaoShare[];
  /** In the juízo's order (Res. 303 art. 37; default by averbação). */
  readonly penhoras: readonly PenhoraClaim[];
  /** A superpreferential tranche is the titular's own right: the cessionários take no part of it (CF §13, R6.16). */
  readonly superpreference: boolean;
}

export type PartiesError =
  | { readonly kind: 'fractions-above-one'; readonly totalFraction: Dec }
  | { readonly kind: 'withholding-above-gross'; readonly grossBrl: Money; readonly deductedBrl: Money }
  | { readonly kind: 'lawyer'; readonly error: WithholdingError };

/**
 * R6.14: the fee's fraction of this credit — the destacado percentage, or the destacado amount over
 * the beneficiary's face share (both are of the same data-base money, so the fraction carries to
 * every later value). Undefined: no contratuais.
 */
export function contratuaisShare(b: Beneficiario): Dec | undefined {
  const c = b.contratuais;
  if (!c) return undefined;
  if (c.destaque.kind === 'percentual') return c.destaque.share;
  return b.valorBrl.isZero() ? undefined : c.destaque.amountBrl.dividedBy(b.valorBrl);
}

/**
 * R6.14 split mechanics (TJAP `CalculoRateioService`, `parteHonorario = bruto × pct`): each component
 * × the share, half-up to the cent; the titular keeps the rest of each component, so lawyer +
 * creditor = gross component by component.
 */
export function splitContratuais(gross: Components, share: Dec): { readonly lawyer: Components; readonly creditor: Components } {
  const lawyer = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, roundCents(gross[n].times(share), 'half-up')])) as unknown as Components;
  const creditor = Object.fromEntries(COMPONENT_NAMES.map((n) => [n, gross[n].minus(lawyer[n])])) as unknown as Components;
  return { lawyer, creditor };
}

/**
 * R6.14: the fee is the lawyer's income, taxed in the lawyer's name — a PF by the monthly table of the
 * payment month without aggregation (Lei 8.541 art. 46 §1 II; TJAP `calcularIRPFProgressivoAdvogado`
 * applies the table to base − desconto simplificado, which is PF_TABELA), a sociedade at 1,5 %
 * (RIR/2018 art. 714 §1 II, PJ_SERVICOS). Every component is income of the lawyer (no vínculo).
 */
export function lawyerWithholding(fee: Components, tipo: 'PF' | 'PJ', date: IsoDate, tables: TaxTables): Result<Withholding, WithholdingError> {
  return withholdingOf(
    {
      gross: fee,
      principalNaoTributavel: ZERO,
      regime: tipo === 'PF' ? 'PF_TABELA' : 'PJ_SERVICOS',
      natureza: 'comum',
      vinculo: 'sem-vinculo',
      nm: new Dec(1),
      date,
      previdencia: { kind: 'NENHUMA' },
      pensaoAlimenticiaBrl: ZERO,
      despesasJudiciaisBrl: ZERO,
    },
    tables,
  );
}

const line = (role: PartyRole, ref: string | undefined, grossBrl: Money, irrfBrl: Money = ZERO): PaymentLine => ({
  role,
  ref,
  grossBrl,
  irrfBrl,
  netBrl: grossBrl.minus(irrfBrl),
  remeterAoJuizo: role === 'juizo-penhora',
});

/**
 * The R6.21 lines of one beneficiary's payment, in its order: the titular's net (gross − lawyer's
 * part − titular's IRRF and previdência, R6.13) goes first to each cessionário by its fraction, then
 * to each penhora up to what is left of its limit, in order (R6.18: "sobre o valor disponível"), and
 * the rest to the titular; the lawyer gets the fee less the lawyer's IRRF. Cessionários' shares are
 * split by the largest remainder with the titular's retained fraction, so Σ lines' net + every
 * withholding = gross to the cent.
 */
export function distributeLiquidation(d: Distribution): Result<PaymentLine[], PartiesError> {
  const totalFraction = sum(d.cessoes.map((c) => c.fraction));
  if (totalFraction.greaterThan(1)) return err({ kind: 'fractions-above-one', totalFraction });
  const lawyerGross = d.lawyer?.grossBrl ?? ZERO;
  const deducted = lawyerGross.plus(d.creditorWithholding.irrfBrl).plus(d.creditorWithholding.previdenciaBrl);
  if (deducted.greaterThan(d.grossBrl)) return err({ kind: 'withholding-above-gross', grossBrl: d.grossBrl, deductedBrl: deducted });
  const creditorNet = d.grossBrl.minus(deducted);

  const lines: PaymentLine[] = [];
  const cessoes = d.superpreference ? [] : d.cessoes;
  let left = creditorNet;
  if (cessoes.length > 0 && creditorNet.greaterThan(0)) {
    const retained = new Dec(1).minus(totalFraction);
    const shares = allocate(creditorNet, [...cessoes.map((c) => c.fraction), retained]);
    for (const [i, c] of cessoes.entries()) lines.push(line('cessionario', c.id, shares[i]!));
    left = shares[cessoes.length]!;
  }
  for (const p of d.penhoras) {
    const reserved = minMoney(p.limitLeftBrl, left);
    if (reserved.isZero() || reserved.isNegative()) continue;
    lines.push(line('juizo-penhora', p.id, reserved));
    left = left.minus(reserved);
  }
  lines.push(line('titular', undefined, left));
  if (d.lawyer) lines.push(line('advogado-contratual', undefined, d.lawyer.grossBrl, d.lawyer.irrfBrl));
  return ok(lines);
}

/** Σ net of the lines + every withholding: equals the gross (the invariant the writer re-checks). */
export function linesTotal(lines: readonly PaymentLine[], creditorWithholding: Distribution['creditorWithholding']): Money {
  return sum(lines.map((l) => l.netBrl.plus(l.irrfBrl)))
    .plus(creditorWithholding.irrfBrl)
    .plus(creditorWithholding.previdenciaBrl);
}

/** pt-BR text of a refusal, for the edges. */
export function describePartiesError(e: PartiesError): string {
  switch (e.kind) {
    case 'fractions-above-one':
      return `cessões somam ${e.totalFraction.times(100).toString()} % do crédito do cedente (mais que 100 %): o crédito fica suspenso (TJPR-DJ86 art. 21)`;
    case 'withholding-above-gross':
      return `honorários e retenções (${e.deductedBrl.toFixed(2)}) maiores que o valor bruto do beneficiário (${e.grossBrl.toFixed(2)})`;
    case 'lawyer':
      return `honorários contratuais do advogado: ${describeWithholdingError(e.error)}`;
  }
}
