// Goal: GET /api/entes/:id/parcelamentos-cf20 answers R7.10 over the registry: the same plans as the
// pure rule on the stored precatórios, each above 15 % of its year's base, parcels summing to the value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcelamentosOf } from '../../src/domain/queue/parcelamentos-cf20.ts';
import { Dec } from '../../src/domain/money.ts';
import { precatoriosOfEnte } from '../../src/storage/registry-store.ts';
import { demoApp } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

let ctx: Awaited<ReturnType<typeof demoApp>>;
beforeAll(async () => {
  ctx = await demoApp();
}, 60_000);
afterAll(async () => {
  await ctx.db.close();
});

describe('GET /api/entes/:id/parcelamentos-cf20', () => {
  it('lists, for every debtor, the precatórios above 15 % of their budget year, as the rule computes them', async () => {
    const entes = ((await (await ctx.app.request('/api/entes')).json()) as { entes: { id: string }[] }).entes;
    let parcelled = 0;
    for (const { id } of entes) {
      const res = await ctx.app.request(`/api/entes/${id}/parcelamentos-cf20`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      const expected = parcelamentosOf(await precatoriosOfEnte(ctx.db, id), RULES);
      expect(body.itens.map((i: any) => i.numero)).toEqual(expected.map((p) => p.numero));
      for (const i of body.itens) {
        parcelled++;
        expect(new Dec(i.valor).greaterThan(new Dec(i.baseDoExercicio).times('0.15'))).toBe(true);
        expect(i.parcelas.reduce((s: Dec, x: any) => s.plus(x.valor), new Dec(0)).toFixed(2)).toBe(i.valor);
        expect(i.parcelas.map((x: any) => x.ano)).toEqual([0, 1, 2, 3, 4, 5].map((k) => i.orcamento + k));
        expect(JSON.stringify(i)).not.toMatch(/beneficiario|cpf|nascimento/i);
      }
    }
    // The demo's small municipalities have budget years with a few large precatórios.
    expect(parcelled).toBeGreaterThan(0);
    expect((await ctx.app.request('/api/entes/nao-existe/parcelamentos-cf20')).status).toBe(404);
  });
});
