// Goal: correct() edges and each named convention (R5.2, R5.5, R5.8, R5.10, R5.12, R5.13, R5.16):
// one example per case, computed independently from the monthly series where a figure is asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CorrectionEnv, correct } from '../../../src/domain/correction/correct.ts';
import { DEFAULT_CORRECTION_CONFIG } from '../../../src/domain/correction/config.ts';
import { isModulated } from '../../../src/domain/correction/periods.ts';
import { indexTablesOf } from '../../../src/domain/correction/plan.ts';
import type { CorrectionContext } from '../../../src/domain/correction/types.ts';
import { addMonths, isoDate } from '../../../src/domain/dates.ts';
import { cumulate, sumPctOver } from '../../../src/domain/indices/cumulative.ts';
import { buildSeries } from '../../../src/domain/indices/series.ts';
import { Dec, money } from '../../../src/domain/money.ts';
import { loadModulationLastDay } from '../../../src/indices/load-correction-rules.ts';
import { ALIMENTAR_ESTADUAL, CORRECTION_RULES, envWith, seriesNamed, ym } from './fixtures.ts';

const ENV = envWith();
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const selicSum = (first: string, last: string) => ok(sumPctOver(cumulate(seriesNamed('selic')), { first: ym(first), last: ym(last) }));

describe('correct(): edges', () => {
  it('target = data-base: identity, no lines', () => {
    const r = ok(correct(money('1234.56'), ym('2019-03'), ym('2019-03'), ALIMENTAR_ESTADUAL, ENV));
    expect([r.totalBrl.toFixed(2), r.lines.length]).toEqual(['1234.56', 0]);
  });
  it('target before data-base is a typed error', () => {
    expect(correct(money('1'), ym('2019-03'), ym('2019-02'), ALIMENTAR_ESTADUAL, ENV)).toMatchObject({ ok: false, error: { kind: 'target-before-data-base' } });
  });
  it('does not mutate the components it is given', () => {
    const start = { principal: money('100.00'), jurosMora: money('10.00'), selic: money('0'), jurosEc136: money('0') };
    ok(correct(start, ym('2019-03'), ym('2024-03'), ALIMENTAR_ESTADUAL, ENV));
    expect(start.principal.toFixed(2)).toBe('100.00');
    expect(start.jurosMora.toFixed(2)).toBe('10.00');
  });
  it('a missing interest series is a typed error, not zero interest', () => {
    const env: CorrectionEnv = { rules: CORRECTION_RULES, indices: indexTablesOf([seriesNamed('ipca_e')]) };
    expect(correct(money('1'), ym('2019-03'), ym('2019-06'), ALIMENTAR_ESTADUAL, env)).toMatchObject({
      ok: false,
      error: { kind: 'missing-series', series: 'juros_poupanca' },
    });
  });
  it('before 07/2009 interest follows the title and must be given (R5.3)', () => {
    expect(correct(money('1'), ym('2008-01'), ym('2010-01'), ALIMENTAR_ESTADUAL, ENV)).toMatchObject({
      ok: false,
      error: { kind: 'interest-per-title-required', month: '2008-01' },
    });
    const r = ok(correct(money('1000.00'), ym('2008-01'), ym('2009-07'), { ...ALIMENTAR_ESTADUAL, interestPerTitlePctMonthly: new Dec('1') }, ENV));
    expect(r.lines.find((l) => l.kind === 'juros')!.sumPct!.toString()).toBe('18');
  });
});

describe('R5.2 windows and provisional tail', () => {
  it('M_TO_T_MINUS_1 uses m … T−1; M_PLUS_1_TO_T uses m+1 … T', () => {
    const a = ok(correct(money('100'), ym('2016-05'), ym('2016-08'), ALIMENTAR_ESTADUAL, ENV)).lines[0]!;
    const b = ok(correct(money('100'), ym('2016-05'), ym('2016-08'), ALIMENTAR_ESTADUAL, envWith({ config: { indexWindow: 'M_PLUS_1_TO_T' } }))).lines[0]!;
    expect([a.firstMonth, a.lastMonth, b.firstMonth, b.lastMonth]).toEqual(['2016-05', '2016-07', '2016-06', '2016-08']);
  });
  it('a target past the last published month stops there and is flagged provisional (or fails if configured)', () => {
    const r = ok(correct(money('100'), ym('2026-01'), ym('2027-06'), ALIMENTAR_ESTADUAL, ENV));
    expect(r.provisional).toBe(true);
    expect(r.lines.find((l) => l.kind === 'correcao')!.lastMonth).toBe('2026-09');
    expect(correct(money('100'), ym('2026-01'), ym('2027-06'), ALIMENTAR_ESTADUAL, envWith({ config: { unpublishedTail: 'ERROR' } }))).toMatchObject({
      ok: false,
      error: { kind: 'out-of-range' },
    });
  });
});

describe('R5.5 modulation', () => {
  it('expedido up to 25/03/2015 (the row of correction-modulation.csv) is modulated; the next day, or no expedição, is not', () => {
    const on = (expedidoEm?: string) => isModulated({ expedidoEm: expedidoEm === undefined ? undefined : isoDate(expedidoEm) }, CORRECTION_RULES);
    expect([on('2015-03-25'), on('2015-03-26'), on('1990-01-01'), on(undefined)]).toEqual([true, false, true, false]);
    // The cut is the rule row's, not a literal: another last day moves it.
    expect(isModulated({ expedidoEm: isoDate('2015-03-25') }, { modulationLastDay: isoDate('2015-03-24') })).toBe(false);
  });
  it('the modulation file is one dated row with its legal basis; anything else stops the load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modulacao-'));
    try {
      const load = (text: string) => {
        writeFileSync(join(dir, 'correction-modulation.csv'), text);
        return () => loadModulationLastDay(dir);
      };
      expect(load('rule,last_day,legal_basis\ntr_modulation,2015-03-25,ADI 4357\n')()).toBe('2015-03-25');
      expect(load('rule,last_day,legal_basis\ntr_modulation,2015-03-25,\n')).toThrow(/legal_basis/);
      expect(load('rule,last_day,legal_basis\ntr_modulation,2015-03-25,a\ntr_modulation,2016-01-01,b\n')).toThrow(/uma linha/);
      expect(load('rule,last_day,legal_basis\ntr_modulation,2015-02-30,a\n')).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('modulated credits take TR for 2010-01 … 2015-02 and the mixed months; others IPCA-E', () => {
    const env = envWith({ trStretch: true });
    const mod = ok(correct(money('100'), ym('2009-11'), ym('2015-06'), { ...ALIMENTAR_ESTADUAL, modulated: true }, env));
    const plain = ok(correct(money('100'), ym('2009-11'), ym('2015-06'), ALIMENTAR_ESTADUAL, env));
    expect(mod.lines.filter((l) => l.kind === 'correcao').map((l) => `${l.index} ${l.firstMonth}…${l.lastMonth}`)).toEqual([
      'IPCA-E 2009-11…2009-11',
      'IPCA-E/TR (mês misto) 2009-12…2009-12',
      'TR 2010-01…2015-02',
      'IPCA-E/TR (mês misto) 2015-03…2015-03',
      'IPCA-E 2015-04…2015-05',
    ]);
    expect(plain.lines.filter((l) => l.kind === 'correcao').map((l) => l.index)).toEqual(['IPCA-E', 'IPCA-E']);
    expect(mod.totalBrl.lessThan(plain.totalBrl)).toBe(true);
  });
  it('BUSINESS_DAYS takes the other published mixed values (0,146662 % and 0,346036 %)', () => {
    const env = envWith({ trStretch: true, config: { mixedMonthMethod: 'BUSINESS_DAYS' } });
    const r = ok(correct(money('100'), ym('2009-12'), ym('2010-01'), { ...ALIMENTAR_ESTADUAL, modulated: true }, env));
    expect(r.lines[0]!.factor!.toString()).toBe('1.00146662');
  });
});

describe('R5.8 SELIC, R5.13 tax, R5.12 federal', () => {
  const noGrace: CorrectionContext = { natureza: 'comum', tributario: false, modulated: false, esfera: 'municipal' };
  it('SELIC 2021-12 … 2025-07 sums to 42,73 % (spec check) and is applied once, simple', () => {
    expect(selicSum('2021-12', '2025-07').toFixed(2)).toBe('42.73');
    const r = ok(correct(money('100000.00'), ym('2021-12'), ym('2025-08'), noGrace, ENV));
    expect(r.rounded.selic.toFixed(2)).toBe('42730.00');
    expect(r.totalBrl.toFixed(2)).toBe('142730.00');
  });
  it('COMPOUND (old TJSP) capitalises', () => {
    const r = ok(correct(money('100000.00'), ym('2021-12'), ym('2025-08'), noGrace, envWith({ config: { selicMode: 'COMPOUND' } })));
    expect(r.totalBrl.greaterThan('142730.00')).toBe(true);
  });
  it('tax credits: SELIC before 2021-12 too, no separate juros (TJPR IN 171 art. 7)', () => {
    const r = ok(correct(money('1000.00'), ym('2018-01'), ym('2021-12'), { ...noGrace, tributario: true }, ENV));
    expect(r.lines.map((l) => `${l.kind} ${l.rule}`)).toEqual(['selic R5.13']);
    expect(r.rounded.selic.toFixed(2)).toBe(new Dec(1000).times(selicSum('2018-01', '2021-11')).dividedBy(100).toFixed(2, Dec.ROUND_HALF_UP));
  });
  it('federal: SELIC in 2025-08, IPCA + 2 % from 2025-09 (R5.12); state: IPCA + 2 % from 2025-08', () => {
    const fed = ok(correct(money('1000.00'), ym('2025-07'), ym('2025-11'), { ...noGrace, esfera: 'uniao' }, ENV));
    expect(fed.lines.map((l) => `${l.index} ${l.firstMonth}…${l.lastMonth}`).slice(0, 3)).toEqual([
      'SELIC simples 2025-07…2025-08',
      'IPCA 2025-09…2025-10',
      'juros 2 % a.a. 2025-09…2025-10',
    ]);
    const state = ok(correct(money('1000.00'), ym('2025-07'), ym('2025-11'), noGrace, ENV));
    expect(state.lines.map((l) => `${l.index} ${l.firstMonth}`).slice(0, 2)).toEqual(['SELIC simples 2025-07', 'IPCA 2025-08']);
  });
  it('ec136Correction = false keeps SELIC after 2025-07 (ADI 7873 switch)', () => {
    const r = ok(correct(money('1000.00'), ym('2025-08'), ym('2025-11'), noGrace, envWith({ config: { ec136Correction: false } })));
    expect(r.lines.map((l) => l.index)).toEqual(['SELIC simples']);
  });
});

describe('R5.10 EC 136: 2 % on the principal only, and the SELIC cap', () => {
  const noGrace: CorrectionContext = { natureza: 'comum', tributario: false, modulated: false, esfera: 'estadual' };
  it('2 % a.a. = 1/600 per month on the corrected principal; IPCA on every component', () => {
    const start = { principal: money('1000.00'), jurosMora: money('500.00'), selic: money('0'), jurosEc136: money('0') };
    const r = ok(correct(start, ym('2025-08'), ym('2026-02'), noGrace, ENV));
    const ipca = r.lines.find((l) => l.index === 'IPCA')!.factor!;
    expect(r.exact.jurosMora.equals(new Dec(500).times(ipca))).toBe(true);
    expect(r.exact.jurosEc136.equals(new Dec(1000).times(ipca).times(6).dividedBy(600))).toBe(true);
  });
  it('when IPCA + 2 % exceeds SELIC the SELIC applies (generated series: IPCA 3 % a.m., SELIC 0,5 % a.m.)', () => {
    const series = (name: 'ipca' | 'selic', pct: string) =>
      ok(
        buildSeries(
          name,
          Array.from({ length: 6 }, (_, i) => ({ month: addMonths(ym('2025-08'), i), ratePct: pct })),
        ),
      );
    const env: CorrectionEnv = {
      rules: CORRECTION_RULES,
      indices: indexTablesOf([series('ipca', '3'), series('selic', '0.5')]),
      config: DEFAULT_CORRECTION_CONFIG,
    };
    for (const ec136CapMode of ['CUMULATIVE_FROM_2025_08', 'PER_SEGMENT', 'MONTHLY'] as const) {
      const r = ok(correct(money('1000.00'), ym('2025-08'), ym('2026-01'), noGrace, { ...env, config: { ...DEFAULT_CORRECTION_CONFIG, ec136CapMode } }));
      expect([ec136CapMode, r.totalBrl.toFixed(2)]).toEqual([ec136CapMode, '1025.00']); // 1000 × (1 + 5 × 0,5 %)
    }
  });
});
