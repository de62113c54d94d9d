import { addYears } from '../dates.ts';
import type { Precatorio } from '../precatorio.ts';
import type { RuleBook } from '../rule-book.ts';
import { sortKeyOf } from './ordering.ts';

/**
 * Why a stored precatório cannot take a place in its debtor's lists, or undefined when it can: the
 * per-precatório steps of a list (its budget year from the presentation, R1.2/R1.4; each holder's
 * 60th birthday, R3.2) tried on it alone. Every entry point refuses such data (supported-dates.ts),
 * but a row can still reach the store another way (a version of the importer before the ranges, a
 * restored backup, SQL by hand) — and then it must not take down its whole debtor: the lists leave it
 * out and say so, instead of throwing for every request (issue 15).
 */
export function unorderableReason(p: Precatorio, rules: RuleBook): string | undefined {
  try {
    sortKeyOf(p, rules);
    // Once per distinct birth date: a precatório of 200 000 beneficiaries repeats most of them, and
    // this ran in one go before its list is built (issue 15 §3).
    const tried = new Set<string>();
    for (const b of p.beneficiarios) {
      if (!b.nascimento || tried.has(b.nascimento)) continue;
      tried.add(b.nascimento);
      for (const age of rules.superpreferenceAgeYears) addYears(b.nascimento, age.value);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Splits a debtor's precatórios into those the lists can place and those they leave out (with why). */
export function splitPlaceable(
  precatorios: readonly Precatorio[],
  rules: RuleBook,
): { placeable: Precatorio[]; excluded: { numero: string; reason: string }[] } {
  const placeable: Precatorio[] = [];
  const excluded: { numero: string; reason: string }[] = [];
  for (const p of precatorios) {
    const reason = unorderableReason(p, rules);
    if (reason === undefined) placeable.push(p);
    else excluded.push({ numero: p.numero, reason });
  }
  return { placeable, excluded };
}
