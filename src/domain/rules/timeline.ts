import type { IsoDate } from '../dates.ts';

/**
 * A legal parameter over time (OpenFisca style): each row starts at `validFrom` and stays in
 * force until the next row starts. Every row cites its legal basis.
 */
export interface Dated<T> {
  readonly validFrom: IsoDate;
  readonly value: T;
  readonly legalBasis: string;
}

/** Rows sorted by `validFrom`, strictly increasing. Built only by `timeline()`. */
export type Timeline<T> = readonly Dated<T>[] & { readonly __brand: 'Timeline' };

export function timeline<T>(rows: readonly Dated<T>[]): Timeline<T> {
  if (rows.length === 0) throw new Error('linha do tempo vazia');
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.validFrom <= rows[i - 1]!.validFrom) {
      throw new Error(`linha do tempo fora de ordem ou duplicada em ${rows[i]!.validFrom}`);
    }
  }
  for (const row of rows) {
    if (row.legalBasis.trim() === '') throw new Error(`regra de ${row.validFrom} sem fundamento legal`);
  }
  return [...rows] as unknown as Timeline<T>;
}

/**
 * The one row in force on `date`: the last whose `validFrom` ≤ `date`. Dates before the first row
 * have no rule and return undefined (the caller decides whether that is an error).
 * Binary search: timelines are short, but this is called once per precatório in bulk runs.
 */
export function ruleInForce<T>(rules: Timeline<T>, date: IsoDate): Dated<T> | undefined {
  let low = 0;
  let high = rules.length - 1;
  let found: Dated<T> | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const row = rules[mid]!;
    if (row.validFrom <= date) {
      found = row;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** Like `ruleInForce`, for callers whose dates are always covered; throws otherwise. */
export function requireRuleInForce<T>(rules: Timeline<T>, date: IsoDate, what: string): Dated<T> {
  const row = ruleInForce(rules, date);
  if (!row) throw new Error(`nenhuma regra de ${what} vigente em ${date} (a primeira começa em ${rules[0]!.validFrom})`);
  return row;
}
