// Goal: the BCB SGS sync (issue 4, issue 16 §3) asks for every month of the needed range, so it
// brings newer months and fills holes; a revised published value is listed and refused unless
// accepted; it reports progress, and validates everything before writing: a gap, a bad value, an
// HTTP error or a refused revision leaves the store untouched.
// Method: a local node:http server on 127.0.0.1 (random port) replays the SGS JSON shape
// (`[{"data":"dd/MM/yyyy","valor":"…"}]`, daily series with `datafim`) from ../shared/data/indices;
// no network.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsoDate, type YearMonth, addMonths } from '../../src/domain/dates.ts';
import { buildSeries, seriesPoints } from '../../src/domain/indices/series.ts';
import { SGS_CODES, type SgsSeriesName, describeSyncError, parseSgsPayload, syncFromSgs } from '../../src/indices/sgs.ts';
import { RegistryIndexStore, readIndexSnapshot } from '../../src/indices/snapshot.ts';
import { MemoryIndexStore } from '../../src/indices/store.ts';
import { readSharedCsv } from '../support/shared.ts';

type SgsRow = { data: string; valor: string; datafim?: string };
const toSgsDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const fromSgsDate = (d: string) => `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;

/** What the fake SGS knows, per code: monthly rows on day 1; poupança (195) one row per anniversary day. */
function datasetUpTo(lastMonth: string, overrides: Partial<Record<SgsSeriesName, { month: string; rate_pct: string }[]>> = {}): Map<number, SgsRow[]> {
  const data = new Map<number, SgsRow[]>();
  for (const name of Object.keys(SGS_CODES) as SgsSeriesName[]) {
    const rows = (overrides[name] ?? readSharedCsv(`data/indices/${name}.csv`)).filter((r) => r['month']! <= lastMonth);
    const out: SgsRow[] = [];
    for (const r of rows) {
      const month = r['month']! as YearMonth;
      if (name === 'poupanca') {
        // Daily series: only the period starting on day 1 is the month's value; other days differ.
        for (let day = 1; day <= 28; day++) {
          out.push({
            data: toSgsDate(`${month}-${String(day).padStart(2, '0')}`),
            datafim: toSgsDate(`${addMonths(month, 1)}-${String(day).padStart(2, '0')}`),
            valor: day === 1 ? r['rate_pct']! : '9.9999',
          });
        }
      } else {
        out.push({ data: toSgsDate(`${month}-01`), valor: r['rate_pct']! });
      }
    }
    data.set(SGS_CODES[name], out);
  }
  return data;
}

let server: Server;
let baseUrl = '';
let dataset = datasetUpTo('2026-06');
let failWith: number | undefined;
const requests: { code: number; from: string; to: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/dados\/serie\/bcdata\.sgs\.(\d+)\/dados$/.exec(url.pathname);
    const from = url.searchParams.get('dataInicial') ?? '';
    const to = url.searchParams.get('dataFinal') ?? '';
    if (!match || url.searchParams.get('formato') !== 'json' || !/^\d{2}\/\d{2}\/\d{4}$/.test(from) || !/^\d{2}\/\d{2}\/\d{4}$/.test(to)) {
      res.writeHead(400).end('bad request');
      return;
    }
    const code = Number(match[1]);
    requests.push({ code, from: fromSgsDate(from), to: fromSgsDate(to) });
    if (failWith !== undefined) {
      res.writeHead(failWith).end('erro');
      return;
    }
    const rows = (dataset.get(code) ?? []).filter((r) => fromSgsDate(r.data) >= fromSgsDate(from) && fromSgsDate(r.data) <= fromSgsDate(to));
    if (rows.length === 0) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Value(s) not found' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const today = (d: string) => d as IsoDate;

describe('parseSgsPayload', () => {
  it('keeps the day-1 period of each month and rejects malformed rows', () => {
    expect(
      parseSgsPayload('poupanca', [
        { data: '01/01/2015', datafim: '01/02/2015', valor: '0.5882' },
        { data: '02/01/2015', valor: '0.59' },
      ]),
    ).toEqual({ ok: true, value: [{ month: '2015-01', ratePct: '0.5882' }] });
    expect(parseSgsPayload('ipca', [{ data: '2020-01-01', valor: '0.21' }]).ok).toBe(false);
    expect(parseSgsPayload('ipca', [{ data: '01/01/2020', valor: '0,21' }]).ok).toBe(false);
    expect(parseSgsPayload('ipca', { dados: [] }).ok).toBe(false);
  });
});

describe('syncFromSgs against a local SGS replay', () => {
  const store = new MemoryIndexStore();

  it('first sync: fetches every series from its default start in ≤ 10-year windows, with progress', async () => {
    requests.length = 0;
    const progress: string[] = [];
    const report = await syncFromSgs(store, { baseUrl, today: today('2026-07-10'), progress: (l) => progress.push(l) });
    expect(report.ok).toBe(true);
    expect(await store.names()).toEqual(['inpc', 'ipca', 'ipca_e', 'juros_poupanca', 'poupanca', 'selic', 'tr']);
    const ipcaE = (await store.get('ipca_e'))!;
    const shared = readSharedCsv('data/indices/ipca_e.csv').filter((r) => r['month']! >= '1994-07' && r['month']! <= '2026-06');
    expect(seriesPoints(ipcaE).map((p) => p.month)).toEqual(shared.map((r) => r['month']));
    expect(ipcaE.ratesPct.map((r, i) => r.equals(shared[i]!['rate_pct']!))).not.toContain(false);
    expect((await store.get('poupanca'))!.ratesPct[0]!.toString()).toBe('0.5882'); // day-1 value, not 9.9999
    for (const r of requests) expect(Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))).toBeLessThan(10);
    expect(progress.filter((l) => l.startsWith('['))).toHaveLength(6);
    expect(progress.at(-1)).toMatch(/^gravadas 7 série/);
    // ../shared has no TR before 2022-07, so the interest part is only the 0,5 % of the old rule.
    expect((await store.get('juros_poupanca'))!.lastMonth).toBe('2012-04');
  });

  it('second sync asks for the whole needed range, in ≤ 10-year windows, and adds only the new months', async () => {
    dataset = datasetUpTo('2026-09');
    requests.length = 0;
    const report = await syncFromSgs(store, { baseUrl, today: today('2026-10-10') });
    expect(report.ok && report.value.added.find((a) => a.name === 'ipca')).toEqual({ name: 'ipca', months: 3, filled: 0, lastMonth: '2026-09' });
    const ipcaRequests = requests.filter((r) => r.code === 433);
    expect(ipcaRequests[0]).toEqual({ code: 433, from: '1994-07-01', to: '2003-12-31' });
    expect(ipcaRequests.at(-1)).toEqual({ code: 433, from: '2024-01-01', to: '2026-10-10' });
    for (const r of requests) expect(Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))).toBeLessThan(10);
    expect((await store.get('selic'))!.lastMonth).toBe('2026-09');
    expect(report.ok && report.value.revised).toEqual([]);
  });

  it('a gap in what the server sends is refused and nothing is written', async () => {
    const fresh = new MemoryIndexStore();
    const ipca = readSharedCsv('data/indices/ipca.csv')
      .filter((r) => r['month'] !== '2010-05')
      .map((r) => ({ month: r['month']!, rate_pct: r['rate_pct']! }));
    dataset = datasetUpTo('2026-09', { ipca });
    const report = await syncFromSgs(fresh, { baseUrl, today: today('2026-10-10') });
    expect(report).toMatchObject({ ok: false, error: { kind: 'gap', series: 'ipca', missing: '2010-05' } });
    expect(await fresh.names()).toEqual([]);
  });

  it('a malformed value is a bad-payload error and nothing is written', async () => {
    const fresh = new MemoryIndexStore();
    const selic = readSharedCsv('data/indices/selic.csv').map((r) =>
      r['month'] === '2020-03' ? { month: '2020-03', rate_pct: 'n/d' } : { month: r['month']!, rate_pct: r['rate_pct']! },
    );
    dataset = datasetUpTo('2026-09', { selic });
    const report = await syncFromSgs(fresh, { baseUrl, today: today('2026-10-10') });
    expect(report).toMatchObject({ ok: false, error: { kind: 'bad-payload', series: 'selic' } });
    expect(await fresh.names()).toEqual([]);
  });

  it('an HTTP error stops the sync and leaves the store as it was', async () => {
    dataset = datasetUpTo('2026-09');
    const before = (await store.get('ipca'))!.lastMonth;
    failWith = 503;
    const report = await syncFromSgs(store, { baseUrl, today: today('2026-12-10') });
    failWith = undefined;
    expect(report).toMatchObject({ ok: false, error: { kind: 'http', status: 503 } });
    expect((await store.get('ipca'))!.lastMonth).toBe(before);
  });

  it('derives the poupança interest part from poupança and TR when both cover the months (R5.7)', async () => {
    const fresh = new MemoryIndexStore();
    const months = Array.from({ length: 12 }, (_, i) => addMonths('2012-05' as YearMonth, i));
    const tr = [
      ...Array.from({ length: 34 }, (_, i) => ({ month: addMonths('2009-07' as YearMonth, i), rate_pct: '0.0500' })),
      ...months.map((m) => ({ month: m, rate_pct: '0.0100' })),
    ];
    const poupanca = months.map((m) => ({ month: m, rate_pct: '0.4200' }));
    dataset = datasetUpTo('2013-04', { tr, poupanca });
    const report = await syncFromSgs(fresh, { baseUrl, today: today('2013-05-10'), series: ['tr', 'poupanca'] });
    expect(report.ok).toBe(true);
    const juros = (await fresh.get('juros_poupanca'))!;
    expect([juros.firstMonth, juros.lastMonth]).toEqual(['2009-07', '2013-04']);
    expect(juros.ratesPct[0]!.toString()).toBe('0.5'); // by law before 2012-05
    expect(juros.ratesPct.at(-1)!.toFixed(4)).toBe('0.4100'); // 1.0042 / 1.0001 − 1 = 0,4100 %
  });
});

describe('syncFromSgs over the shipped snapshot: holes filled, revisions listed and refused unless accepted', () => {
  const snapshot = readIndexSnapshot().series;
  const snapshotTr = seriesPoints(snapshot.find((x) => x.name === 'tr')!);
  /** What SGS 7811 would answer: 2009-07…2009-12 and 2015-03…2022-06 (fake values), the snapshot's 2010–2015, ../shared from 2022-07. */
  const trAsSgs = (change: Record<string, string> = {}) => {
    const rows: { month: string; rate_pct: string }[] = [];
    for (let m = '2009-07' as YearMonth; m <= '2009-12'; m = addMonths(m, 1)) rows.push({ month: m, rate_pct: '0.0500' });
    rows.push(...snapshotTr.map((p) => ({ month: p.month, rate_pct: p.ratePct })));
    for (let m = '2015-03' as YearMonth; m <= '2022-06'; m = addMonths(m, 1)) rows.push({ month: m, rate_pct: '0.0000' });
    rows.push(...readSharedCsv('data/indices/tr.csv').map((r) => ({ month: r['month']!, rate_pct: r['rate_pct']! })));
    return rows.map((r) => ({ ...r, rate_pct: change[r.month] ?? r.rate_pct }));
  };
  const fresh = () => new RegistryIndexStore(new MemoryIndexStore(), snapshot);

  it('fills the months before the first stored one (TR 2009-07…2009-12) and after the last', async () => {
    const store = fresh();
    dataset = datasetUpTo('2026-08', { tr: trAsSgs() });
    const report = await syncFromSgs(store, { baseUrl, today: today('2026-09-10'), series: ['tr'] });
    expect(report.ok && report.value.added).toEqual([{ name: 'tr', months: 6 + 88 + 50, filled: 6, lastMonth: '2026-08' }]);
    const tr = (await store.get('tr'))!;
    expect([tr.firstMonth, tr.lastMonth]).toEqual(['2009-07', '2026-08']);
    expect(await store.origin('tr')).toBe('registro');
    // The snapshot's months are kept as they were.
    expect(seriesPoints(tr).filter((p) => p.month >= '2010-01' && p.month <= '2015-02')).toEqual(snapshotTr);
    // The snapshot's TJAP interest months are never replaced by a derivation.
    expect(await store.origin('juros_poupanca')).toBe('snapshot');
  });

  it('a revised published value is listed and nothing is written; with acceptRevisions it is written and reported', async () => {
    const store = fresh();
    const stored = snapshotTr.find((p) => p.month === '2012-03')!.ratePct;
    // IPCA brings a month the snapshot lacks (2026-10): written only with the TR run.
    const ipca = [
      ...readSharedCsv('data/indices/ipca.csv').map((r) => ({ month: r['month']!, rate_pct: r['rate_pct']! })),
      { month: '2026-10', rate_pct: '0.30' },
    ];
    dataset = datasetUpTo('2026-10', { tr: trAsSgs({ '2012-03': '0.1100' }), ipca });
    const refused = await syncFromSgs(store, { baseUrl, today: today('2026-11-10'), series: ['tr', 'ipca'] });
    const revision = { series: 'tr', month: '2012-03', storedPct: stored, incomingPct: '0.11' };
    expect(refused).toEqual({ ok: false, error: { kind: 'revisions', revisions: [revision] } });
    expect(describeSyncError(refused.ok ? (undefined as never) : refused.error)).toContain(`tr 2012-03: gravado ${stored} %, publicado agora 0.11 %`);
    expect(await store.origin('tr')).toBe('snapshot');
    expect(await store.origin('ipca')).toBe('snapshot'); // the other series of the run were not written either

    const accepted = await syncFromSgs(store, { baseUrl, today: today('2026-11-10'), series: ['tr', 'ipca'], acceptRevisions: true });
    expect(accepted.ok && accepted.value.revised).toEqual([revision]);
    const tr = (await store.get('tr'))!;
    expect(seriesPoints(tr).find((p) => p.month === '2012-03')!.ratePct).toBe('0.11');
    expect((await store.get('ipca'))!.lastMonth).toBe('2026-10');
  });

  it('the registry store refuses, in one put, a revision without the flag and a write that would leave a hole', async () => {
    const store = fresh();
    const shared = buildSeries(
      'tr',
      readSharedCsv('data/indices/tr.csv').map((r) => ({ month: r['month']!, ratePct: r['rate_pct']! })),
    );
    if (!shared.ok) throw new Error('tr.csv');
    await expect(store.put([shared.value])).rejects.toThrow(
      /série tr: 2022-07…2026-08 não encosta na série em uso \(2010-01…2015-02\); faltariam 2015-03…2022-06; nada gravado/,
    );
    const revised = buildSeries('tr', [{ month: '2015-02', ratePct: '0.0200' }]);
    if (!revised.ok) throw new Error('tr');
    await expect(store.put([revised.value])).rejects.toThrow(/tr 2015-02: gravado 0.0168 %, publicado agora 0.02 %/);
    expect(await store.origin('tr')).toBe('snapshot');
    await store.put([revised.value], { acceptRevisions: true });
    expect((await store.get('tr'))!.ratesPct.at(-1)!.toString()).toBe('0.02');
    expect((await store.get('tr'))!.firstMonth).toBe('2010-01'); // merged, not replaced
  });
});
