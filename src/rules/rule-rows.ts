import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One row of a `data/rules/*.csv` table, by column name. */
export type RuleRow = Record<string, string>;

/** The rows of one legal table (header = column names; values trimmed). A parse error names the file. */
export function readRuleRows(dir: string, file: string): RuleRow[] {
  try {
    return parse(readFileSync(`${dir}/${file}`, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as RuleRow[];
  } catch (e) {
    throw new Error(`data/rules ${file}: ${(e as Error).message}`);
  }
}

/** A column that takes one of a closed list of codes; anything else stops the load. */
export function oneOf<T extends string>(allowed: readonly T[], text: string | undefined, what: string): T {
  if (text === undefined || !(allowed as readonly string[]).includes(text))
    throw new Error(`data/rules: ${what} inválido: "${text}" (aceitos: ${allowed.join(', ')})`);
  return text as T;
}
