import { describe, expect, it } from 'vitest';
import { Dec, allocate, money, roundCents, toDecimalString } from '../../src/domain/money.ts';

describe('money', () => {
  it('names every rounding: 2.345 → half-up 2.35, half-even 2.34, down 2.34, up 2.35', () => {
    const v = money('2.345');
    expect([roundCents(v, 'half-up'), roundCents(v, 'half-even'), roundCents(v, 'down'), roundCents(v, 'up')].map(String)).toEqual([
      '2.35',
      '2.34',
      '2.34',
      '2.35',
    ]);
  });

  it('allocates R$ 0,01 in two halves without losing the cent', () => {
    expect(allocate(money('0.01'), [new Dec(1), new Dec(1)]).map(toDecimalString)).toEqual(['0.01', '0.00']);
  });

  it('allocates R$ 100,00 in thirds as 33,34 + 33,33 + 33,33', () => {
    expect(allocate(money('100'), [new Dec(1), new Dec(1), new Dec(1)]).map(toDecimalString)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('refuses text that is not a plain decimal', () => {
    expect(() => money('1.234,56')).toThrow(/inválido/);
    expect(() => money('NaN')).toThrow();
  });

  it('keeps 40 significant digits (a product of 400 monthly factors does not drift)', () => {
    const factor = new Dec('1.0043');
    let acc = new Dec(1);
    for (let i = 0; i < 400; i++) acc = acc.times(factor);
    expect(acc.toSignificantDigits(20).toString()).toBe(factor.pow(400).toSignificantDigits(20).toString());
  });
});
