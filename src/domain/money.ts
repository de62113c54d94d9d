import DecimalBase from 'decimal.js';

/**
 * Money and every other exact quantity of the core.
 *
 * A local clone keeps our precision and rounding settings away from any other user of decimal.js
 * (we never call the global `Decimal.set`). 40 significant digits cover the product of several
 * hundred monthly factors with room to spare; rounding to cents happens only where a rule says so,
 * and always names its mode.
 */
export const Dec = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** An amount in reais (BRL). Never a JS `number`. */
export type Money = Dec;

export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

const ROUNDING: Record<RoundingMode, DecimalBase.Rounding> = {
  'half-up': DecimalBase.ROUND_HALF_UP,
  'half-even': DecimalBase.ROUND_HALF_EVEN,
  down: DecimalBase.ROUND_DOWN,
  up: DecimalBase.ROUND_UP,
};

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Parses a plain decimal string (`"1234.56"`). Throws on anything else: parsing user text is the importer's job. */
export function money(text: string): Money {
  if (!DECIMAL_TEXT.test(text)) throw new Error(`valor monetário inválido: "${text}"`);
  return new Dec(text);
}

export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}

export const ZERO: Money = new Dec(0);

export function roundCents(amount: Money, mode: RoundingMode): Money {
  return amount.toDecimalPlaces(2, ROUNDING[mode]);
}

/** Fixed two-decimal text for transport and storage (`"1234.50"`); rounds half-even only if needed. */
export function toDecimalString(amount: Money): string {
  return amount.toFixed(2, ROUNDING['half-even']);
}

export function sum(amounts: readonly Money[]): Money {
  return amounts.reduce<Money>((acc, a) => acc.plus(a), ZERO);
}

export function minMoney(a: Money, b: Money): Money {
  return a.lessThanOrEqualTo(b) ? a : b;
}

export function maxMoney(a: Money, b: Money): Money {
  return a.greaterThanOrEqualTo(b) ? a : b;
}

/**
 * Splits `total` (in cents) in proportion to `weights` so that the shares add up to `total`
 * exactly: each share is rounded down to the cent and the leftover cents go, one by one, to the
 * shares with the largest remainders (ties to the earlier share). Weights must be ≥ 0 and not all 0.
 */
export function allocate(total: Money, weights: readonly Money[]): Money[] {
  if (weights.length === 0) throw new Error('allocate: nenhum peso informado');
  if (weights.some((w) => w.isNegative())) throw new Error('allocate: peso negativo');
  const weightSum = sum(weights);
  if (weightSum.isZero()) throw new Error('allocate: soma dos pesos é zero');
  const totalCents = total.times(100);
  if (!totalCents.isInteger()) throw new Error('allocate: o total deve estar em centavos');

  const exact = weights.map((w) => totalCents.times(w).dividedBy(weightSum));
  const floors = exact.map((e) => e.toDecimalPlaces(0, DecimalBase.ROUND_FLOOR));
  let leftover = totalCents.minus(sum(floors)).toNumber(); // a count of cents < weights.length
  const byRemainder = exact
    .map((e, index) => ({ index, remainder: e.minus(floors[index]!) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  const cents = [...floors];
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    cents[index] = cents[index]!.plus(1);
    leftover -= 1;
  }
  return cents.map((c) => c.dividedBy(100));
}
