import { type SupportedDates, supportedDates } from '../domain/supported-dates.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import { loadRuleBook } from '../rules/load-rule-book.ts';
import { todayInCourt } from './environment.ts';

/**
 * The supported date ranges (domain/supported-dates.ts) of the project's rule tables on today's date
 * in Belém: for the edges that have no rule book or clock of their own (the CSV readers' default, the
 * CLI). The clock is read here, in the shell, never in the domain.
 */
export function supportedDatesToday(now: number = Date.now()): SupportedDates {
  return supportedDates(loadRuleBook(), loadCorrectionRules(), todayInCourt(now));
}
