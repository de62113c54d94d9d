import { type IsoDate, type YearMonth, isYearMonth } from '../domain/dates.ts';
import { parseDate } from '../import/fields.ts';
import { type DateRange, type MonthRange, outsideDate, outsideMonth } from '../domain/supported-dates.ts';
import { type Result, err, ok } from '../domain/result.ts';

/**
 * A date flag (`--data AAAA-MM-DD` or DD/MM/AAAA) checked like every other entry point: four-digit year, a real
 * day, inside the range the rules support for it (domain/supported-dates.ts). The error names the flag.
 */
export function dateFlag(text: string, flag: string, ...ranges: readonly DateRange[]): Result<IsoDate, string> {
  // AAAA-MM-DD or DD/MM/AAAA, as in the CSV import.
  const date = parseDate(text);
  if (!date.ok) return err(`${flag}: ${date.error}`);
  for (const range of ranges) {
    const outside = outsideDate(range, date.value);
    if (outside) return err(`${flag}: ${outside}`);
  }
  return date;
}

/** A month flag (`--ate AAAA-MM`), likewise. */
export function monthFlag(text: string, flag: string, range: MonthRange): Result<YearMonth, string> {
  if (!isYearMonth(text)) return err(`${flag}: "${text}" não é um mês válido (use AAAA-MM)`);
  const outside = outsideMonth(range, text);
  return outside ? err(`${flag}: ${outside}`) : ok(text);
}
