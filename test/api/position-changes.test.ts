// Goal: GET /api/precatorios/:numero/mudancas (issue 18 §1) explains, from the event log, why a
// precatório's position changed between the list published at the end of `desde` and today's: a
// payment, an acordo, a cancellation ahead; the Atom feed carries the same as an entry. The oracle
// for the positions is the public list itself (GET /api/entes/:id/fila) before and after the writes.
// Method: the demo registry is imported, its events are dated back to 2025-11-01 (the test's "today"
// is 2025-11-23, the events' clock is the machine's), then staff writes move precatórios ahead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, staffHeaders } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';

interface Item {
  posicao: number;
  numero: string;
  saldo: string;
  valorRequisitado: string;
}

describe.each(BACKENDS)('por que a minha posição mudou on $name', (backend) => {
  let ctx: Awaited<ReturnType<typeof demoApp>>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const db = await backend.open();
    dispose = () => db.dispose();
    ctx = await demoApp(db);
    // The import happened "before" the older list: its events move back in time (test only).
    await ctx.db.exec(
      `alter table events disable trigger events_no_update; update events set at = '2025-11-01T12:00:00-03:00'; alter table events enable trigger events_no_update;`,
    );
  }, 120_000);
  afterAll(async () => {
    await dispose();
  });

  const get = async (path: string) => {
    const res = await ctx.app.request(path);
    return { status: res.status, body: (await res.json()) as any };
  };
  const post = async (path: string, body: unknown) => {
    const res = await ctx.app.request(path, { method: 'POST', headers: staffHeaders, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const list = async (ente: string): Promise<Item[]> => (await get(`/api/entes/${ente}/fila?tamanho=60`)).body.itens;

  it('names each move: payments in full, a cancellation, the amount paid, and sums to the delta', async () => {
    const ente = ctx.input.entes.find((e) => ctx.input.precatorios.filter((p) => p.enteId === e.id && p.status === 'ativo').length > 60)!.id;
    const before = await list(ente);
    const target = before.find((i) => i.posicao === 40)!;
    const url = `/api/precatorios/${encodeURIComponent(target.numero)}/mudancas?desde=2025-11-20`;
    const unchanged = await get(url);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ situacao: 'comparado', posicaoAntes: 40, posicaoAgora: 40, variacao: 0, motivos: [] });

    // Two precatórios ahead paid in full (each beneficiary's open face), one cancelled.
    const source = (n: string) => ctx.input.precatorios.find((p) => p.numero === n)!;
    const paid = before.filter((i) => i.posicao > 3 && source(i.numero).beneficiarios.length === 1).slice(0, 2);
    let paidFace = 0;
    for (const item of paid) {
      const b = source(item.numero).beneficiarios[0]!;
      const r = await post(`/api/precatorios/${encodeURIComponent(item.numero)}/pagamentos`, { beneficiarioId: b.id, valor: item.saldo, pagoEm: '2025-11-21' });
      expect(r.status, r.text).toBe(201);
      paidFace += Number(item.saldo);
    }
    const cancelled = before.find((i) => i.posicao === 2)!;
    expect((await post(`/api/precatorios/${encodeURIComponent(cancelled.numero)}/cancelamento`, { motivo: 'teste' })).status).toBe(200);
    // A partial payment ahead moves no one (R2.8).
    const partial = before.find((i) => i.posicao === 1)!;
    expect(
      (
        await post(`/api/precatorios/${encodeURIComponent(partial.numero)}/pagamentos`, {
          beneficiarioId: source(partial.numero).beneficiarios[0]!.id,
          valor: '1.00',
          pagoEm: '2025-11-21',
        })
      ).status,
    ).toBe(201);

    const after = await list(ente);
    const now = after.find((i) => i.numero === target.numero)!.posicao;
    expect(now).toBe(37);
    const { status, body } = await get(url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ desde: '2025-11-20', data: '2025-11-23', situacao: 'comparado', posicaoAntes: 40, posicaoAgora: now, variacao: now - 40 });
    expect(body.motivos.reduce((a: number, m: { efeito: number }) => a + m.efeito, 0)).toBe(now - 40);
    expect(body.motivos).toEqual([
      expect.objectContaining({ motivo: 'pagamento-cronologica', quantidade: 2, efeito: -2, valorQuitado: paidFace.toFixed(2) }),
      expect.objectContaining({ motivo: 'cancelamento', quantidade: 1, efeito: -1, valorQuitado: null }),
    ]);
    expect(body.resumo).toBe(
      'O precatório estava na posição 40 na lista publicada ao fim de 20/11/2025 e está na posição 37 na lista publicada hoje (23/11/2025): subiu 3 posições.',
    );
    expect(body.motivos[0].descricao).toMatch(
      /^2 precatórios à frente foram pagos por inteiro na ordem cronológica \(R\$ [\d.]+,\d{2} de valor de face quitados\): subiu 2 posições$/,
    );
    // Counts, never the precatórios ahead nor anything about a person.
    const text = JSON.stringify(body);
    for (const n of [...paid, cancelled, partial].map((i) => i.numero)) expect(text).not.toContain(n);
    // A list older than the import: the precatório was not yet registered.
    expect((await get(`/api/precatorios/${encodeURIComponent(target.numero)}/mudancas?desde=2025-10-01`)).body).toMatchObject({
      situacao: 'registrado-depois',
      posicaoAntes: null,
      posicaoAgora: now,
      motivos: [],
    });
    // A paid precatório says it left the list.
    expect((await get(`/api/precatorios/${encodeURIComponent(paid[0]!.numero)}/mudancas?desde=2025-11-20`)).body).toMatchObject({
      situacao: 'fora-da-lista',
      posicaoAntes: paid[0]!.posicao,
      posicaoAgora: null,
    });

    // The Atom feed carries today's move as an entry, with the same words.
    const feed = await (await ctx.app.request(`/api/precatorios/${encodeURIComponent(target.numero)}/feed.atom`)).text();
    const entry = feed.match(/<entry>\s*<id>[^<]*:posicao:2025-11-23<\/id>[\s\S]*?<\/entry>/)?.[0];
    expect(entry).toBeDefined();
    expect(entry).toContain('<category term="mudanca-de-posicao"/>');
    expect(entry).toContain('subiu 3 posições');
    for (const n of [...paid, cancelled].map((i) => i.numero)) expect(feed).not.toContain(n);
  });

  it('refuses a future or malformed desde, an unknown número, and any run date (the list is always today’s)', async () => {
    const numero = encodeURIComponent(ctx.input.precatorios[0]!.numero);
    expect((await get(`/api/precatorios/${numero}/mudancas?desde=2025-11-24`)).status).toBe(400);
    expect((await get(`/api/precatorios/${numero}/mudancas?desde=20-11-2025`)).status).toBe(400);
    expect((await get(`/api/precatorios/${numero}/mudancas?data=2025-11-01`)).status).toBe(400);
    expect((await get('/api/precatorios/0000000-00.0000.0.00.0000/mudancas')).status).toBe(404);
    // Default: 30 days before today.
    expect((await get(`/api/precatorios/${numero}/mudancas`)).body.desde).toBe('2025-10-24');
  });
});
