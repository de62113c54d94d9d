import type { YearMonth } from '../dates.ts';
import type { Esfera } from '../ente.ts';
import type { SeriesError } from '../indices/errors.ts';
import { Dec, type Money } from '../money.ts';
import type { Natureza } from '../precatorio.ts';

/** Who the credit is and how it is treated (R5.17 `p`). */
export interface CorrectionContext {
  readonly natureza: Natureza;
  readonly tributario: boolean;
  /** R5.5: expedido (config `modulationTrigger`) up to 25/03/2015; see `isModulated`. */
  readonly modulated: boolean;
  /** State/municipal debtors follow ADCT 97 §16 (R5.10); `uniao` follows R5.12. */
  readonly esfera: Esfera;
  /** Budget year, for the período de graça (R5.9); undefined when no graça falls in the window. */
  readonly budgetYear?: number | undefined;
  /** Rate months before 07/2009 carry the title's own interest, 0,5 % or 1 % a.m. (R5.3, R5.7). */
  readonly interestPerTitlePctMonthly?: Dec | undefined;
}

/**
 * Components of a credit (R5.0): several rules apply an index to some of them only.
 * `jurosMora` is pre-EC 113 interest; `selic` is SELIC accrued (R5.8); `jurosEc136` the 2 % a.a. (R5.10).
 */
export interface Components {
  readonly principal: Money;
  readonly jurosMora: Money;
  readonly selic: Money;
  readonly jurosEc136: Money;
}

export const COMPONENT_NAMES = ['principal', 'jurosMora', 'selic', 'jurosEc136'] as const;

const ZERO = new Dec(0);

export function principalOnly(principal: Money): Components {
  return { principal, jurosMora: ZERO, selic: ZERO, jurosEc136: ZERO };
}

export function totalOf(c: Components): Money {
  return c.principal.plus(c.jurosMora).plus(c.selic).plus(c.jurosEc136);
}

/** Where a rate month stands relative to the período de graça (R5.9). */
export type Phase = 'SEM_GRACA' | 'ANTES_GRACA' | 'GRACA' | 'APOS_GRACA';

/** One line of the memória de cálculo: what was applied to which months, and the amount after it. */
export interface MemoryLine {
  readonly phase: Phase;
  /** Spec rule ID (R5.x). */
  readonly rule: string;
  readonly kind: 'correcao' | 'juros' | 'selic' | 'ec136' | 'teto-selic';
  /** Index label: 'IPCA-E', 'TR', 'IPCA-E/TR (mês misto)', 'SELIC simples', 'IPCA + 2 % a.a.', 'juros poupança'. */
  readonly index: string;
  readonly firstMonth: YearMonth | undefined;
  readonly lastMonth: YearMonth | undefined;
  readonly months: number;
  /** Compound factor applied (correction lines). */
  readonly factor?: Dec | undefined;
  /** Simple sum of monthly rates, percent (interest and SELIC lines). */
  readonly sumPct?: Dec | undefined;
  /** True when the segment stops at the last published month (R5.2). */
  readonly provisional: boolean;
  readonly note?: string | undefined;
  /** Components right after this line, full precision. */
  readonly after: Components;
}

export type CorrectionError =
  | SeriesError
  | { readonly kind: 'target-before-data-base'; readonly dataBase: YearMonth; readonly target: YearMonth }
  | { readonly kind: 'before-supported-history'; readonly month: YearMonth; readonly firstMonth: YearMonth }
  | { readonly kind: 'interest-per-title-required'; readonly month: YearMonth }
  | { readonly kind: 'missing-mixed-rate'; readonly month: YearMonth; readonly method: string };
