import type { Money } from '../domain/money.ts';
import { parseNonNegativeAmount } from '../import/fields.ts';

/**
 * An amount option in reais, read like every amount the product takes (import, API, `pagar`):
 * "100000", "100000.50", "100.000,50" or "R$ 100.000,50"; an ambiguous "100.000" is refused with
 * the two readings named (import/fields.ts).
 */
export function amountOption(text: string, option: string): { ok: true; value: Money } | { ok: false; error: string } {
  const parsed = parseNonNegativeAmount(text);
  return parsed.ok ? parsed : { ok: false, error: `${option}: ${parsed.error}` };
}
