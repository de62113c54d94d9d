// Goal (issue 16 §3): on a fresh `npm start` — the demo registry, no index imported or synced —
// every demo precatório's public lookup shows its corrected value and memória de cálculo,
// modulated ones (TR 2010–2015, R5.5) and those needing juros da poupança (R5.7) too, because the
// server reads the shipped snapshot (data/indices) under the registry's series.
// Method: the app as `servir` builds it (snapshot passed, same rules) over the full default demo
// (DEMO_SEED, scale 1), every precatório looked up through the public route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { isModulated } from '../../src/domain/correction/index.ts';
import { DEMO_SEED } from '../../src/demo/tjpa-demo.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { readIndexSnapshot } from '../../src/indices/snapshot.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { todayInCourt } from '../../src/shell/environment.ts';
import { demoInput, seededDb } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

const input = demoInput(DEMO_SEED, 1);
const correctionRules = loadCorrectionRules();
let db: Awaited<ReturnType<typeof seededDb>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  db = await seededDb(input);
  app = createApp({
    db,
    rules: RULES,
    correctionRules,
    indexSnapshot: readIndexSnapshot().series,
    rpvLaws: loadRpvLaws(),
    // The demo's dates are made relative to today (as `servir` makes them): the lookup runs today too.
    today: () => todayInCourt(),
    adminToken: undefined,
    log: () => undefined,
    indexRecheckMs: 0,
  });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('a fresh demo registry corrects every lookup from the shipped snapshot', () => {
  it('every demo precatório: a corrected total and a memória, modulated ones included', async () => {
    const failures: string[] = [];
    let modulated = 0;
    let withPoupancaInterest = 0;
    for (const p of input.precatorios) {
      const res = await app.request(`/api/precatorios/${p.numero}`);
      expect(res.status, p.numero).toBe(200);
      const body = (await res.json()) as { valorCorrigido?: { total?: string; erro?: string; memoria?: { indice: string }[] } };
      const v = body.valorCorrigido;
      // A data-base in the target month has no rate month to apply: the value is already current.
      const months = p.dataBase && p.dataBase < todayInCourt().slice(0, 7) ? 1 : 0;
      if (!v?.total || !(v.memoria && v.memoria.length >= months)) {
        failures.push(`${p.numero}: ${v?.erro ?? JSON.stringify(v)}`);
        continue;
      }
      if (isModulated(p, correctionRules)) modulated++;
      if (v.memoria.some((l) => l.indice === 'juros poupança')) withPoupancaInterest++;
    }
    expect(failures).toEqual([]);
    // The demo really exercises the two series the issue found missing.
    expect(modulated).toBeGreaterThan(0);
    expect(withPoupancaInterest).toBeGreaterThan(0);
  }, 600_000);

  it('GET /api/indices/tr answers the snapshot stretch and says where it comes from', async () => {
    const body = (await (await app.request('/api/indices/tr')).json()) as { inicio: string; fim: string; origem: string };
    expect(body).toMatchObject({ inicio: '2010-01', fim: '2015-02', origem: 'snapshot' });
  });
});
