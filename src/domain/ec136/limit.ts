import { type IsoDate, type YearMonth, addMonths, daysInMonth, makeIsoDate } from '../dates.ts';
import { Dec, type Money, ZERO } from '../money.ts';
import { type Timeline, ruleInForce } from '../rules/timeline.ts';

/**
 * EC 136/2025 yearly payment limits (money-movements.md R7.8; CF art. 100 §§23–24). Pure: the
 * RCL, the stock in mora and the tier table come in as data (data/rules/ec136-tiers.csv).
 */

/** One inciso of §23: up to `ratioUpTo` (inclusive, "não superar"; undefined = the top tier) the limit is `limitPct` % of the RCL. */
export interface Ec136Tier {
  readonly inciso: string;
  /** Upper bound of stock ÷ RCL as a fraction (0.15 = 15 %), inclusive; undefined for the last tier (r > 85 %). */
  readonly ratioUpTo: Dec | undefined;
  /** The limit as a fraction of the RCL (0.01 = 1 %). */
  readonly limitShare: Dec;
  readonly legalBasis: string;
}

/** §24: from `firstYear` on, +`stepShare` per `periodYears` while a stock in mora exists (read as cumulative, [UNC] R7.8). */
export interface Ec136Step {
  readonly firstYear: number;
  readonly periodYears: number;
  readonly stepShare: Dec;
}

export interface Ec136Rules {
  /** The tier tables by validity (a year Y uses the table in force on 1 Jan Y). */
  readonly tiers: Timeline<readonly Ec136Tier[]>;
  readonly step: Timeline<Ec136Step>;
}

export interface Ec136Input {
  /** The plan's year Y. */
  readonly year: number;
  /** RCL "apurada no exercício financeiro anterior" (Y − 1), R7.8. */
  readonly rcl: Money;
  /** Stock of precatórios in mora on 1 Jan Y, updated with interest (R7.8 `stockInMora`). */
  readonly stockInMora: Money;
  /**
   * §24 condition: whether a stock in mora existed at the start of the current decade (1 Jan of
   * 2036, 2046, …). Default: the same as `stockInMora > 0` (the caller knows no earlier figure).
   */
  readonly stockAtDecadeStart?: boolean | undefined;
}

export interface Ec136Limit {
  readonly year: number;
  /** stock ÷ RCL, exact. */
  readonly ratio: Dec;
  readonly inciso: string;
  /** Tier share plus the §24 increase. */
  readonly limitShare: Dec;
  readonly stepShare: Dec;
  /** limitShare × RCL, to the cent (down: a ceiling is never exceeded by rounding). */
  readonly yearly: Money;
  /** yearly ÷ 12, truncated to the cent (O7.2: the published monthly figure truncates). */
  readonly monthly: Money;
  readonly legalBasis: string;
}

export type Ec136Problem = { readonly field: 'rcl' | 'estoque' | 'ano'; readonly message: string };

/** R7.8: the yearly limit of year Y from the stock/RCL tier (boundaries "≤" per inciso), or the input's problem. */
export function ec136Limit(rules: Ec136Rules, input: Ec136Input): Ec136Limit | Ec136Problem {
  if (!input.rcl.greaterThan(0)) return { field: 'rcl', message: `a RCL deve ser maior que zero (recebido ${input.rcl.toFixed(2)})` };
  if (input.stockInMora.isNegative()) return { field: 'estoque', message: `o estoque não pode ser negativo (recebido ${input.stockInMora.toFixed(2)})` };
  const jan1 = makeIsoDate(input.year, 1, 1);
  const table = ruleInForce(rules.tiers, jan1);
  if (!table) return { field: 'ano', message: `os limites da EC 136 começam em ${rules.tiers[0]!.validFrom.slice(0, 4)}; ano ${input.year} anterior` };
  const ratio = input.stockInMora.dividedBy(input.rcl);
  const tier = table.value.find((t) => t.ratioUpTo === undefined || ratio.lessThanOrEqualTo(t.ratioUpTo)) ?? table.value[table.value.length - 1]!;
  const step = ruleInForce(rules.step, jan1);
  let stepShare: Dec = ZERO;
  if (step && input.year >= step.value.firstYear) {
    const decades = Math.floor((input.year - step.value.firstYear) / step.value.periodYears) + 1;
    const had = input.stockAtDecadeStart ?? input.stockInMora.greaterThan(0);
    if (had) stepShare = step.value.stepShare.times(decades);
  }
  const limitShare = tier.limitShare.plus(stepShare);
  const yearly = input.rcl.times(limitShare).toDecimalPlaces(2, Dec.ROUND_DOWN);
  return {
    year: input.year,
    ratio,
    inciso: tier.inciso,
    limitShare,
    stepShare,
    yearly,
    monthly: monthlyOf(yearly, 12),
    legalBasis: step && stepShare.greaterThan(0) ? `${tier.legalBasis}; ${step.legalBasis}` : tier.legalBasis,
  };
}

export const isEc136Problem = (x: Ec136Limit | Ec136Problem): x is Ec136Problem => 'field' in x;

/** A plan amount spread over `months` equal parcels, truncated to the cent (O7.2's rounding). */
export function monthlyOf(total: Money, months: number): Money {
  return total.dividedBy(months).toDecimalPlaces(2, Dec.ROUND_DOWN);
}

/**
 * R7.9 default detection configuration ([UNC]: the spec names `dueDate(m) + depositGraceDays`
 * without fixing either). Default: the parcel of month m is due on its last day, no grace, and
 * the account is CUMULATIVE — what was deposited beyond earlier parcels counts for later ones,
 * and a late deposit cures the month it covers (ADCT 104 I: sequestro "até o limite do valor não
 * liberado").
 */
export interface DefaultConfig {
  readonly depositGraceDays: number;
}
export const DEFAULT_DEFAULT_CONFIG: DefaultConfig = { depositGraceDays: 0 };

export interface DatedAmount {
  readonly date: IsoDate;
  readonly amount: Money;
}

export interface MonthCheck {
  readonly month: YearMonth;
  readonly due: Money;
  readonly dueDate: IsoDate;
  /** Deposits counted by dueDate + grace, cumulative from the first month. */
  readonly depositedToDate: Money;
  readonly dueToDate: Money;
  /** max(0, dueToDate − depositedToDate): the value "não liberado" (ADCT 104 I). */
  readonly shortfall: Money;
}

export interface DefaultReport {
  readonly months: readonly MonthCheck[];
  /** The last checked month's shortfall > 0 (R7.9 `INADIMPLENTE`). */
  readonly inadimplente: boolean;
  readonly shortfall: Money;
  /** Months whose cumulative shortfall was > 0. */
  readonly monthsInDefault: readonly YearMonth[];
}

/** `date` + `days` calendar days (proleptic Gregorian, day arithmetic only; no clock). */
function plusDays(date: IsoDate, days: number): IsoDate {
  let [y, m, d] = date.split('-').map(Number) as [number, number, number];
  d += days;
  while (d > daysInMonth(y, m)) {
    d -= daysInMonth(y, m);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return makeIsoDate(y, m, d);
}

/**
 * R7.9 `monthlyDefault`: for each month from `from` to `until` (inclusive) whose due date + grace is
 * on or before `asOf`, the cumulative parcels due vs the deposits made by then. `dueOf(m)` is the
 * plan's parcel of month m.
 */
export function detectDefault(
  dueOf: (m: YearMonth) => Money,
  deposits: readonly DatedAmount[],
  from: YearMonth,
  until: YearMonth,
  asOf: IsoDate,
  config: DefaultConfig = DEFAULT_DEFAULT_CONFIG,
): DefaultReport {
  const sorted = [...deposits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const months: MonthCheck[] = [];
  let dueToDate: Money = ZERO;
  for (let m = from; m <= until; m = addMonths(m, 1)) {
    const [y, mo] = m.split('-').map(Number) as [number, number];
    const dueDate = makeIsoDate(y, mo, daysInMonth(y, mo));
    const limit = plusDays(dueDate, config.depositGraceDays);
    if (limit > asOf) break;
    const due = dueOf(m);
    dueToDate = dueToDate.plus(due);
    const depositedToDate = sorted.filter((d) => d.date <= limit).reduce<Money>((a, d) => a.plus(d.amount), ZERO);
    const gap = dueToDate.minus(depositedToDate);
    months.push({ month: m, due, dueDate, depositedToDate, dueToDate, shortfall: gap.greaterThan(0) ? gap : ZERO });
  }
  const last = months[months.length - 1];
  return {
    months,
    inadimplente: last?.shortfall.greaterThan(0) ?? false,
    shortfall: last?.shortfall ?? ZERO,
    monthsInDefault: months.filter((c) => c.shortfall.greaterThan(0)).map((c) => c.month),
  };
}
