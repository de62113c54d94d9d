import { type IsoDate, type YearMonth, isIsoDate } from '../domain/dates.ts';
import { type SeriesError, describeSeriesError } from '../domain/indices/errors.ts';
import type { IndexName } from '../domain/indices/index-names.ts';
import { derivePoupancaInterest, oldRulePoupancaInterest } from '../domain/indices/poupanca-interest.ts';
import { type CorrectionRules, poupancaInterestWindow } from '../domain/correction/periods.ts';
import { loadCorrectionRules } from './load-correction-rules.ts';
import {
  type IndexSeries,
  type RatePoint,
  type Revision,
  buildSeries,
  describeRevisions,
  mergeSeries,
  revisionsOf,
  seriesPoints,
} from '../domain/indices/series.ts';
import { isDecimalText } from '../domain/money.ts';
import { type Result, err, ok } from '../domain/result.ts';
import type { IndexStore } from './store.ts';

/** BCB SGS series codes (issue 4). TR: 7811 (monthly, 1st day); poupança: 195 (deposits from 04/05/2012). */
export const SGS_CODES = { ipca_e: 10764, ipca: 433, selic: 4390, tr: 7811, poupanca: 195, inpc: 188 } as const;
export type SgsSeriesName = keyof typeof SGS_CODES;
export const SGS_SERIES: readonly SgsSeriesName[] = ['ipca_e', 'ipca', 'selic', 'tr', 'poupanca', 'inpc'];

export const DEFAULT_SGS_BASE_URL = 'https://api.bcb.gov.br';

/**
 * First month fetched when the store has nothing yet: the Real (1994-07) for price indices and
 * SELIC; TR from 2009-07 (modulated stretch, R5.5); poupança 195 from its first month, 2012-05.
 */
export const SGS_DEFAULT_START: Readonly<Record<SgsSeriesName, YearMonth>> = {
  ipca_e: '1994-07' as YearMonth,
  ipca: '1994-07' as YearMonth,
  selic: '1994-07' as YearMonth,
  inpc: '1994-07' as YearMonth,
  tr: '2009-07' as YearMonth,
  poupanca: '2012-05' as YearMonth,
};

/** SGS refuses windows longer than 10 years for daily series (195): every request stays within that. */
const SGS_WINDOW_YEARS = 10;
/** Limit on everything: no sync makes more than this many requests. */
const SGS_REQUESTS_MAX = 60;

export type SyncError =
  | SeriesError
  | { readonly kind: 'http'; readonly series: IndexName; readonly url: string; readonly status: number }
  | { readonly kind: 'network'; readonly series: IndexName; readonly url: string; readonly message: string }
  | { readonly kind: 'bad-payload'; readonly series: IndexName; readonly url: string; readonly detail: string }
  | { readonly kind: 'revisions'; readonly revisions: readonly Revision[] };

export function describeSyncError(error: SyncError): string {
  switch (error.kind) {
    case 'http':
      return `série ${error.series}: HTTP ${error.status} em ${error.url}`;
    case 'network':
      return `série ${error.series}: falha de rede em ${error.url}: ${error.message}`;
    case 'bad-payload':
      return `série ${error.series}: resposta inesperada de ${error.url}: ${error.detail}`;
    case 'revisions':
      return `o BCB publica hoje ${error.revisions.length} valor(es) diferente(s) do gravado (revisão): ${describeRevisions(error.revisions)}; nada gravado — confira e repita com --aceitar-revisoes para aceitá-los`;
    default:
      return describeSeriesError(error);
  }
}

export interface SyncOptions {
  readonly baseUrl: string;
  /** Today in the court's zone; the shell owns the clock. */
  readonly today: IsoDate;
  readonly series?: readonly SgsSeriesName[];
  readonly fetch?: typeof fetch;
  readonly progress?: (line: string) => void;
  /** Write revised published values (same month, another value); without it they are listed and nothing is written. */
  readonly acceptRevisions?: boolean;
  /** The legal poupança interest rates and periods (R5.7); data/rules by default. */
  readonly correctionRules?: CorrectionRules;
}

export interface SyncReport {
  /** Per series: months new to the store (`filled` of them before its last month: holes), and the last month now. */
  readonly added: { readonly name: IndexName; readonly months: number; readonly filled: number; readonly lastMonth: YearMonth | undefined }[];
  /** Revised published values written because `acceptRevisions` was given. */
  readonly revised: readonly Revision[];
  /** Derived series that could not be built (not an error of the fetched data). */
  readonly skipped: { readonly name: IndexName; readonly reason: string }[];
}

/** dd/MM/yyyy as SGS wants it. */
function sgsDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/**
 * Reads the SGS JSON shape `[{"data":"01/01/2020","valor":"0.21"}, …]` (monthly series; daily
 * series such as 195 also carry `datafim` and one row per anniversary day). Keeps the value of the
 * period starting on day 1 of each month, as ../shared/data/indices does. Pure.
 */
export function parseSgsPayload(name: IndexName, payload: unknown): Result<RatePoint[], string> {
  if (!Array.isArray(payload)) return err('não é uma lista JSON');
  const points: RatePoint[] = [];
  for (const item of payload as unknown[]) {
    if (typeof item !== 'object' || item === null) return err('item não é objeto');
    const { data, valor } = item as { data?: unknown; valor?: unknown };
    if (typeof data !== 'string' || !/^\d{2}\/\d{2}\/\d{4}$/.test(data)) return err(`data inválida: ${String(data)}`);
    const iso = `${data.slice(6, 10)}-${data.slice(3, 5)}-${data.slice(0, 2)}`;
    if (!isIsoDate(iso)) return err(`data inválida: ${data}`);
    if (typeof valor !== 'string' || !isDecimalText(valor.trim())) return err(`${name} ${data}: valor inválido ${String(valor)}`);
    if (iso.endsWith('-01')) points.push({ month: iso.slice(0, 7), ratePct: valor.trim() });
  }
  return ok(points);
}

async function fetchSeries(name: SgsSeriesName, from: YearMonth, options: SyncOptions): Promise<Result<RatePoint[], SyncError>> {
  const doFetch = options.fetch ?? fetch;
  const points: RatePoint[] = [];
  let start = `${from}-01` as IsoDate;
  for (let requests = 0; start <= options.today; requests++) {
    if (requests >= SGS_REQUESTS_MAX) return err({ kind: 'bad-payload', series: name, url: options.baseUrl, detail: 'requisições demais' });
    const windowEnd = `${Number(start.slice(0, 4)) + SGS_WINDOW_YEARS - 1}-12-31` as IsoDate;
    const end = windowEnd < options.today ? windowEnd : options.today;
    const url = `${options.baseUrl.replace(/\/$/, '')}/dados/serie/bcdata.sgs.${SGS_CODES[name]}/dados?formato=json&dataInicial=${sgsDate(start)}&dataFinal=${sgsDate(end)}`;
    let response: Response;
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      return err({ kind: 'network', series: name, url, message: error instanceof Error ? error.message : String(error) });
    }
    // SGS answers 404 when a window has no value yet (e.g. the current month): nothing new.
    if (response.status !== 404) {
      if (!response.ok) return err({ kind: 'http', series: name, url, status: response.status });
      let payload: unknown;
      try {
        payload = await response.json();
      } catch {
        return err({ kind: 'bad-payload', series: name, url, detail: 'JSON inválido' });
      }
      const parsed = parseSgsPayload(name, payload);
      if (!parsed.ok) return err({ kind: 'bad-payload', series: name, url, detail: parsed.error });
      points.push(...parsed.value);
    }
    start = `${Number(end.slice(0, 4)) + 1}-01-01` as IsoDate;
  }
  return ok(points);
}

/**
 * Sync with the BCB SGS API (issue 16 §3). For each series, asks for every month of the needed
 * range (SGS_DEFAULT_START … today), so months missing anywhere — before the first stored one,
 * e.g. TR 2009-07…2009-12 under the snapshot's 2010-01…2015-02, or after the last — are filled, and
 * a month the BCB now publishes with another value (a revision) is seen. Revisions are listed and
 * nothing is written unless `acceptRevisions`. The merged series are validated (no gap, no
 * duplicate), the poupança interest part is derived for months not yet known (R5.7, see
 * poupanca-interest.ts), and only then is everything written in one `put`. Any error leaves the
 * store untouched.
 */
export async function syncFromSgs(store: IndexStore, options: SyncOptions): Promise<Result<SyncReport, SyncError>> {
  const wanted = options.series ?? SGS_SERIES;
  const merged = new Map<IndexName, IndexSeries>();
  const added: SyncReport['added'][number][] = [];
  const skipped: SyncReport['skipped'][number][] = [];
  const revisions: Revision[] = [];
  for (const [i, name] of wanted.entries()) {
    const stored = await store.get(name);
    const from = SGS_DEFAULT_START[name];
    options.progress?.(`[${i + 1}/${wanted.length}] ${name} (SGS ${SGS_CODES[name]}) de ${from} até hoje…`);
    const fetched = await fetchSeries(name, from, options);
    if (!fetched.ok) return fetched;
    const incoming = buildSeries(name, fetched.value);
    if (!incoming.ok) {
      if (incoming.error.kind === 'empty-series' && stored) {
        added.push({ name, months: 0, filled: 0, lastMonth: stored.lastMonth });
        continue;
      }
      return incoming;
    }
    revisions.push(...revisionsOf(stored, incoming.value));
    const next = overlay(name, stored, fetched.value);
    if (!next.ok) return next;
    const known = new Set(stored ? seriesPoints(stored).map((p) => p.month) : []);
    const fresh = fetched.value.filter((p) => !known.has(p.month));
    const changed = fresh.length > 0 || revisions.some((r) => r.series === name);
    if (changed) merged.set(name, next.value);
    added.push({
      name,
      months: fresh.length,
      filled: stored ? fresh.filter((p) => p.month < stored.lastMonth).length : 0,
      lastMonth: next.value.lastMonth,
    });
  }
  if (revisions.length > 0 && !options.acceptRevisions) return err({ kind: 'revisions', revisions });
  const poupanca = merged.get('poupanca') ?? (await store.get('poupanca'));
  const tr = merged.get('tr') ?? (await store.get('tr'));
  if (poupanca && tr && (merged.has('poupanca') || merged.has('tr'))) {
    // Derived data is optional: if poupança and TR do not yet give a contiguous interest series the
    // fetched series are still written and the report says why the interest part was not. A month
    // already known (the snapshot's TJAP values, an import) is never overwritten by a derivation.
    const stored = await store.get('juros_poupanca');
    const known = new Set(stored ? seriesPoints(stored).map((p) => p.month) : []);
    const rules = options.correctionRules ?? loadCorrectionRules();
    const window = poupancaInterestWindow(rules);
    const fromSeries = derivePoupancaInterest(poupanca, tr, window);
    const derived = [
      ...oldRulePoupancaInterest(rules.interestRates.jurosPoupancaPctPerMonth, window, fromSeries[0]?.month as YearMonth | undefined),
      ...fromSeries,
    ].filter((p) => !known.has(p.month));
    if (derived.length > 0) {
      const juros = mergeSeries('juros_poupanca', stored, derived);
      if (juros.ok) {
        merged.set('juros_poupanca', juros.value);
        added.push({ name: 'juros_poupanca', months: derived.length, filled: 0, lastMonth: juros.value.lastMonth });
      } else {
        skipped.push({ name: 'juros_poupanca', reason: describeSeriesError(juros.error) });
        options.progress?.(`juros_poupanca não derivada: ${describeSeriesError(juros.error)}`);
      }
    }
  }
  await store.put([...merged.values()], { acceptRevisions: options.acceptRevisions === true });
  options.progress?.(`gravadas ${merged.size} série(s)${revisions.length > 0 ? `, ${revisions.length} revisão(ões) aceita(s)` : ''}`);
  return ok({ added, skipped, revised: options.acceptRevisions ? revisions : [] });
}

/** The fetched points over the stored series (fetched values win); must stay contiguous. */
function overlay(name: IndexName, stored: IndexSeries | undefined, fetched: readonly RatePoint[]): Result<IndexSeries, SeriesError> {
  const fresh = new Set(fetched.map((p) => p.month));
  return buildSeries(name, [...(stored ? seriesPoints(stored).filter((p) => !fresh.has(p.month)) : []), ...fetched]);
}
