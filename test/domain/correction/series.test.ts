// Goal: index series never hide bad data (issue 4): gaps, duplicates, malformed values and months
// outside the series are typed errors; prefix tables give the same factor and sum as a month loop.
import { describe, expect, it } from 'vitest';
import { cumulate, factorOver, sumPctOver } from '../../../src/domain/indices/cumulative.ts';
import { buildSeries, mergeSeries, ratePctAt } from '../../../src/domain/indices/series.ts';
import { Dec } from '../../../src/domain/money.ts';
import { ym } from './fixtures.ts';

const points = (pairs: [string, string][]) => pairs.map(([month, ratePct]) => ({ month, ratePct }));

describe('buildSeries', () => {
  it('accepts rows in any order and keeps published digits', () => {
    const s = buildSeries(
      'ipca',
      points([
        ['2020-02', '0.25'],
        ['2020-01', '0.21'],
      ]),
    );
    expect(s.ok && [s.value.firstMonth, s.value.lastMonth, s.value.ratesPct.map(String)]).toEqual(['2020-01', '2020-02', ['0.21', '0.25']]);
  });
  it('a hole is a gap error naming the missing month', () => {
    expect(
      buildSeries(
        'ipca',
        points([
          ['2020-01', '0.21'],
          ['2020-03', '0.07'],
        ]),
      ),
    ).toEqual({ ok: false, error: { kind: 'gap', series: 'ipca', after: '2020-01', missing: '2020-02' } });
  });
  it('a repeated month is a duplicate error', () => {
    expect(
      buildSeries(
        'selic',
        points([
          ['2020-01', '0.38'],
          ['2020-01', '0.38'],
        ]),
      ),
    ).toMatchObject({ ok: false, error: { kind: 'duplicate-month', month: '2020-01' } });
  });
  it('malformed month, malformed rate, rate ≤ −100 % and empty input are errors', () => {
    expect(buildSeries('tr', points([['2020-13', '0.1']]))).toMatchObject({ error: { kind: 'invalid-month' } });
    expect(buildSeries('tr', points([['2020-01', '0,1']]))).toMatchObject({ error: { kind: 'invalid-rate' } });
    expect(buildSeries('tr', points([['2020-01', '-100']]))).toMatchObject({ error: { kind: 'invalid-rate' } });
    expect(buildSeries('tr', [])).toMatchObject({ error: { kind: 'empty-series' } });
  });
  it('a month outside the series is out-of-range, never zero', () => {
    const s = buildSeries('ipca', points([['2020-01', '0.21']]));
    if (!s.ok) throw new Error();
    expect(ratePctAt(s.value, ym('2020-02'))).toMatchObject({
      ok: false,
      error: { kind: 'out-of-range', month: '2020-02', firstMonth: '2020-01', lastMonth: '2020-01' },
    });
    expect(factorOver(cumulate(s.value), { first: ym('2019-12'), last: ym('2020-01') })).toMatchObject({
      ok: false,
      error: { kind: 'out-of-range', month: '2019-12' },
    });
  });
});

describe('mergeSeries (incremental sync)', () => {
  const stored = buildSeries(
    'ipca',
    points([
      ['2020-01', '0.21'],
      ['2020-02', '0.25'],
    ]),
  );
  if (!stored.ok) throw new Error();
  it('appends new months', () => {
    const merged = mergeSeries('ipca', stored.value, points([['2020-03', '0.07']]));
    expect(merged.ok && merged.value.lastMonth).toBe('2020-03');
  });
  it('refuses a changed past value and a gap', () => {
    expect(mergeSeries('ipca', stored.value, points([['2020-02', '0.26']]))).toMatchObject({
      error: { kind: 'conflicting-rate', month: '2020-02', storedPct: '0.25', incomingPct: '0.26' },
    });
    expect(mergeSeries('ipca', stored.value, points([['2020-04', '0.1']]))).toMatchObject({ error: { kind: 'gap', missing: '2020-03' } });
  });
});

describe('prefix tables', () => {
  const rates = ['0.52', '-0.31', '1.10', '0.00', '0.87', '12.5'];
  const s = buildSeries(
    'ipca_e',
    rates.map((r, i) => ({ month: `2021-0${i + 1}`, ratePct: r })),
  );
  if (!s.ok) throw new Error();
  const table = cumulate(s.value);
  it('factor and sum over any run equal the month-by-month loop', () => {
    for (let a = 0; a < rates.length; a++) {
      for (let b = a; b < rates.length; b++) {
        const run = { first: ym(`2021-0${a + 1}`), last: ym(`2021-0${b + 1}`) };
        const loop = rates.slice(a, b + 1).reduce((f, r) => f.times(new Dec(r).dividedBy(100).plus(1)), new Dec(1));
        const sum = rates.slice(a, b + 1).reduce((acc, r) => acc.plus(r), new Dec(0));
        const f = factorOver(table, run);
        const s2 = sumPctOver(table, run);
        expect(f.ok && f.value.minus(loop).abs().lessThan('1e-35')).toBe(true);
        expect(s2.ok && s2.value.equals(sum)).toBe(true);
      }
    }
  });
  it('an empty run has factor 1 and sum 0', () => {
    const run = { first: ym('2021-03'), last: ym('2021-02') };
    expect(factorOver(table, run)).toMatchObject({ ok: true });
    const f = factorOver(table, run);
    expect(f.ok && f.value.toString()).toBe('1');
  });
});
