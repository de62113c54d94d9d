// Goal: R7.8 in the projection over several years — the EC 136 cap of each year after the first is
// the tier of the stock in mora on 1 January ÷ the RCL of the year before, so as the projection
// pays the stock down the tier (and the money) may fall; a percentage typed by the user holds.
// Method: a worked debtor crossing the 15 % boundary of §23 I–II (O7.1's boundary), and a fast-check
// law over generated stocks, RCLs and deposits: every year's inflow is min(deposits, the limit of
// `ec136Limit` on the stock the run itself reports at the end of December).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type YearMonth, yearOf } from '../../../src/domain/dates.ts';
import { ec136Limit, isEc136Problem } from '../../../src/domain/ec136/limit.ts';
import { Dec, money } from '../../../src/domain/money.ts';
import { type EnteFunding, centsToMoney, enteQueueOf, simulate } from '../../../src/domain/simulation/index.ts';
import { loadEc136Rules } from '../../../src/rules/load-ec136.ts';
import { RULES } from '../../support/rules.ts';
import { MUNICIPIO, beneficiario, deposit, must, precatorio } from './fixtures.ts';

const EC136 = loadEc136Rules();
const FROM = '2026-01' as YearMonth;

const stockOf = (count: number, each: string) =>
  Array.from({ length: count }, (_, i) =>
    precatorio(MUNICIPIO, `${String(i + 1).padStart(7, '0')}-00.2020.8.14.0301`, `2020-0${1 + (i % 9)}-10`, 'comum', [beneficiario(`b${i}`, each)]),
  );

function funded(monthly: string, rcl: string, pct: string, stockInMora: string | undefined): EnteFunding {
  return deposit(MUNICIPIO.id, monthly, '1', {
    rcl: { baseYear: 2025, annualBrl: money(rcl), growthPctYear: new Dec(0) },
    ec136CapPctOfRcl: new Dec(pct),
    ec136Reevaluation: stockInMora === undefined ? undefined : { rules: EC136, stockInMora: money(stockInMora) },
  });
}

const paidByYear = (f: EnteFunding, precatorios = stockOf(16, '1000000.00'), until = '2028-12') =>
  must(simulate([enteQueueOf(MUNICIPIO, precatorios, RULES)], [f], { from: FROM, until: until as YearMonth, rules: RULES })).entes[0]!.years.map((y) => [
    y.year,
    centsToMoney(y.inflowCents).toFixed(2),
  ]);

describe('the EC 136 tier re-evaluated each January (R7.8)', () => {
  it('R$ 16 mi of stock on R$ 100 mi of RCL is tier II (1,5 %); paid down to 14,5 % it is tier I (1 %) the next year', () => {
    expect(paidByYear(funded('1000000.00', '100000000.00', '1.5', '16000000.00'))).toEqual([
      [2026, '1500000.00'],
      [2027, '1000000.00'], // 14.500.000 ÷ 100.000.000 = 14,5 % ≤ 15 %: inciso I
      [2028, '1000000.00'],
    ]);
    // A percentage typed by the user (no re-evaluation) holds every year.
    expect(paidByYear(funded('1000000.00', '100000000.00', '1.5', undefined))).toEqual([
      [2026, '1500000.00'],
      [2027, '1500000.00'],
      [2028, '1500000.00'],
    ]);
  });

  it('every year after the first takes min(deposits, the limit of the stock the run reports on 31 December)', () => {
    let fell = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 90 }).map((x) => `${x}00000.00`),
        fc.integer({ min: 1, max: 40 }).map((x) => `${x}000000.00`),
        fc.integer({ min: 5, max: 200 }).map((x) => `${x}0000.00`),
        fc.constantFrom('1', '0.5', '1.25'),
        (count, each, rcl, monthly, scale) => {
          const precatorios = stockOf(count, each);
          const start = precatorios.reduce((s, p) => s.plus(p.valorRequisitadoBrl), new Dec(0));
          const stockInMora = start.times(scale);
          const first = ec136Limit(EC136, { year: 2026, rcl: money(rcl), stockInMora });
          if (isEc136Problem(first)) throw new Error(first.message);
          const f = funded(monthly, rcl, first.limitShare.times(100).toString(), stockInMora.toFixed(2));
          const run = must(simulate([enteQueueOf(MUNICIPIO, precatorios, RULES)], [f], { from: FROM, until: '2030-12' as YearMonth, rules: RULES })).entes[0]!;
          for (const y of run.years.slice(1)) {
            const december = run.months.find((m) => m.month === `${y.year - 1}-12`)!;
            const stock = stockInMora.times(december.stockCents / Number(start.times(100))).toDecimalPlaces(2);
            const limit = ec136Limit(EC136, { year: y.year, rcl: money(rcl), stockInMora: stock });
            if (isEc136Problem(limit)) throw new Error(limit.message);
            const deposits = money(monthly).times(12);
            expect(centsToMoney(y.inflowCents).toFixed(2)).toBe(Dec.min(deposits, limit.yearly).toFixed(2));
            if (limit.limitShare.lessThan(first.limitShare)) fell++;
          }
          expect(run.years.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030]);
          expect(yearOf(run.months[0]!.month)).toBe(2026);
        },
      ),
      { numRuns: 80 },
    );
    expect(fell).toBeGreaterThan(10);
  });
});
