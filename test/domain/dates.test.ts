import { describe, expect, it } from 'vitest';
import { addMonths, addYears, differenceInCalendarMonths, isoDate, toCourtTimestamp, yearMonth } from '../../src/domain/dates.ts';

describe('court timestamps (America/Belem)', () => {
  it('reads a text without offset as Belém wall-clock time', () => {
    expect(toCourtTimestamp('2025-04-02 23:59')).toBe('2025-04-02T23:59:00.000-03:00');
  });
  it('converts a UTC instant to Belém time: 2025-04-03T01:30Z is still 2 April in Belém', () => {
    expect(toCourtTimestamp('2025-04-03T01:30:00Z')).toBe('2025-04-02T22:30:00.000-03:00');
  });
  it('keeps milliseconds', () => {
    expect(toCourtTimestamp('2024-01-05T10:00:00.05')).toBe('2024-01-05T10:00:00.050-03:00');
  });
  it('rejects impossible dates and free text', () => {
    expect(toCourtTimestamp('2023-02-29')).toBeUndefined();
    expect(toCourtTimestamp('ontem')).toBeUndefined();
  });
});

describe('month arithmetic on YYYY-MM strings', () => {
  it('turns the year: 2024-12 + 1 = 2025-01, 2025-01 − 1 = 2024-12', () => {
    expect(addMonths(yearMonth('2024-12'), 1)).toBe('2025-01');
    expect(addMonths(yearMonth('2025-01'), -1)).toBe('2024-12');
  });
  it('counts calendar months: 2021-11 → 2025-07 is 44', () => {
    expect(differenceInCalendarMonths(yearMonth('2025-07'), yearMonth('2021-11'))).toBe(44);
  });
  it('adds years to 29 February: 60 years later is a leap day, 61 years later lands on 28 February', () => {
    expect(addYears(isoDate('1964-02-29'), 60)).toBe('2024-02-29');
    expect(addYears(isoDate('1964-02-29'), 61)).toBe('2025-02-28');
  });
});

describe('court timestamps: fast path equals the zone database', () => {
  it('gives the same text as TZDate for any instant and any wall-clock time from 1990 on', async () => {
    const fc = (await import('fast-check')).default;
    const { TZDate } = await import('@date-fns/tz');
    const viaTz = (ms: number) => {
      const d = new TZDate(ms, 'America/Belem');
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const off = -d.getTimezoneOffset();
      return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1, 3), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(toCourtTimestamp(iso)).toBe(viaTz(ms));
        const wall = viaTz(ms).slice(0, 23);
        expect(toCourtTimestamp(wall)).toBe(viaTz(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('still uses the zone database before 1990 (Belém had daylight saving until 1988)', () => {
    expect(toCourtTimestamp('1987-12-01T12:00')).toBe('1987-12-01T12:00:00.000-02:00');
  });
});
