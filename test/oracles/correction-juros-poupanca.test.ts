// Goal: juros de mora before EC 113 are the poupança interest part, simple, and not charged inside
// the período de graça (R5.7, R5.9; SV 17), as published by TJAP (monthly table) and TJPI (graça sums).
// Method: (1) the product's own ways of getting the rate (0,5 % by law; derivation from poupança
// and TR) against the TJAP table; (2) the engine's simple sums over each published graça window;
// (3) correct() across each window: the juros lines add up to the whole window minus the graça sum.
import { describe, expect, it } from 'vitest';
import { correct } from '../../src/domain/correction/correct.ts';
import { addMonths } from '../../src/domain/dates.ts';
import { cumulate, sumPctOver } from '../../src/domain/indices/cumulative.ts';
import { derivePoupancaInterest, oldRulePoupancaInterest } from '../../src/domain/indices/poupanca-interest.ts';
import { buildSeries } from '../../src/domain/indices/series.ts';
import { poupancaInterestWindow } from '../../src/domain/correction/periods.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';

const CORRECTION = loadCorrectionRules();
const WINDOW = poupancaInterestWindow(CORRECTION);
import { Dec } from '../../src/domain/money.ts';
import { ALIMENTAR_ESTADUAL, TJAP_JUROS, TJAP_JUROS_ROWS, TR_2010_2015, envWith, seriesNamed, ym } from '../domain/correction/fixtures.ts';
import { readSharedCsv } from '../support/shared.ts';

const tjapPct = new Map(TJAP_JUROS_ROWS.map((r) => [r['month']!, new Dec(r['juros_mensal_fracao']!).times(100)]));

describe('TJAP monthly poupança interest table (fraction), 2009-01 … 2021-11', () => {
  it('has 155 months, contiguous, read as percent (fraction × 100: 0.004134 → 0.4134)', () => {
    expect(TJAP_JUROS_ROWS).toHaveLength(155);
    expect(TJAP_JUROS.firstMonth).toBe('2009-01');
    expect(TJAP_JUROS.lastMonth).toBe('2021-11');
    expect(TJAP_JUROS.ratesPct[0]!.toString()).toBe('0.5');
    for (const [i, r] of TJAP_JUROS_ROWS.entries())
      expect(TJAP_JUROS.ratesPct[i]!.equals(new Dec(r['juros_mensal_fracao']!).times(100)), r['month']).toBe(true);
  });

  it('0,5 % a.m. by law (Lei 8.177/1991 art. 12 II, a data/rules row) equals the table for all 34 months 2009-07 … 2012-04', () => {
    const byLaw = oldRulePoupancaInterest(CORRECTION.interestRates.jurosPoupancaPctPerMonth, WINDOW);
    expect(byLaw).toHaveLength(34);
    for (const p of byLaw) expect(tjapPct.get(p.month)!.equals(p.ratePct), p.month).toBe(true);
  });

  // The only months where ../shared has both a poupança total and a TR: SGS 25 (old rule) and SGS 195
  // against TR derived from the GM table (R5.5). 31 months, all 0,5 %.
  it('(1 + poupança)/(1 + TR) − 1 reproduces the table on the 31 months ../shared can derive', () => {
    const antiga = buildSeries(
      'poupanca',
      readSharedCsv('data/indices/poupanca_antiga.csv').map((r) => ({ month: r['month']!, ratePct: r['rate_pct']! })),
    );
    if (!antiga.ok) throw new Error('poupanca_antiga.csv inválido');
    const derived = [...derivePoupancaInterest(antiga.value, TR_2010_2015, WINDOW), ...derivePoupancaInterest(seriesNamed('poupanca'), TR_2010_2015, WINDOW)];
    expect(derived.map((p) => p.month)).toHaveLength(31);
    for (const p of derived) expect({ month: p.month, pct: new Dec(p.ratePct).toFixed(4) }).toEqual({ month: p.month, pct: tjapPct.get(p.month)!.toFixed(4) });
  });
});

const sums = readSharedCsv('data/reference/correction/juros_poupanca_sums_grace_periods.csv');

describe('published poupança interest sums over graça windows (TJPI PreCalc)', () => {
  it('has the 5 published sums', () => expect(sums).toHaveLength(5));

  it.each(sums.map((r) => [r['from_month']!, r['to_month']!, r['sum_juros_poupanca_pct']!]))('%s … %s sums to %s pct', (from, to, published) => {
    const sum = sumPctOver(cumulate(TJAP_JUROS), { first: ym(from), last: ym(to) });
    expect(sum.ok && sum.value.toFixed(6)).toBe(published);
  });

  // The graça windows of budgets 2018–2022 (R5.9, 1 July regime): juros stop at 2021-11 (EC 113).
  it.each(sums.map((r) => [r['from_month']!, r['to_month']!, r['sum_juros_poupanca_pct']!]))(
    'correct() across graça %s … %s charges the window minus %s pct',
    (from, _to, published) => {
      const budgetYear = Number(from.slice(0, 4)) + 1;
      const dataBase = addMonths(ym(from), -12);
      const target = ym('2021-12'); // last poupança rate month is 2021-11
      const result = correct(new Dec('100000.00'), dataBase, target, { ...ALIMENTAR_ESTADUAL, budgetYear }, envWith());
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const charged = result.value.lines.filter((l) => l.kind === 'juros').reduce((acc, l) => acc.plus(l.sumPct!), new Dec(0));
      const whole = sumPctOver(cumulate(TJAP_JUROS), { first: dataBase, last: ym('2021-11') });
      expect(whole.ok && whole.value.minus(published).toFixed(6)).toBe(charged.toFixed(6));
      const graceLines = result.value.lines.filter((l) => l.phase === 'GRACA');
      expect(graceLines.length).toBeGreaterThan(0);
      expect(graceLines.every((l) => l.kind === 'correcao')).toBe(true);
      expect(graceLines[0]!.firstMonth).toBe(from);
    },
  );
});

describe('R5.17 example (data-base 2019-06, budget 2021, target 2026-01): derived regression figures', () => {
  const result = correct(new Dec('100000.00'), ym('2019-06'), ym('2026-01'), { ...ALIMENTAR_ESTADUAL, budgetYear: 2021 }, envWith());
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const lines = result.value.lines;
  const show = (l: (typeof lines)[number]) =>
    [
      l.phase,
      l.index,
      `${l.firstMonth}…${l.lastMonth}`,
      l.months,
      l.factor?.toFixed(7, Dec.ROUND_HALF_UP) ?? '',
      l.sumPct?.toFixed(4, Dec.ROUND_HALF_UP) ?? '',
    ].join(' | ');

  it('lines as in the spec (factors to 7 decimals, sums to 4)', () => {
    expect(lines.map(show)).toEqual([
      'ANTES_GRACA | IPCA-E | 2019-06…2020-06 | 13 | 1.0197908 | ',
      'ANTES_GRACA | juros poupança | 2019-06…2020-06 | 13 |  | 3.6872',
      'GRACA | IPCA-E | 2020-07…2021-12 | 18 | 1.1467188 | ',
      'APOS_GRACA | SELIC simples | 2022-01…2025-07 | 43 |  | 41.9600',
      'APOS_GRACA | IPCA | 2025-08…2025-12 | 5 | 1.0097275 | ',
      'APOS_GRACA | juros 2 % a.a. | 2025-08…2025-12 | 5 |  | 0.8333',
      'APOS_GRACA | teto SELIC (EC 136) | 2025-08…2025-12 | 5 |  | 5.9300',
    ]);
  });

  it('total is the sum of the components rounded half-up', () => {
    const r = result.value.rounded;
    expect(result.value.totalBrl.equals(r.principal.plus(r.jurosMora).plus(r.selic).plus(r.jurosEc136))).toBe(true);
    expect(result.value.provisional).toBe(false);
  });
});
