// Shared loaders for the correction tests: the index folder and reference tables of ../shared,
// read in place (never copied), and the project's own correction rules.
import { type YearMonth, addMonths } from '../../../src/domain/dates.ts';
import type { CorrectionEnv } from '../../../src/domain/correction/correct.ts';
import { type CorrectionConfig, DEFAULT_CORRECTION_CONFIG } from '../../../src/domain/correction/config.ts';
import { indexTablesOf } from '../../../src/domain/correction/plan.ts';
import type { CorrectionContext } from '../../../src/domain/correction/types.ts';
import { fractionToPctText } from '../../../src/domain/indices/poupanca-interest.ts';
import { type IndexSeries, type RatePoint, buildSeries } from '../../../src/domain/indices/series.ts';
import { Dec } from '../../../src/domain/money.ts';
import { readIndexFolder } from '../../../src/indices/folder.ts';
import { loadCorrectionRules } from '../../../src/indices/load-correction-rules.ts';
import { readSharedCsv, sharedPath } from '../../support/shared.ts';

export const CORRECTION_RULES = loadCorrectionRules();

function mustBuild(series: ReturnType<typeof buildSeries>): IndexSeries {
  if (!series.ok) throw new Error(`série inválida: ${JSON.stringify(series.error)}`);
  return series.value;
}

const folder = readIndexFolder(sharedPath('data/indices'));
if (!folder.ok) throw new Error(`pasta de índices inválida: ${JSON.stringify(folder.error)}`);
/** ../shared/data/indices as imported by the product (ipca_e, ipca, selic, tr, poupanca, inpc). */
export const SHARED_SERIES: readonly IndexSeries[] = folder.value.series;
export const seriesNamed = (name: string): IndexSeries => {
  const found = SHARED_SERIES.find((s) => s.name === name);
  if (!found) throw new Error(`série ${name} ausente em ../shared/data/indices`);
  return found;
};

/** TJAP poupança interest table (fraction) as a percent series: the R5.7 oracle. */
export const TJAP_JUROS_ROWS = readSharedCsv('data/reference/correction/tjap_juros_mora_poupanca_monthly.csv');
export const TJAP_JUROS = mustBuild(
  buildSeries(
    'juros_poupanca',
    TJAP_JUROS_ROWS.map((r) => ({ month: r['month']!, ratePct: fractionToPctText(r['juros_mensal_fracao']!) })),
  ),
);

export const GM_ROWS = readSharedCsv('data/reference/correction/gilberto_melo_res303_factors_to_2021-12.csv');
export const NP = 'factor_NP_expedidos_apos_2015-03-25';
export const NPM = 'factor_NPM_expedidos_ate_2015-03-25_modulada';

/**
 * R5.5: tr.csv starts 2022-07, so TR for rate months 2010-01 … 2015-02 is derived from the GM
 * modulated table, TR(k) = NPM(k)/NPM(k+1) − 1, rounded to the 4 decimals TR is published with.
 * Used only in tests (the product gets TR from SGS 7811 or a folder).
 */
export function trDerivedFromGm(): RatePoint[] {
  const npm = new Map(GM_ROWS.map((r) => [r['month']!, new Dec(r[NPM]!)]));
  const points: RatePoint[] = [];
  for (let m = '2010-01' as YearMonth; m <= '2015-02'; m = addMonths(m, 1)) {
    const ratio = npm.get(m)!.dividedBy(npm.get(addMonths(m, 1))!);
    points.push({ month: m, ratePct: ratio.minus(1).times(100).toFixed(4, Dec.ROUND_HALF_UP) });
  }
  return points;
}

export const TR_2010_2015 = mustBuild(buildSeries('tr', trDerivedFromGm()));

/** Everything the engine reads: shared folder + TJAP interest (+ derived TR when asked). */
export function envWith(options: { trStretch?: boolean; config?: Partial<CorrectionConfig>; extra?: IndexSeries[] } = {}): CorrectionEnv {
  const base = SHARED_SERIES.filter((s) => !(options.trStretch && s.name === 'tr'));
  const series = [...base, TJAP_JUROS, ...(options.trStretch ? [TR_2010_2015] : []), ...(options.extra ?? [])];
  const byName = new Map(series.map((s) => [s.name, s]));
  return { rules: CORRECTION_RULES, indices: indexTablesOf([...byName.values()]), config: { ...DEFAULT_CORRECTION_CONFIG, ...options.config } };
}

export const ALIMENTAR_ESTADUAL: CorrectionContext = { natureza: 'alimentar', tributario: false, modulated: false, esfera: 'estadual' };

export function ym(text: string): YearMonth {
  return text as YearMonth;
}
