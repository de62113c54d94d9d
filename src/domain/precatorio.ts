import type { CourtTimestamp, IsoDate, YearMonth } from './dates.ts';
import type { Regime } from './ente.ts';
import type { TaxRegime, Vinculo } from './liquidation/withholding.ts';
import { type Dec, type Money, ZERO } from './money.ts';
import type { Steps } from './steps.ts';

/** CF art. 100 §1: alimentar credits precede comuns of the same budget year (R2.2, R2.5). */
export type Natureza = 'alimentar' | 'comum';

/**
 * Where the precatório stands for payment. Suspended ones keep their place but are skipped by a
 * payment run; paid and cancelled ones leave the list.
 */
export type StatusPrecatorio = 'ativo' | 'suspenso' | 'pago' | 'cancelado';

/**
 * How the precatório's place in time is known.
 * - `registrada`: the court's own record of receipt (R1.1); the budget year is derived (R1.4).
 * - `ordem-publicada`: a public list (e.g. TJRJ) gives only the official position and the budget
 *   year; the position stands in for the presentation instant.
 */
export type Apresentacao =
  | { readonly kind: 'registrada'; readonly apresentadoEm: CourtTimestamp }
  | { readonly kind: 'ordem-publicada'; readonly ordem: number; readonly budgetYear: number };

/** How the beneficiary came to hold the credit; a cessionário never has superpreference (CF §13, R3.2). */
export type Titularidade = 'originario' | 'herdeiro' | 'cessionario';

/**
 * A beneficiary's tax facts as the ofício states them (migration 0010; money-movements.md R6.2, R6.7,
 * R6.8, R6.12). Each may be absent: domain/liquidation/payee-facts.ts states the default rule.
 */
export interface BeneficiaryTaxFacts {
  readonly regime?: TaxRegime | undefined;
  /** NM of the ofício for the whole credit (R6.8), > 0 and ≤ MAX_RRA_MONTHS. */
  readonly rraMonths?: Dec | undefined;
  readonly vinculo?: Vinculo | undefined;
  /** The ofício's employee contribution for the whole share, money of the data-base (R6.12); ≤ valorBrl. */
  readonly previdenciaIndicadaBrl?: Money | undefined;
  /** Or the regime whose rate applies (data/rules/previdencia-rates.csv). */
  readonly previdenciaRegime?: string | undefined;
  /** Fraction of the principal that is not income, 0 to 1 (R6.10). */
  readonly nonTaxableShare?: Dec | undefined;
}

export interface Beneficiario {
  readonly id: string;
  /** Identifies the same person across precatórios (superpreference is per creditor, R3.4/R3.6). */
  readonly credorId: string;
  readonly titularidade: Titularidade;
  /** This beneficiary's own share of the requisitioned value (R2.9). */
  readonly valorBrl: Money;
  /** Paid so far, superpreference included; ≤ valorBrl. */
  readonly pagoBrl: Money;
  /** Of `pagoBrl`, what was paid as superpreference; ≤ pagoBrl. */
  readonly superpreferenciaPagaBrl: Money;
  readonly nascimento?: IsoDate | undefined;
  /**
   * Personal data the core never reads; kept so the registry is complete. Public outputs mask it
   * (api/masking.ts).
   */
  readonly nome?: string | undefined;
  readonly cpf?: string | undefined;
  /** Date the serious illness was recognised (Res. 303 art. 11 II, art. 9 §§1,3). */
  readonly doencaGraveDesde?: IsoDate | undefined;
  /** Date the disability was recognised (Lei 13.146/2015; Res. 303 art. 11 III). */
  readonly deficienciaDesde?: IsoDate | undefined;
  /** Honorários contratuais destacados out of this beneficiary's credit (R6.14). */
  readonly contratuais?: HonorariosContratuais | undefined;
  /**
   * Tax facts for the withholding (R6.7). Read with one precatório (findPrecatorio) and written by the
   * import; the bulk list reads leave them out — ordering never reads them.
   */
  readonly tax?: BeneficiaryTaxFacts | undefined;
}

/**
 * R6.14: the lawyer's contractual fee destacado in the titular's own ofício — a deduction from this
 * credit (same position, nature, budget year), never a credit of its own: no RPV, no superpreference,
 * no queue entry. Either a fraction of every component or an amount of the face share.
 */
export interface HonorariosContratuais {
  readonly destaque: { readonly kind: 'percentual'; readonly share: Dec } | { readonly kind: 'valor'; readonly amountBrl: Money };
  /** A PF lawyer (monthly table) or a sociedade de advogados (1,5 %), R6.14 / R6.7. Name and document are personal data. */
  readonly advogado: { readonly tipo: 'PF' | 'PJ'; readonly nome?: string | undefined; readonly documento?: string | undefined };
}

export interface Precatorio {
  /** Número único CNJ (Res. 65/2008) or a court's legacy number, as published. */
  readonly numero: string;
  readonly enteId: string;
  /** Regime of the list it is published in; must match its ente's regime. */
  readonly regime: Regime;
  readonly natureza: Natureza;
  /** Matters for the correction index (R5.13), not for the order (R2.6). */
  readonly tributario: boolean;
  readonly apresentacao: Apresentacao;
  /** Date the execution judge issued the ofício (R1.1); unknown in public lists. */
  readonly expedidoEm?: IsoDate | undefined;
  /** Month the requisitioned value refers to (R5.1). */
  readonly dataBase?: YearMonth | undefined;
  /** Face value at requisition: the R2.3 tie-breaker. Equals the sum of the beneficiaries' shares. */
  readonly valorRequisitadoBrl: Money;
  /** Cumprimento de sentença of origin: the superpreference scope (R3.6). */
  readonly processoOrigem?: string | undefined;
  readonly status: StatusPrecatorio;
  readonly beneficiarios: readonly Beneficiario[];
  /**
   * R6.15: the requisition of a lawyer's honorários sucumbenciais (L8906 art. 23) — an own credit,
   * alimentar (SV 47), in the queue and RPV rules like any requisition by its own amount.
   */
  readonly honorariosSucumbenciais?: boolean | undefined;
}

export function saldoOf(beneficiario: Beneficiario): Money {
  // Nothing paid (most beneficiaries): the share itself, without a subtraction (same value).
  if (beneficiario.pagoBrl.isZero()) return beneficiario.valorBrl;
  return beneficiario.valorBrl.minus(beneficiario.pagoBrl);
}

/** Each precatório's Σ saldoOf once summed: a precatório is an immutable value, so its sum never changes. */
const saldoTotals = new WeakMap<Precatorio, Money>();

/**
 * What is still owed on the whole precatório, Σ saldoOf of its beneficiaries (its place's
 * remainder starts from it, R3.8; the debtor's stock sums it), in steps: `pause()`, asked after
 * each beneficiary, says when to yield (domain/steps.ts). Summed once per precatório — one of
 * 200 000 beneficiaries is 200 000 exact additions, and both the debtor's stock and its list entry
 * need them (issue 15 §3).
 */
export function* saldoTotalSteps(precatorio: Precatorio, pause: () => boolean): Steps<Money> {
  const known = saldoTotals.get(precatorio);
  if (known) return known;
  let total = ZERO;
  for (const b of precatorio.beneficiarios) {
    total = total.plus(saldoOf(b));
    if (pause()) yield;
  }
  saldoTotals.set(precatorio, total);
  return total;
}
