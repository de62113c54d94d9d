import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type YearMonth, addMonths, isoDate, yearMonth } from '../../../src/domain/dates.ts';
import { type Ec136Limit, detectDefault, ec136Limit, isEc136Problem, monthlyOf } from '../../../src/domain/ec136/limit.ts';
import { Dec, type Money, ZERO, money } from '../../../src/domain/money.ts';
import { loadEc136Rules } from '../../../src/rules/load-ec136.ts';

const rules = loadEc136Rules();

function limit(year: number, rcl: string, stock: string, stockAtDecadeStart?: boolean): Ec136Limit {
  const r = ec136Limit(rules, { year, rcl: money(rcl), stockInMora: money(stock), stockAtDecadeStart });
  if (isEc136Problem(r)) throw new Error(r.message);
  return r;
}

describe('R7.8 EC 136 tiers (O7.1 boundary cases, O7.9)', () => {
  it('O7.1: r = 15 % → inciso I, 1 %; 15,0001 % → II, 1,5 %', () => {
    expect(limit(2026, '1000000', '150000').limitShare.toString()).toBe('0.01');
    expect(limit(2026, '1000000', '150000').inciso).toBe('I');
    expect(limit(2026, '1000000', '150000.01').limitShare.toString()).toBe('0.015');
    expect(limit(2026, '100000000', '15000100').inciso).toBe('II'); // 15,0001 %
  });
  it('O7.1: no stock → 1 %; r = 85 % → 4,5 %; r > 85 % → 5 %', () => {
    expect(limit(2026, '1000000', '0').limitShare.toString()).toBe('0.01');
    expect(limit(2026, '1000000', '850000').limitShare.toString()).toBe('0.045');
    expect(limit(2026, '1000000', '850000.01').limitShare.toString()).toBe('0.05');
    expect(limit(2026, '1000000', '9000000').inciso).toBe('IX');
  });
  it('O7.1: every inner boundary of the table is inclusive ("não superar")', () => {
    const bounds = [
      ['150000', '0.01'],
      ['250000', '0.015'],
      ['350000', '0.02'],
      ['450000', '0.025'],
      ['550000', '0.03'],
      ['650000', '0.035'],
      ['750000', '0.04'],
      ['850000', '0.045'],
    ] as const;
    for (const [stock, share] of bounds) {
      expect(limit(2030, '1000000', stock).limitShare.toString()).toBe(share);
      expect(limit(2030, '1000000', money(stock).plus('0.01').toFixed(2)).limitShare.toString()).toBe(new Dec(share).plus('0.005').toString());
    }
  });
  it('O7.1: 2036+ adds 0,5 pp per decade while a stock in mora exists (§24, cumulative [UNC])', () => {
    expect(limit(2035, '1000000', '100000').limitShare.toString()).toBe('0.01');
    expect(limit(2036, '1000000', '100000').limitShare.toString()).toBe('0.015');
    expect(limit(2045, '1000000', '100000').limitShare.toString()).toBe('0.015');
    expect(limit(2046, '1000000', '100000').limitShare.toString()).toBe('0.02');
    expect(limit(2036, '1000000', '0').limitShare.toString()).toBe('0.01');
    expect(limit(2036, '1000000', '900000', false).limitShare.toString()).toBe('0.05');
  });
  it('O7.9: RCL 40 bi, stock 7 bi → r = 17,5 %, tier II, 600 mi/year, 50 mi/month', () => {
    const l = limit(2026, '40000000000', '7000000000');
    expect(l.ratio.toString()).toBe('0.175');
    expect(l.inciso).toBe('II');
    expect(l.yearly.toFixed(2)).toBe('600000000.00');
    expect(l.monthly.toFixed(2)).toBe('50000000.00');
  });
  it('O7.2: a plan spread over months truncates to the cent (Paraíba, 72 months)', () => {
    expect(monthlyOf(money('2855369640.65'), 72).toFixed(2)).toBe('39657911.67');
  });
  it('refuses RCL ≤ 0, negative stock and years before the table, naming the field', () => {
    const r = (rcl: string, stock: string, year = 2026) => ec136Limit(rules, { year, rcl: money(rcl), stockInMora: money(stock) });
    expect(r('0', '1')).toMatchObject({ field: 'rcl' });
    expect(r('10', '-1')).toMatchObject({ field: 'estoque' });
    expect(r('10', '1', 2024)).toMatchObject({ field: 'ano' });
  });
  it('law: the share never decreases as the stock grows, and stays in [1 %, 5 %] before 2036', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (rcl, s, extra) => {
          const rclText = `${rcl / 100n}.${String(rcl % 100n).padStart(2, '0')}`;
          const a = limit(2030, rclText, s.toString());
          const b = limit(2030, rclText, (s + extra).toString());
          expect(b.limitShare.greaterThanOrEqualTo(a.limitShare)).toBe(true);
          expect(a.limitShare.greaterThanOrEqualTo('0.01') && a.limitShare.lessThanOrEqualTo('0.05')).toBe(true);
          const exact = money(rclText).times(a.limitShare);
          expect(a.yearly.lessThanOrEqualTo(exact) && exact.minus(a.yearly).lessThan('0.01')).toBe(true);
          expect(a.monthly.times(12).lessThanOrEqualTo(a.yearly)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('R7.9 default detection on a generated history', () => {
  const from = yearMonth('2026-01');
  // A history: a plan parcel per month and deposits on days of those months.
  const history = fc.record({
    months: fc.integer({ min: 1, max: 18 }),
    parcel: fc.integer({ min: 1, max: 10_000_000 }),
    deposits: fc.array(
      fc.record({ month: fc.integer({ min: 0, max: 20 }), day: fc.integer({ min: 1, max: 28 }), cents: fc.integer({ min: 1, max: 2_000_000_000 }) }),
      {
        maxLength: 30,
      },
    ),
    grace: fc.integer({ min: 0, max: 10 }),
  });
  const dep = (d: { month: number; day: number; cents: number }) => ({
    date: isoDate(`${addMonths(from, d.month)}-${String(d.day).padStart(2, '0')}`),
    amount: new Dec(d.cents).dividedBy(100),
  });

  it('flagged iff Σ parcels due ≠ covered by Σ deposits made by the last due date + grace; shortfall is the gap', () => {
    fc.assert(
      fc.property(history, (h) => {
        const until = addMonths(from, h.months - 1);
        const parcel = new Dec(h.parcel).dividedBy(100);
        const deposits = h.deposits.map(dep);
        const asOf = isoDate('2099-12-31');
        const r = detectDefault(() => parcel, deposits, from, until, asOf, { depositGraceDays: h.grace });
        expect(r.months.length).toBe(h.months);
        // Oracle written independently: the last month's due date + grace, by date arithmetic on Date.UTC.
        const [y, m] = until.split('-').map(Number) as [number, number];
        const limitMs = Date.UTC(y, m, 0) + h.grace * 86_400_000; // day 0 of next month = last day of `until`
        const paid = deposits.filter((d) => Date.parse(`${d.date}T00:00:00Z`) <= limitMs).reduce<Money>((a, d) => a.plus(d.amount), ZERO);
        const gap = parcel.times(h.months).minus(paid);
        expect(r.inadimplente).toBe(gap.greaterThan(0));
        expect(r.shortfall.toFixed(2)).toBe((gap.greaterThan(0) ? gap : ZERO).toFixed(2));
        // More deposits never create a default (monotone).
        const more = detectDefault(() => parcel, [...deposits, { date: isoDate(`${from}-01`), amount: parcel }], from, until, asOf, {
          depositGraceDays: h.grace,
        });
        expect(more.shortfall.lessThanOrEqualTo(r.shortfall)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('months whose due date + grace is after asOf are not judged yet', () => {
    const r = detectDefault(() => money('100'), [], yearMonth('2026-01'), yearMonth('2026-12'), isoDate('2026-03-05'), { depositGraceDays: 5 });
    expect(r.months.map((c) => c.month)).toEqual(['2026-01', '2026-02'] as YearMonth[]);
    expect(r.shortfall.toFixed(2)).toBe('200.00');
    const late = detectDefault(
      () => money('100'),
      [{ date: isoDate('2026-02-03'), amount: money('100') }],
      yearMonth('2026-01'),
      yearMonth('2026-01'),
      isoDate('2026-12-31'),
      {
        depositGraceDays: 3,
      },
    );
    expect(late.inadimplente).toBe(false); // 31/01 + 3 days = 03/02 (R7.9 depositGraceDays)
  });
});
