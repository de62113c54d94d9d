import { TZDate } from '@date-fns/tz';

/**
 * Calendar values travel between modules as ISO strings, never as `Date` (design §5): a `Date`
 * carries the host's time zone and has shifted days in more than one court system.
 */
export type IsoDate = string & { readonly __brand: 'IsoDate' }; // 'YYYY-MM-DD'
export type YearMonth = string & { readonly __brand: 'YearMonth' }; // 'YYYY-MM'
/** Wall-clock time in the court's zone with its offset: 'YYYY-MM-DDTHH:mm:ss.SSS-03:00'. */
export type CourtTimestamp = string & { readonly __brand: 'CourtTimestamp' };

/** TJPA's zone (R1.1). Belém has been UTC−3 with no daylight saving since 1988. */
export const COURT_TIME_ZONE = 'America/Belem';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export function isIsoDate(text: string): text is IsoDate {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isYearMonth(text: string): text is YearMonth {
  const m = YEAR_MONTH.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function isoDate(text: string): IsoDate {
  if (!isIsoDate(text)) throw new Error(`data inválida: "${text}" (esperado AAAA-MM-DD)`);
  return text;
}

export function yearMonth(text: string): YearMonth {
  if (!isYearMonth(text)) throw new Error(`mês inválido: "${text}" (esperado AAAA-MM)`);
  return text;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function yearOf(date: IsoDate | YearMonth): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7) as YearMonth;
}

/** The first day of `month`: the date a month's dated rules are read on. */
export function firstDayOf(month: YearMonth): IsoDate {
  return `${month}-01` as IsoDate;
}

export function makeIsoDate(year: number, month: number, day: number): IsoDate {
  return isoDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

export function addMonths(ym: YearMonth, months: number): YearMonth {
  const index = yearOf(ym) * 12 + (Number(ym.slice(5, 7)) - 1) + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}` as YearMonth;
}

/** Whole calendar months from `earlier` to `later` (negative if `later` is before). */
export function differenceInCalendarMonths(later: YearMonth, earlier: YearMonth): number {
  return yearOf(later) * 12 + Number(later.slice(5, 7)) - (yearOf(earlier) * 12 + Number(earlier.slice(5, 7)));
}

/** The date `years` years after `date`; 29 Feb lands on 28 Feb in common years. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const year = yearOf(date) + years;
  const month = Number(date.slice(5, 7));
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return makeIsoDate(year, month, day);
}

/** Court-local calendar date of a presentation timestamp (R1.3 compares dates, not instants). */
export function courtDateOf(timestamp: CourtTimestamp): IsoDate {
  return timestamp.slice(0, 10) as IsoDate;
}

/**
 * Normalises a presentation instant to court wall-clock time. A text without offset is read as
 * court-local time (how court systems export it); one with an offset or `Z` is converted.
 * Returns undefined for text that is not an ISO date-time.
 */
export function toCourtTimestamp(text: string): CourtTimestamp | undefined {
  const trimmed = text.trim();
  const m = TIMESTAMP_TEXT.exec(trimmed);
  if (!m || !isIsoDate(trimmed.slice(0, 10))) return undefined;
  const [, date, hh = '00', mi = '00', ss = '00', fraction = '', offset] = m;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  const ms = fraction.padEnd(3, '0');
  // Fast path: Belém has kept UTC−3 without daylight saving since 1988, so for later dates the
  // wall clock needs no zone database (Intl-backed TZDate costs ~15 µs a call, which dominated
  // million-row imports). Earlier dates and other zones take the exact TZDate path below.
  // Joined rather than concatenated: `+` and templates make a rope of the captured parts (up to six
  // strings per timestamp), and a server holds one per precatório in memory (issue 15 §3).
  if (date! >= BELEM_FIXED_OFFSET_FROM) {
    if (offset === undefined) return [date, 'T', hh, ':', mi, ':', ss, '.', ms, '-03:00'].join('') as CourtTimestamp;
    const utc = Date.parse(
      `${date}T${hh}:${mi}:${ss}.${ms}${offset === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`,
    );
    if (Number.isNaN(utc)) return undefined;
    const local = new Date(utc - 3 * 3_600_000).toISOString();
    if (local.slice(0, 10) >= BELEM_FIXED_OFFSET_FROM) return [local.slice(0, 23), '-03:00'].join('') as CourtTimestamp;
  }
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const offsetText = (local: TZDate) => {
    const offsetMinutes = Math.round(-local.getTimezoneOffset());
    const abs = Math.abs(offsetMinutes);
    return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };
  // Court-local text keeps its wall clock exactly as written: only the zone's offset is looked up.
  // (Going through an instant and back moved dates: `Date`'s constructor reads years 0–99 as
  // 1900–1999, and pre-1914 local mean time has an offset in seconds.)
  if (offset === undefined) return `${date}T${hh}:${mi}:${ss}.${ms}${offsetText(courtWallClock(trimmed))}` as CourtTimestamp;
  const instant = new Date(trimmed.replace(' ', 'T'));
  if (Number.isNaN(instant.getTime())) return undefined;
  const local = new TZDate(instant.getTime(), COURT_TIME_ZONE);
  return (`${pad(local.getFullYear(), 4)}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}` +
    `T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}.${pad(local.getMilliseconds(), 3)}` +
    offsetText(local)) as CourtTimestamp;
}

const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** From this day on, America/Belem is UTC−3 all year (tzdata: last DST ended in 1988). */
export const BELEM_FIXED_OFFSET_FROM = '1990-01-01';

/**
 * Reads 'YYYY-MM-DD[ HH:mm[:ss[.SSS]]]' as wall-clock time in the court's zone (to learn its
 * offset). The year is set with `setFullYear`, never passed to the constructor: `Date`'s (and
 * TZDate's) multi-argument constructor maps years 0–99 to 1900–1999, which silently stored
 * '0099-03-01' as 1999-03-01.
 */
function courtWallClock(text: string): TZDate {
  const parts = text.split(/[-T :.]/);
  const [y, mo, d, h, mi, s] = parts.slice(0, 6).map(Number);
  const ms = Number((parts[6] ?? '0').padEnd(3, '0'));
  const wallClock = new TZDate(2000, 0, 1, 0, 0, 0, 0, COURT_TIME_ZONE);
  wallClock.setFullYear(y!, mo! - 1, d!);
  wallClock.setHours(h ?? 0, mi ?? 0, s ?? 0, ms);
  return wallClock;
}
