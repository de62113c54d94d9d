// Goal (issue 16 §3): POST /api/indices — what `indices importar|sincronizar` use through a running
// server — applies the same rule as the local registry: series are merged into the ones in use
// (the shipped snapshot included), a changed stored month (a revision) is refused with the list
// unless `aceitarRevisoes`, and a write that would leave a hole is refused; nothing half-written.
// Method: the app over an in-memory PGlite with the snapshot, as `servir` builds it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { readIndexSnapshot } from '../../src/indices/snapshot.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { indexSeriesFingerprint } from '../../src/storage/registry-versions.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { RUN_DATE, TOKEN, staffHeaders } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await openDatabase({ pgliteDir: 'memory://' });
  app = createApp({
    db,
    rules: RULES,
    correctionRules: loadCorrectionRules(),
    indexSnapshot: readIndexSnapshot().series,
    rpvLaws: loadRpvLaws(),
    today: () => RUN_DATE,
    adminToken: TOKEN,
    log: () => undefined,
    indexRecheckMs: 0,
  });
}, 60_000);
afterAll(async () => {
  await db?.close();
});

const post = (body: unknown) => app.request('/api/indices', { method: 'POST', headers: staffHeaders, body: JSON.stringify(body) });
const tr = async () =>
  (await (await app.request('/api/indices/tr')).json()) as { origem: string; inicio: string; fim: string; valores: { mes: string; taxaPct: string }[] };

it('a revised month is refused with the list (409), nothing written; accepted with aceitarRevisoes', async () => {
  const revised = { series: [{ serie: 'tr', valores: [{ mes: '2015-02', taxaPct: '0.0200' }] }] };
  const refused = await post(revised);
  expect(refused.status).toBe(409);
  expect(((await refused.json()) as { motivo: string }).motivo).toContain('tr 2015-02: gravado 0.0168 %, publicado agora 0.02 %');
  expect((await tr()).origem).toBe('snapshot');

  expect((await post({ ...revised, aceitarRevisoes: true })).status).toBe(201);
  const after = await tr();
  expect([after.origem, after.inicio, after.fim]).toEqual(['registro', '2010-01', '2015-02']);
  expect(after.valores.at(-1)).toEqual({ mes: '2015-02', taxaPct: '0.02' });
  // Same months, another value: the correction cache's key still changes (a server re-reads it).
  const before = await indexSeriesFingerprint(db);
  expect((await post({ series: [{ serie: 'tr', valores: [{ mes: '2015-02', taxaPct: '0.0300' }] }], aceitarRevisoes: true })).status).toBe(201);
  expect(await indexSeriesFingerprint(db)).not.toBe(before);
  expect((await post({ series: [{ serie: 'tr', valores: [{ mes: '2015-02', taxaPct: '0.0200' }] }], aceitarRevisoes: true })).status).toBe(201);
});

it('new months that leave a hole are refused (409); contiguous ones are merged', async () => {
  const hole = await post({ series: [{ serie: 'tr', valores: [{ mes: '2022-07', taxaPct: '0.1631' }] }] });
  expect(hole.status).toBe(409);
  expect(((await hole.json()) as { motivo: string }).motivo).toContain('faltariam 2015-03…2022-06');
  const merged = await post({ series: [{ serie: 'tr', valores: [{ mes: '2015-03', taxaPct: '0.0400' }] }] });
  expect(merged.status).toBe(201);
  expect(await merged.json()).toEqual({ series: [{ serie: 'tr', inicio: '2010-01', fim: '2015-03', meses: 63 }] });
  expect((await tr()).fim).toBe('2015-03');
});

it('without a staff token the write is refused before anything is compared', async () => {
  const res = await app.request('/api/indices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ series: [{ serie: 'tr', valores: [{ mes: '2015-02', taxaPct: '9' }] }], aceitarRevisoes: true }),
  });
  expect(res.status).toBe(401);
  expect((await tr()).valores.find((v) => v.mes === '2015-02')).toEqual({ mes: '2015-02', taxaPct: '0.02' });
});
