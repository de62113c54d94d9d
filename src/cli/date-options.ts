import { type IsoDate, type YearMonth, isIsoDate, isYearMonth } from '../domain/dates.ts';
import { type DateRange, type MonthRange, outsideDate, outsideMonth } from '../domain/supported-dates.ts';
import { type Result, err, ok } from '../domain/result.ts';

/**
 * A date flag (`--data AAAA-MM-DD`) checked like every other entry point: four-digit year, a real
 * day, inside the range the rules support for it (domain/supported-dates.ts). The error names the flag.
 */
export function dateFlag(text: string, flag: string, ...ranges: readonly DateRange[]): Result<IsoDate, string> {
  if (!isIsoDate(text)) return err(`${flag}: "${text}" não é uma data válida (use AAAA-MM-DD)`);
  for (const range of ranges) {
    const outside = outsideDate(range, text);
    if (outside) return err(`${flag}: ${outside}`);
  }
  return ok(text);
}

/** A month flag (`--ate AAAA-MM`), likewise. */
export function monthFlag(text: string, flag: string, range: MonthRange): Result<YearMonth, string> {
  if (!isYearMonth(text)) return err(`${flag}: "${text}" não é um mês válido (use AAAA-MM)`);
  const outside = outsideMonth(range, text);
  return outside ? err(`${flag}: ${outside}`) : ok(text);
}
