// Goal: the interest rates the law fixes are dated rows of data/rules/correction-interest-rates.csv,
// not literals (issue 15 §2): poupança's 0,5 % a.m. (R5.7, Lei 8.177/1991 art. 12 II) and EC 136's
// 2 % a.a. (R5.10, ADCT 97 §16). Method: the shipped rows load with their basis; a damaged table
// stops the load naming file, line and why; fast-check laws over generated rates: the engine's
// 2 % part and the derived poupança interest follow the row in force, whatever its value. The
// published-table oracles (test/oracles/correction-*) show the shipped rows give the same results.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type CorrectionEnv, correct } from '../../src/domain/correction/correct.ts';
import { DEFAULT_CORRECTION_CONFIG } from '../../src/domain/correction/config.ts';
import { indexTablesOf } from '../../src/domain/correction/plan.ts';
import type { CorrectionContext } from '../../src/domain/correction/types.ts';
import { type IsoDate, type YearMonth, addMonths, differenceInCalendarMonths } from '../../src/domain/dates.ts';
import { oldRulePoupancaInterest } from '../../src/domain/indices/poupanca-interest.ts';
import { poupancaInterestWindow } from '../../src/domain/correction/periods.ts';
import { buildSeries } from '../../src/domain/indices/series.ts';
import { Dec, money } from '../../src/domain/money.ts';
import type { Result } from '../../src/domain/result.ts';
import { timeline } from '../../src/domain/rules/timeline.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadInterestRates } from '../../src/rules/load-interest-rates.ts';
import { DEFAULT_RULES_DIR } from '../../src/rules/load-rule-book.ts';

const RULES = loadCorrectionRules();
const WINDOW = poupancaInterestWindow(RULES);
const POUPANCA_INTEREST_FIRST_MONTH = WINDOW.first;
const POUPANCA_INTEREST_LAST_MONTH = WINDOW.last;
function ok<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
const ym = (text: string) => text as YearMonth;
const pctArb = fc.integer({ min: 1, max: 9_999 }).map((n) => new Dec(n).dividedBy(1_000)); // 0,001 … 9,999 %

describe('the shipped rows', () => {
  it('hold 0,5 % a.m. until Lei 12.703/2012, then "from published series", and 2 % a.a. from 2025-08', () => {
    const rates = loadInterestRates(DEFAULT_RULES_DIR);
    expect(rates.jurosPoupancaPctPerMonth.map((r) => [r.validFrom, r.value?.toString()])).toEqual([
      ['1991-03-01', '0.5'],
      ['2012-05-01', undefined],
    ]);
    expect(rates.ec136PctPerYear.map((r) => [r.validFrom, r.value.toString()])).toEqual([['2025-08-01', '2']]);
    for (const row of [...rates.jurosPoupancaPctPerMonth, ...rates.ec136PctPerYear]) expect(row.legalBasis).toMatch(/Lei|ADCT/);
  });

  it('poupança interest runs over the periods of correction-periods.csv: Lei 11.960/2009 to EC 113 (R5.7)', () => {
    expect(WINDOW).toEqual({ first: '2009-07', last: '2021-11' });
  });
});

describe('a damaged rate table stops the load, naming file, line and why', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const withEdited = (edit: (text: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'rates-'));
    dirs.push(dir);
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    const file = join(dir, 'correction-interest-rates.csv');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return () => loadCorrectionRules(dir);
  };
  const EC136_ROW = 'ec136,2025-08-01,2,a.a.,';

  it.each([
    ['a fraction where the law states a percent', (t: string) => t.replace(EC136_ROW, 'ec136,2025-08-01,0,a.a.,'), /linha 4: "0" não é um percentual/],
    ['a 100× trap', (t: string) => t.replace(EC136_ROW, 'ec136,2025-08-01,200,a.a.,'), /linha 4: "200" não é um percentual/],
    ['the wrong unit', (t: string) => t.replace(EC136_ROW, 'ec136,2025-08-01,2,a.m.,'), /linha 4: unidade "a\.m\." para ec136 \(a lei fixa em a\.a\.\)/],
    ['EC 136 without a rate', (t: string) => t.replace(EC136_ROW, 'ec136,2025-08-01,,,'), /linha 4: ec136 precisa de pct/],
    ['an unknown rate', (t: string) => t.replace(EC136_ROW, 'ec137,2025-08-01,2,a.a.,'), /rate inválido: "ec137"/],
    ['a row without basis', (t: string) => t.replace(/ec136,2025-08-01,2,a\.a\.,".*"/, 'ec136,2025-08-01,2,a.a.,""'), /sem fundamento legal/],
    [
      'no rate where IPCA + 2 % starts',
      (t: string) => t.replace(EC136_ROW, 'ec136,2025-10-01,2,a.a.,'),
      /estadual_municipal tem IPCA \+ 2 % desde 2025-08 sem taxa ec136/,
    ],
    [
      'a rate change inside a period run',
      (t: string) => `${t.trimEnd()}\nec136,2027-03-01,3,a.a.,"hipotética"\n`,
      /a taxa ec136 muda em 2027-03-01, dentro de um período de estadual_municipal/,
    ],
  ])('%s', (_what, edit, message) => {
    expect(withEdited(edit)).toThrow(message);
  });
});

describe('R5.10: the 2 % part follows the row in force', () => {
  const noGrace: CorrectionContext = { natureza: 'comum', tributario: false, modulated: false, esfera: 'estadual' };
  // IPCA 0,1 % and SELIC 5 % a.m.: the SELIC cap never binds, so the simple interest shows whole.
  const series = (name: 'ipca' | 'selic', pct: string) =>
    ok(
      buildSeries(
        name,
        Array.from({ length: 24 }, (_, i) => ({ month: addMonths(ym('2025-08'), i), ratePct: pct })),
      ),
    );
  const indices = indexTablesOf([series('ipca', '0.1'), series('selic', '5')]);

  it('jurosEc136 = corrected principal × months × p / 1200 for any rate p, in every cap mode', () => {
    fc.assert(
      fc.property(
        pctArb,
        fc.integer({ min: 1, max: 23 }),
        fc.constantFrom('CUMULATIVE_FROM_2025_08', 'PER_SEGMENT', 'MONTHLY' as const),
        (p, months, ec136CapMode) => {
          const rules = {
            ...RULES,
            interestRates: {
              ...RULES.interestRates,
              ec136PctPerYear: timeline([{ validFrom: '2025-08-01' as IsoDate, value: p, legalBasis: 'lei de teste' }]),
            },
          };
          const env: CorrectionEnv = { rules, indices, config: { ...DEFAULT_CORRECTION_CONFIG, ec136CapMode } };
          const target = addMonths(ym('2025-08'), months);
          const r = ok(correct(money('1000.00'), ym('2025-08'), target, noGrace, env));
          const ipcaMonths = differenceInCalendarMonths(target, ym('2025-08'));
          // Month k earns p/12 % on 1000 × 1,001^k, then is corrected by IPCA to the end: whatever the
          // cap mode, n × 1000 × 1,001^n × p / 1200 (the cap never binds here).
          const expected = new Dec('1.001').pow(ipcaMonths).times(1000).times(ipcaMonths).times(p).dividedBy(1200);
          expect(r.exact.jurosEc136.minus(expected).abs().lessThan('1e-12'), `${p} ${months} ${ec136CapMode}`).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the memory names the rate of the row', () => {
    const rules = {
      ...RULES,
      interestRates: {
        ...RULES.interestRates,
        ec136PctPerYear: timeline([{ validFrom: '2025-08-01' as IsoDate, value: new Dec('2.5'), legalBasis: 'lei de teste' }]),
      },
    };
    const r = ok(correct(money('1000.00'), ym('2025-08'), ym('2026-02'), noGrace, { rules, indices }));
    expect(r.lines.find((l) => l.kind === 'ec136')!.index).toBe('juros 2,5 % a.a.');
    expect(ok(correct(money('1000.00'), ym('2025-08'), ym('2026-02'), noGrace, { rules: RULES, indices })).lines.find((l) => l.kind === 'ec136')!.index).toBe(
      'juros 2 % a.a.',
    );
  });
});

describe('R5.7: the fixed poupança interest follows the rows until the first "from published series" one', () => {
  it('gives each month from 2009-07 the rate in force, and stops at the first row without one', () => {
    const monthArb = fc.integer({ min: 0, max: differenceInCalendarMonths(POUPANCA_INTEREST_LAST_MONTH, POUPANCA_INTEREST_FIRST_MONTH) + 12 });
    fc.assert(
      fc.property(pctArb, pctArb, monthArb, monthArb, (a, b, changeAt, publishedAt) => {
        const change = addMonths(POUPANCA_INTEREST_FIRST_MONTH, Math.min(changeAt, publishedAt));
        const published = addMonths(POUPANCA_INTEREST_FIRST_MONTH, Math.max(changeAt, publishedAt) + 1);
        const rates = timeline<Dec | undefined>([
          { validFrom: '1991-03-01' as IsoDate, value: a, legalBasis: 'lei A' },
          { validFrom: `${change}-01` as IsoDate, value: b, legalBasis: 'lei B' },
          { validFrom: `${published}-01` as IsoDate, value: undefined, legalBasis: 'séries publicadas' },
        ]);
        const points = oldRulePoupancaInterest(rates, WINDOW);
        const last = published > POUPANCA_INTEREST_LAST_MONTH ? POUPANCA_INTEREST_LAST_MONTH : addMonths(published, -1);
        expect(points.length).toBe(differenceInCalendarMonths(last, POUPANCA_INTEREST_FIRST_MONTH) + 1);
        for (const [i, p] of points.entries()) {
          expect(p.month).toBe(addMonths(POUPANCA_INTEREST_FIRST_MONTH, i));
          expect(p.ratePct).toBe((p.month < change ? a : b).toString());
        }
      }),
      { numRuns: 300 },
    );
  });
});
