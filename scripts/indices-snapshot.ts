// Generates data/indices/ (the index snapshot the product ships, issue 16 §3) from ../shared/data.
// Run: npm run indices:snapshot [-- --data AAAA-MM-DD] [--origem ../shared/data] [--destino data/indices]
// Only published monthly figures are written. Two series are taken from reference tables, as the
// official figures they encode, never the tables themselves (see DERIVATIONS):
// - TR 2010-01…2015-02 (R5.5): ratio of consecutive factors of the Res. 303 NPM table, rounded to
//   the 4 decimals the BCB publishes TR with; checked against the poupança identity.
// - juros da poupança 2009-07…2021-11 (R5.7): the TJAP monthly table (fraction → percent, exact).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { type YearMonth, addMonths } from '../src/domain/dates.ts';
import type { IndexName } from '../src/domain/indices/index-names.ts';
import { fractionToPctText } from '../src/domain/indices/poupanca-interest.ts';
import { type RatePoint, buildSeries } from '../src/domain/indices/series.ts';
import { Dec } from '../src/domain/money.ts';
import { SGS_CODES } from '../src/indices/sgs.ts';
import type { SnapshotManifest, SnapshotSeriesEntry } from '../src/indices/snapshot.ts';
import { todayInCourt } from '../src/shell/environment.ts';

type Row = Record<string, string>;

const GM_FILE = 'reference/correction/gilberto_melo_res303_factors_to_2021-12.csv';
const GM_NPM = 'factor_NPM_expedidos_ate_2015-03-25_modulada';
const TJAP_FILE = 'reference/correction/tjap_juros_mora_poupanca_monthly.csv';
/** R5.5: the modulated TR stretch; 2009-12 and 2015-03 are mixed months (data/rules, R5.11). */
const TR_FIRST = '2010-01' as YearMonth;
const TR_LAST = '2015-02' as YearMonth;
/** R5.7: poupança interest from 07/2009 (Lei 11.960/2009) to 11/2021 (EC 113). */
const JUROS_FIRST = '2009-07' as YearMonth;
const JUROS_LAST = '2021-11' as YearMonth;
/** Before Lei 12.703/2012 (and, by the TJAP table, through 2012-05) poupança interest was 0,5 % a.m. (Lei 8.177/1991 art. 12 II). */
const OLD_RULE_LAST = '2012-05' as YearMonth;
/** Rounded TR and the TR implied by a 4-decimal poupança may differ by one unit of the last decimal. */
const IDENTITY_TOLERANCE_PCT = new Dec('0.0001');

function readCsv(root: string, relative: string): Row[] {
  return parse(readFileSync(join(root, relative), 'utf8').replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

function ratePoints(rows: readonly Row[]): RatePoint[] {
  return rows.map((r) => ({ month: r['month']!, ratePct: r['rate_pct']! }));
}

/** TR(k) = NPM(k)/NPM(k+1) − 1 (GM convention: value of month k × NPM(k) = value in 12/2021), in percent, 4 decimals HALF_UP. */
function trFromNpm(gm: readonly Row[]): RatePoint[] {
  const npm = new Map(gm.map((r) => [r['month']!, new Dec(r[GM_NPM]!)]));
  const points: RatePoint[] = [];
  for (let m = TR_FIRST; m <= TR_LAST; m = addMonths(m, 1)) {
    const here = npm.get(m);
    const next = npm.get(addMonths(m, 1));
    if (!here || !next) throw new Error(`${GM_FILE}: falta o fator NPM de ${m} ou do mês seguinte`);
    points.push({ month: m, ratePct: here.dividedBy(next).minus(1).times(100).toFixed(4, Dec.ROUND_HALF_UP) });
  }
  return points;
}

/** poupança = (1 + TR)(1 + juros) − 1 (Lei 8.177/1991 art. 12): every month where both poupança and juros are known must agree. */
function checkPoupancaIdentity(tr: readonly RatePoint[], poupanca: ReadonlyMap<string, string>, juros: ReadonlyMap<string, string>): number {
  let checked = 0;
  for (const t of tr) {
    const p = poupanca.get(t.month);
    const j = juros.get(t.month);
    if (p === undefined || j === undefined) continue;
    const implied = new Dec(1)
      .plus(new Dec(p).dividedBy(100))
      .dividedBy(new Dec(1).plus(new Dec(j).dividedBy(100)))
      .minus(1)
      .times(100);
    if (implied.minus(t.ratePct).abs().greaterThan(IDENTITY_TOLERANCE_PCT))
      throw new Error(`TR ${t.month} = ${t.ratePct} % (NPM) difere da identidade da poupança (${implied.toFixed(6)} %)`);
    checked++;
  }
  return checked;
}

function jurosFromTjap(tjap: readonly Row[]): RatePoint[] {
  const points = tjap
    .filter((r) => r['month']! >= JUROS_FIRST && r['month']! <= JUROS_LAST)
    .map((r) => ({ month: r['month']!, ratePct: fractionToPctText(r['juros_mensal_fracao']!) }));
  for (const p of points)
    if (p.month <= OLD_RULE_LAST && !new Dec(p.ratePct).equals('0.5')) throw new Error(`${TJAP_FILE}: ${p.month} deveria ser 0,5 % a.m. (regra antiga)`);
  return points;
}

interface Planned {
  readonly name: IndexName;
  readonly points: RatePoint[];
  readonly entry: Omit<SnapshotSeriesEntry, 'primeiroMes' | 'ultimoMes' | 'meses'>;
}

function plan(root: string): { planned: Planned[]; identityMonths: number } {
  const shared = (name: string) => ratePoints(readCsv(root, `indices/${name}.csv`));
  const copy = (name: 'ipca_e' | 'ipca' | 'selic' | 'inpc' | 'poupanca', fonte: string): Planned => ({
    name,
    points: shared(name),
    entry: {
      arquivo: `${name}.csv`,
      fonte,
      sgs: SGS_CODES[name],
      origem: `indices/${name}.csv`,
      derivacao: 'cópia dos valores publicados (ver ../shared/data/indices/SOURCES.md)',
    },
  });
  const tr = trFromNpm(readCsv(root, GM_FILE));
  const juros = jurosFromTjap(readCsv(root, TJAP_FILE));
  const jurosByMonth = new Map(juros.map((p) => [p.month, p.ratePct]));
  const poupancaByMonth = new Map([...shared('poupanca_antiga'), ...shared('poupanca')].map((p) => [p.month, p.ratePct]));
  const identityMonths = checkPoupancaIdentity(tr, poupancaByMonth, jurosByMonth);
  return {
    identityMonths,
    planned: [
      copy('ipca_e', 'IPCA-E, variação mensal (IBGE; BCB SGS 10764 / IPCA-15 SGS 7478)'),
      copy('ipca', 'IPCA, variação mensal (BCB SGS 433 / IBGE SIDRA 1737)'),
      copy('selic', 'Taxa Selic acumulada no mês (BCB SGS 4390)'),
      copy('inpc', 'INPC, variação mensal (BCB SGS 188 / IBGE SIDRA 1736)'),
      copy('poupanca', 'Rendimento da poupança, depósitos a partir de 04/05/2012, período iniciado no dia 1 (BCB SGS 195)'),
      {
        name: 'tr',
        points: tr,
        entry: {
          arquivo: 'tr.csv',
          fonte: 'Taxa Referencial mensal, TR do 1º dia do mês (BCB SGS 7811), como encadeada na tabela Res. CNJ 303 modulada (Gilberto Melo CNJJE1221NPM)',
          sgs: SGS_CODES.tr,
          origem: GM_FILE,
          derivacao: `TR(m) = NPM(m)/NPM(m+1) − 1, em %, 4 casas (arredondamento HALF_UP, como o BCB publica a TR), meses ${TR_FIRST}…${TR_LAST} (R5.5); conferida com poupança = (1 + TR)(1 + juros) − 1 em ${identityMonths} meses (poupanca_antiga.csv e poupanca.csv com juros.csv abaixo, diferença ≤ 0,0001 p.p.). Os meses 2022-07 em diante de ../shared/data/indices/tr.csv não entram: entre 2015-03 e 2022-06 não há valor publicado em ../shared e uma série não tem lacunas; a correção só lê TR em ${TR_FIRST}…${TR_LAST}, e "indices sincronizar" traz o resto do SGS 7811.`,
        },
      },
      {
        name: 'juros_poupanca',
        points: juros,
        entry: {
          arquivo: 'juros_poupanca.csv',
          fonte:
            'Juros da poupança (remuneração básica, art. 1º-F Lei 9.494/97 red. Lei 11.960/2009), tabela mensal do TJAP ("Fonte: Banco Central do Brasil")',
          sgs: null,
          origem: TJAP_FILE,
          derivacao: `juros_mensal_fracao × 100 (exato), meses ${JUROS_FIRST}…${JUROS_LAST} (R5.7); até ${OLD_RULE_LAST} igual a 0,5 % a.m. (Lei 8.177/1991 art. 12 II), conferido.`,
        },
      },
    ],
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, origem: { type: 'string', default: '../shared/data' }, destino: { type: 'string', default: 'data/indices' } },
  });
  const snapshotDate = values.data ?? todayInCourt();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snapshotDate)) throw new Error(`--data deve ser AAAA-MM-DD (recebido: ${snapshotDate})`);
  const { planned } = plan(values.origem);
  const manifest: SnapshotManifest = {
    geradoEm: snapshotDate,
    geradoPor: 'npm run indices:snapshot (scripts/indices-snapshot.ts)',
    origem: '../shared/data',
    series: {},
  };
  mkdirSync(values.destino, { recursive: true });
  for (const p of planned) {
    const built = buildSeries(p.name, p.points);
    if (!built.ok) throw new Error(`${p.name}: ${JSON.stringify(built.error)}`);
    const s = built.value;
    writeFileSync(join(values.destino, p.entry.arquivo), `month,rate_pct\n${p.points.map((x) => `${x.month},${x.ratePct}`).join('\n')}\n`);
    manifest.series[p.name] = { ...p.entry, primeiroMes: s.firstMonth, ultimoMes: s.lastMonth, meses: s.ratesPct.length };
    process.stderr.write(`${p.name}: ${s.firstMonth}…${s.lastMonth} (${s.ratesPct.length} meses)\n`);
  }
  writeFileSync(join(values.destino, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(`snapshot de ${snapshotDate} gravado em ${values.destino}\n`);
}

main();
