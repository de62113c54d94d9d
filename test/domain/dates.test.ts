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
