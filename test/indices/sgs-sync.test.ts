// Goal: the BCB SGS sync (issue 4) is incremental, reports progress, and validates everything
// before writing: a gap, a bad value or an HTTP error leaves the store untouched.
// Method: a local node:http server on 127.0.0.1 (random port) replays the SGS JSON shape
// (`[{"data":"dd/MM/yyyy","valor":"…"}]`, daily series with `datafim`) from ../shared/data/indices;
// no network.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IsoDate, type YearMonth, addMonths } from '../../src/domain/dates.ts';
import { seriesPoints } from '../../src/domain/indices/series.ts';
import { SGS_CODES, type SgsSeriesName, parseSgsPayload, syncFromSgs } from '../../src/indices/sgs.ts';
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

  it('second sync is incremental: asks only for months after the last stored one', async () => {
    dataset = datasetUpTo('2026-09');
    requests.length = 0;
    const report = await syncFromSgs(store, { baseUrl, today: today('2026-10-10') });
    expect(report.ok && report.value.added.find((a) => a.name === 'ipca')).toEqual({ name: 'ipca', months: 3, lastMonth: '2026-09' });
    expect(requests.find((r) => r.code === 433)).toEqual({ code: 433, from: '2026-07-01', to: '2026-10-10' });
    expect(requests).toHaveLength(6);
    expect((await store.get('selic'))!.lastMonth).toBe('2026-09');
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
