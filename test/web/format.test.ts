// Goal: the dashboard writes money and dates the Brazilian way, exactly as the API sent them.
import { describe, expect, it } from 'vitest';
import { brl, centavos, data, dataHora, decimal, mesAno } from '../../web/format.ts';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('format', () => {
  it.each([
    ['60720.00', 'R$ 60.720,00'],
    ['0.00', 'R$ 0,00'],
    ['49464978.91', 'R$ 49.464.978,91'],
    ['1234567890123.45', 'R$ 1.234.567.890.123,45'],
  ])('brl(%s) → %s', (value, expected) => {
    expect(plain(brl(value))).toBe(expected);
  });

  it('reads dates as written (Belém offset), never re-zoned: dd/mm/aaaa', () => {
    expect(data('2011-01-12T09:48:00.000-03:00')).toBe('12/01/2011');
    expect(data('2026-11-23 01:23:03.343-03')).toBe('23/11/2026');
    expect(data('2025-12-31T23:30:00.000-03:00')).toBe('31/12/2025');
    expect(data(null)).toBe('—');
    expect(dataHora('2011-01-12T09:48:00.000-03:00')).toBe('12/01/2011 09:48');
    expect(dataHora('2010-12-20')).toBe('20/12/2010');
    expect(mesAno('2010-04')).toBe('04/2010');
  });

  it('turns decimal text into whole centavos exactly', () => {
    expect(centavos('55858.65')).toBe(5585865);
    expect(centavos('0.1')).toBe(10);
    expect(centavos('12')).toBe(1200);
    expect(centavos('-3.05')).toBe(-305);
    expect(() => centavos('1,5')).toThrow();
  });

  it('cuts long factors with a decimal comma', () => {
    expect(decimal('1.0338641584166565857656405183351104')).toBe('1,033864158');
    expect(decimal('12.5', 6)).toBe('12,5');
    expect(decimal('2')).toBe('2');
  });
});
