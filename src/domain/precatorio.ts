import type { CourtTimestamp, IsoDate, YearMonth } from './dates.ts';
import type { Regime } from './ente.ts';
import type { Dec, Money } from './money.ts';

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
