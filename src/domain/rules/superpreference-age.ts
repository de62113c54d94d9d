import type { IsoDate } from '../dates.ts';
import type { RuleBook } from '../rule-book.ts';
import { requireRuleInForce, ruleInForce } from './timeline.ts';

/**
 * The age from which a holder qualifies for the superpreference on `date` (R3.1, R3.2: CF art. 100
 * §2 since EC 62/2009; data/rules/superpreference-age.csv). Before the superpreference existed there
 * is no age, and asking is a caller's error (run dates start with it, supported-dates.ts).
 */
export function superpreferenceAgeOn(rules: RuleBook, date: IsoDate): number {
  return requireRuleInForce(rules.superpreferenceAgeYears, date, 'idade da superpreferência').value;
}

/**
 * The one age in force on every date from `date` on, or undefined when a later row changes it. A
 * projection dates each 60th birthday once for its whole horizon (simulation/ledger.ts); with a
 * change of age inside it that dating would be wrong, so the projection is refused instead.
 */
export function superpreferenceAgeFrom(rules: RuleBook, date: IsoDate): number | undefined {
  const first = ruleInForce(rules.superpreferenceAgeYears, date);
  if (!first) return undefined;
  const later = rules.superpreferenceAgeYears.filter((row) => row.validFrom > date);
  return later.every((row) => row.value === first.value) ? first.value : undefined;
}
