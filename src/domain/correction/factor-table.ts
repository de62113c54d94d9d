import { type Dec, type Money, type RoundingMode, roundCents } from '../money.ts';

/**
 * The factor-table mechanics of published tables (R5.2b): a value of the start month is divided by
 * that month's factor and multiplied by the end month's factor (TJSP "divide/multiply"; GM tables
 * are the special case where the end factor is 1). The same ratio of prefix products is what
 * `factorOver` computes from monthly rates. Rounded once, at the end (R5.16).
 */
export function correctByFactorTable(value: Money, startFactor: Dec, endFactor: Dec, rounding: RoundingMode): Money {
  return roundCents(value.dividedBy(startFactor).times(endFactor), rounding);
}
