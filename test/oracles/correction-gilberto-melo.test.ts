// Goal: the IPCA-E / TR chain of the engine (R5.2–R5.6, R5.11) reproduces Gilberto Melo's published
// factor tables CNJJE1221NP and CNJJE1221NPM (payment 12/2021) to their 7 decimals.
// Method: correct R$ 1 from each table month to 2021-12 with the default window (m … T−1) and
// compare exact.principal rounded half-up to 7 decimals. NP uses only ../shared/data/indices/ipca_e.csv.
// NPM needs TR for 2010-01 … 2015-02, which tr.csv (from 2022-07) does not have: those months use
// TR derived from the NPM column itself (R5.5), so the NPM check before 2015-04 tests the assembly
// (period table, mixed months, window) rather than independent TR data; the TR derivation is then
// checked independently against the old-rule poupança series (SGS 25).
import { describe, expect, it } from 'vitest';
import { correct } from '../../src/domain/correction/correct.ts';
import { type YearMonth, addMonths } from '../../src/domain/dates.ts';
import { cumulate, factorOver } from '../../src/domain/indices/cumulative.ts';
import { Dec } from '../../src/domain/money.ts';
import { ALIMENTAR_ESTADUAL, GM_ROWS, NP, NPM, TR_2010_2015, envWith, seriesNamed, ym } from '../domain/correction/fixtures.ts';
import { readSharedCsv } from '../support/shared.ts';

const TARGET = ym('2021-12');
const seven = (d: Dec) => d.toFixed(7, Dec.ROUND_HALF_UP);
const context = (modulated: boolean) => ({ ...ALIMENTAR_ESTADUAL, modulated, interestPerTitlePctMonthly: new Dec('0.5') });

function factorTo2021_12(month: string, modulated: boolean, trStretch: boolean): string {
  const result = correct(new Dec(1), ym(month), TARGET, context(modulated), envWith({ trStretch }));
  if (!result.ok) throw new Error(`${month}: ${JSON.stringify(result.error)}`);
  return seven(result.value.exact.principal);
}

const fromIpcaEEra = GM_ROWS.filter((r) => r['month']! >= '2001-01');
const legacyEra = GM_ROWS.filter((r) => r['month']! < '2001-01');

describe('Gilberto Melo NP (expedidos após 25/03/2015): IPCA-E chain', () => {
  it('has 330 published months, 1994-07 … 2021-12', () => {
    expect(GM_ROWS).toHaveLength(330);
    expect(fromIpcaEEra).toHaveLength(252);
  });

  it.each(fromIpcaEEra.map((r) => [r['month']!, r[NP]!]))('%s → factor %s', (month, published) => {
    expect(factorTo2021_12(month, false, false)).toBe(published);
  });

  // R5.4: before 2001 GM chains UFIR-era steps (and the 6,0356 % of 2000-12), not IPCA-E; the engine
  // does not recompute that history and says so with a typed error.
  it.each(legacyEra.map((r) => [r['month']!]))('%s (legacy chain): the engine refuses with a typed error', (month) => {
    const result = correct(new Dec(1), ym(month), TARGET, context(false), envWith());
    expect(result.ok ? 'ok' : result.error).toMatchObject({ kind: 'before-supported-history', month, firstMonth: '2001-01' });
  });

  it('before 2001 the IPCA-E product matches NP only in 2000-01 (GM applies the whole 2000 IPCA-E in 2000-12)', () => {
    const ipcaE = cumulate(seriesNamed('ipca_e'));
    const matching = legacyEra.filter((r) => {
      const chain = factorOver(ipcaE, { first: ym(r['month']!), last: ym('2021-11') });
      return chain.ok && seven(chain.value) === r[NP];
    });
    expect(legacyEra).toHaveLength(78);
    expect(matching.map((r) => r['month'])).toEqual(['2000-01']);
  });
});

describe('Gilberto Melo NPM (expedidos até 25/03/2015, modulated)', () => {
  const ipcaEOnly = GM_ROWS.filter((r) => r['month']! >= '2015-04');
  const trStretch = GM_ROWS.filter((r) => r['month']! >= '2001-01' && r['month']! < '2015-04');

  it('NP = NPM from 2015-04 and differs for every month before (the TR stretch is in every earlier chain)', () => {
    for (const r of GM_ROWS) expect(r[NP] === r[NPM], r['month']).toBe(r['month']! >= '2015-04');
  });

  it.each(ipcaEOnly.map((r) => [r['month']!, r[NPM]!]))('%s → factor %s (no TR month in the chain)', (month, published) => {
    expect(factorTo2021_12(month, true, false)).toBe(published);
  });

  it('without TR data for 2010-01 … 2015-02 a modulated correction is a typed error, not a zero rate', () => {
    const result = correct(new Dec(1), ym('2012-06'), TARGET, context(true), envWith());
    expect(result.ok ? 'ok' : result.error).toMatchObject({ kind: 'out-of-range', series: 'tr', month: '2012-06' });
  });

  it.each(trStretch.map((r) => [r['month']!, r[NPM]!]))('%s → factor %s (TR derived from NPM, mixed months GM_NPM)', (month, published) => {
    expect(factorTo2021_12(month, true, true)).toBe(published);
  });
});

describe('TR 2010-01 … 2015-02 derived from NPM (R5.5)', () => {
  const npm = new Map(GM_ROWS.map((r) => [r['month']!, new Dec(r[NPM]!)]));
  const months: YearMonth[] = [];
  for (let m = ym('2010-01'); m <= '2015-02'; m = addMonths(m, 1)) months.push(m);

  it('spans 62 rate months with the spec’s sample values (2010-01 = 0 %, 2015-02 = 0,0168 %)', () => {
    expect(TR_2010_2015.ratesPct).toHaveLength(62);
    expect(TR_2010_2015.ratesPct[0]!.toString()).toBe('0');
    expect(TR_2010_2015.ratesPct.at(-1)!.toFixed(4)).toBe('0.0168');
  });

  // The identity NPM(m)/NPM(m+1) = 1 + TR(m) holds with a TR of 4 decimals (its published precision)
  // up to the rounding of two 7-decimal factors; a stretch that was not TR (or not at 4 decimals) fails.
  it.each(months.map((m, i) => [m, i] as const))('%s: NPM(m)/NPM(m+1) = 1 + TR(m) within the 7-decimal rounding', (m, i) => {
    const a = npm.get(m)!;
    const b = npm.get(addMonths(m, 1))!;
    const tolerance = new Dec('0.5e-7').dividedBy(a).plus(new Dec('0.5e-7').dividedBy(b)).times(a.dividedBy(b));
    const tr = TR_2010_2015.ratesPct[i]!;
    expect(a.dividedBy(b).minus(tr.dividedBy(100).plus(1)).abs().lessThanOrEqualTo(tolerance)).toBe(true);
  });

  // Independent check (SOURCES.md): old-rule poupança (SGS 25) = (1 + 0,5 %)(1 + TR) − 1.
  const antiga = readSharedCsv('data/indices/poupanca_antiga.csv').filter((r) => r['month']! >= '2010-02' && r['month']! <= '2012-05');
  it('the derived TR agrees with poupanca_antiga.csv on 28 months (|Δ| < 0,00006 p.p.)', () => {
    expect(antiga).toHaveLength(28);
    for (const row of antiga) {
      const tr = TR_2010_2015.ratesPct[months.indexOf(ym(row['month']!))]!;
      const implied = new Dec('1.005').times(tr.dividedBy(100).plus(1)).minus(1).times(100);
      expect(implied.minus(row['rate_pct']!).abs().lessThan('0.00006'), row['month']).toBe(true);
    }
  });

  it('tr.csv covers none of the GM months (it starts 2022-07)', () => {
    expect(seriesNamed('tr').firstMonth).toBe('2022-07');
  });
});
