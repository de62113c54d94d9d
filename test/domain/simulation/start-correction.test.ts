// Goal: registered balances (money of their data-base, R5.1) are brought to the first simulated
// month by the correction engine's fast path, within a centavo of `correct()` per component.
// Method: the published indices of ../shared (read in place) and the TJAP poupança interest table.
import { describe, expect, it } from 'vitest';
import { correct } from '../../../src/domain/correction/index.ts';
import { money } from '../../../src/domain/money.ts';
import { simulate, startCorrectionFrom } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';
import { MUNICIPIO, beneficiario, deposit, envWith, must, precatorio, queueOf, ym } from './fixtures.ts';

const FROM = ym('2026-01');
const env = envWith();

describe('startCorrectionFrom', () => {
  it.each([
    ['2016-05', 2018, false],
    ['2020-06', 2022, false],
    ['2022-09', 2024, true],
    ['2025-09', 2027, false],
  ])('data-base %s, budget %i, tributário %s: coefficient × R$ 100.000,00 = correct() within R$ 0,04', (dataBase, budgetYear, tributario) => {
    const p = { ...precatorio(MUNICIPIO, 'C1', '2015-01-01', 'alimentar', [beneficiario('c1', '100000.00')]), dataBase: ym(dataBase), tributario };
    const coefficient = startCorrectionFrom(env, FROM)(p, MUNICIPIO, budgetYear);
    const exact = correct(
      money('100000.00'),
      ym(dataBase),
      FROM,
      { natureza: 'alimentar', tributario, modulated: false, esfera: 'municipal', budgetYear },
      env,
    );
    if (!exact.ok) throw new Error(JSON.stringify(exact.error));
    expect(coefficient).toBeGreaterThan(1);
    // Four components rounded half-up one by one in correct(), one rounding of the total here.
    expect(Math.abs(Math.round(10_000_000 * coefficient!) - Number(exact.value.totalBrl.times(100)))).toBeLessThanOrEqual(4);
  });

  it('leaves a balance as registered when there is no data-base, or when an index is missing', () => {
    const p = precatorio(MUNICIPIO, 'C2', '2015-01-01', 'alimentar', [beneficiario('c2', '100000.00')]);
    expect(startCorrectionFrom(env, FROM)(p, MUNICIPIO, 2016)).toBeUndefined();
    const noSelic = { ...env, indices: { ...env.indices, selic: undefined } };
    expect(startCorrectionFrom(noSelic, FROM)({ ...p, dataBase: ym('2021-01') }, MUNICIPIO, 2022)).toBeUndefined();
  });

  it('is applied by the simulation and counted: corrected balances are larger, uncorrected stay', () => {
    const withBase = { ...precatorio(MUNICIPIO, 'C3', '2019-03-01', 'comum', [beneficiario('c3', '50000.00')]), dataBase: ym('2019-01') };
    const withoutBase = precatorio(MUNICIPIO, 'C4', '2019-03-02', 'comum', [beneficiario('c4', '50000.00')]);
    const result = must(
      simulate([queueOf(MUNICIPIO, [withBase, withoutBase])], [deposit(MUNICIPIO.id, '0')], {
        from: FROM,
        until: ym('2026-02'),
        rules: RULES,
        startCorrection: startCorrectionFrom(env, FROM),
      }),
    );
    const [c3, c4] = result.entes[0]!.projections;
    expect(c3!.startBalanceCents).toBeGreaterThan(5_000_000);
    expect(c4!.startBalanceCents).toBe(5_000_000);
    expect(result.entes[0]!.startCorrection).toEqual({ corrected: 1, uncorrected: 1 });
  });
});
