import { Dec, type Money, roundCents } from './money.ts';
import { assert } from './result.ts';

/** R$ 100 bilhões in centavos: no single credit or yearly amount is above this; sums stay below 2^53. */
export const BALANCE_CENTS_MAX = 1e13;

/**
 * Money ⇄ integer centavos at the edges of the modules that count in centavos: the simulation and
 * the allocation walk (queue/allocation-walk.ts) that the payment run shares with it.
 *
 * `moneyToCents` reads decimal.js's documented digit words (`d`, base 10^7, most significant first;
 * `e`, the exponent of the most significant digit; `s`, the sign) instead of formatting text: it is
 * called for every beneficiary of a million-precatório run, where `toFixed` costs more than the
 * whole month loop. Each word contributes an exact integer (or an exact division by a power of ten);
 * an amount with digits below the centavo falls back to the exact Decimal path, rounding half-up.
 * `maxCents` bounds |amount|: the simulation's R$ 100 bilhões by default; the payment run, whose
 * sums are checked against 2^53 as a whole (queue/payment-run.ts), passes `Number.MAX_SAFE_INTEGER`.
 */
export function moneyToCents(amount: Money, maxCents: number = BALANCE_CENTS_MAX): number {
  const words = amount.d;
  const first = words[0] ?? 0;
  if (first === 0) return 0;
  const firstLength = first >= 1e6 ? 7 : first >= 1e5 ? 6 : first >= 1e4 ? 5 : first >= 1e3 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1;
  // Exponent (power of ten) of the last digit of word 0, in centavos.
  let exponent = amount.e - firstLength + 3;
  let cents = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (exponent >= 0) cents += word * 10 ** exponent;
    else if (exponent > -7 && word % 10 ** -exponent === 0) cents += word / 10 ** -exponent;
    else if (word !== 0) return exactCents(amount, maxCents); // a digit below the centavo
    exponent -= 7;
  }
  const signed = amount.s * cents;
  // The message is built only on failure: this runs once per beneficiary of a million-row run.
  if (Math.abs(signed) > maxCents) assert(false, tooLarge(amount, maxCents));
  return signed;
}

function exactCents(amount: Money, maxCents: number): number {
  const cents = Number(roundCents(amount, 'half-up').times(100).toFixed(0));
  assert(Math.abs(cents) <= maxCents, tooLarge(amount, maxCents));
  return cents;
}

function tooLarge(amount: Money, maxCents: number): string {
  return `valor acima do limite ${maxCents === BALANCE_CENTS_MAX ? 'da simulação' : 'contado ao centavo'}: ${amount.toString()}`;
}

/** Exact: integer centavos (|c| < 2^53) to reais. */
export function centsToMoney(cents: number): Money {
  assert(Number.isSafeInteger(cents), `centavos não inteiros: ${cents}`);
  return new Dec(cents).dividedBy(100);
}

/** Decimal text for transport (`"1234.50"`), from integer centavos. */
export function centsToDecimalText(cents: number): string {
  assert(Number.isSafeInteger(cents), `centavos não inteiros: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
