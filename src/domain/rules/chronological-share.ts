import type { IsoDate } from '../dates.ts';
import type { Regime } from '../ente.ts';
import { Dec } from '../money.ts';
import type { RuleBook } from '../rule-book.ts';
import { type Dated, requireRuleInForce } from './timeline.ts';

/** The least fraction of an ente's payment money that must follow the chronological order, and the act that fixes it. */
export interface ChronologicalShareMinimum {
  readonly share: Dec;
  /** A short name of the act for messages ("ADCT art. 102"); the row's `legalBasis` has the whole text. */
  readonly citation: string;
}

/** How the ente's payment money arrives (the funding kinds of the projection, issue 6). */
export type FundingKind = 'dotacao-anual' | 'deposito-mensal' | 'percentual-rcl';

/**
 * The minimum in force on `date` (data/rules/chronological-share-minimum.csv): all of it before
 * EC 62/2009 (CF art. 100 caput), then at least 50 % in the regime especial (ADCT 97 §6, then
 * ADCT 102 caput from EC 94/2016; R7.5). The project applies it as the lower bound of every
 * funding row, as the split `crono = D × max(minimum, share)` of R7.5 reads.
 */
export function chronologicalShareMinimum(rules: RuleBook, date: IsoDate): Dated<ChronologicalShareMinimum> {
  return requireRuleInForce(rules.chronologicalShareMinimum, date, 'parcela mínima da ordem cronológica');
}

/**
 * The share assumed when none is given: in the regime especial, money deposited monthly (ADCT 101)
 * goes to the chronological order at the legal minimum — [UNC] R7.5: without knowing the ente's
 * acordo plan, the projection assumes the rest goes to acordos; a dotação anual (the regime geral's
 * instrument, CF art. 100 §5) and the regime geral go wholly to the list.
 */
export function defaultChronologicalShare(rules: RuleBook, regime: Regime, kind: FundingKind, date: IsoDate): Dec {
  return regime === 'especial' && kind !== 'dotacao-anual' ? chronologicalShareMinimum(rules, date).value.share : new Dec(1);
}

/** Decimal places a share keeps (the funding table's numeric(5, 4)): more would be rounded silently. */
export const CHRONOLOGICAL_SHARE_DECIMALS = 4;

/** Why `share` is not a lawful chronological share under `minimum` (in Portuguese), or undefined when it is. */
export function chronologicalShareProblem(share: Dec, minimum: Dated<ChronologicalShareMinimum>): string | undefined {
  const least = minimum.value.share;
  if (share.decimalPlaces() > CHRONOLOGICAL_SHARE_DECIMALS)
    return `a parcela da ordem cronológica tem mais de ${CHRONOLOGICAL_SHARE_DECIMALS} casas decimais (${share.toString()})`;
  if (share.greaterThanOrEqualTo(least) && share.lessThanOrEqualTo(1)) return undefined;
  const leastText = least.toString().replace('.', ',');
  return least.equals(1)
    ? `a parcela da ordem cronológica deve ser 1 (${minimum.value.citation}, vigente desde ${minimum.validFrom}: tudo na ordem cronológica)`
    : `a parcela da ordem cronológica deve estar entre ${leastText} (mínimo do ${minimum.value.citation}, vigente desde ${minimum.validFrom}) e 1`;
}
