// Goal (issue 18 §2): GET /api/entes/:id/estoque sums a debtor's list on the server by budget year
// and natureza — the same cells, counts and balances, to the centavo, as summing the whole list page
// by page (what the dashboard did before); answers parse with the contract the OpenAPI and the
// browser share; the list's privacy rule holds (a chosen `data` is staff's only).
// Method: the seeded demo on both backends; every debtor; the independent sum is Decimal over all
// pages of GET /fila (staff token: not rate-limited).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT } from '../../src/api/openapi.ts';
import { estoqueResponse } from '../../src/api/schemas.ts';
import { Dec } from '../../src/domain/money.ts';
import { demoApp, demoInput, staffHeaders } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';

describe.each(BACKENDS)('estoque por exercício on $name', (backend) => {
  let ctx: Awaited<ReturnType<typeof demoApp>>;
  beforeAll(async () => {
    ctx = await demoApp(await backend.open(), demoInput(11, 0.05));
  }, 120_000);
  afterAll(async () => ctx?.db.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await ctx.app.request(path, { headers });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('equals the sum of every page of the list, per cell, for every debtor', async () => {
    const { body: entes } = await get('/api/entes');
    expect(entes.entes.length).toBeGreaterThan(3);
    for (const e of entes.entes as { id: string }[]) {
      const { status, body } = await get(`/api/entes/${e.id}/estoque`);
      expect(status).toBe(200);
      const parsed = estoqueResponse.parse(body);
      const cells = new Map<string, { quantidade: number; suspensos: number; saldo: Dec }>();
      let total = 0;
      for (let pagina = 1; ; pagina++) {
        const page = (await get(`/api/entes/${e.id}/fila?pagina=${pagina}&tamanho=500`, staffHeaders)).body;
        for (const item of page.itens as { orcamento: number; natureza: string; status: string; saldo: string }[]) {
          const key = `${item.orcamento}:${item.natureza}`;
          const cell = cells.get(key) ?? { quantidade: 0, suspensos: 0, saldo: new Dec(0) };
          cells.set(key, {
            quantidade: cell.quantidade + 1,
            suspensos: cell.suspensos + (item.status === 'suspenso' ? 1 : 0),
            saldo: cell.saldo.plus(item.saldo),
          });
          total += 1;
        }
        if (pagina * 500 >= page.total) break;
      }
      expect(parsed.total.quantidade).toBe(total);
      expect(parsed.itens.map((i) => `${i.orcamento}:${i.natureza}`).sort()).toEqual([...cells.keys()].sort());
      for (const i of parsed.itens) {
        const cell = cells.get(`${i.orcamento}:${i.natureza}`)!;
        expect({ quantidade: i.quantidade, suspensos: i.suspensos, saldo: i.saldo }, `${e.id} ${i.orcamento} ${i.natureza}`).toEqual({
          quantidade: cell.quantidade,
          suspensos: cell.suspensos,
          saldo: cell.saldo.toFixed(2),
        });
      }
      expect(parsed.total.saldo).toBe([...cells.values()].reduce((a, c) => a.plus(c.saldo), new Dec(0)).toFixed(2));
      // Years ascending, alimentar before comum within a year (R2.2, R2.3).
      const order = parsed.itens.map((i) => i.orcamento * 2 + (i.natureza === 'alimentar' ? 0 : 1));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('answers only the published run publicly; staff may choose the date', async () => {
    expect((await get('/api/entes/estado-do-para/estoque?data=2025-01-10')).status).toBe(401);
    const staff = await get('/api/entes/estado-do-para/estoque?data=2025-01-10', staffHeaders);
    expect(staff.status).toBe(200);
    expect(staff.body.data).toBe('2025-01-10');
    expect((await get('/api/entes/nao-existe/estoque')).status).toBe(404);
  });

  it('is documented with its response schema', () => {
    const doc = OPENAPI_DOCUMENT as any;
    const ref: string = doc.paths['/api/entes/{id}/estoque'].get.responses['200'].content['application/json'].schema.$ref;
    expect(ref).toBe('#/components/schemas/Estoque');
    expect(doc.components.schemas.Estoque.properties.itens.type).toBe('array');
  });
});
