// Goal: GET /api/precatorios/:numero/mudancas (issue 18 §1) explains, from the event log, why a
// precatório's position changed between the list published at the end of `desde` and today's: a
// payment, an acordo, a cancellation ahead; the Atom feed carries the same as an entry. The oracle
// for the positions is the public list itself (GET /api/entes/:id/fila) before and after the writes.
// Method: the demo registry is imported, its events are dated back to 2025-11-01 (the test's "today"
// is 2025-11-23, the events' clock is the machine's), then staff writes move precatórios ahead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfc3339 } from '../../src/api/atom-feed.ts';
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

  it('a superpreference decision ahead changes no answer for any desde, and dates no feed entry (LGPD art. 11)', async () => {
    // Two worlds: the same registry and the same payment ahead; in one, an illness grant ahead recorded last.
    const dbs = [await backend.open(), await backend.open()];
    try {
      const [one, other] = await Promise.all(
        dbs.map(async (db) => {
          const w = await demoApp(db);
          await w.db.exec(
            `alter table events disable trigger events_no_update; update events set at = '2025-11-01T12:00:00-03:00'; alter table events enable trigger events_no_update;`,
          );
          return w;
        }),
      );
      const ente = ctx.input.entes.find((e) => ctx.input.precatorios.filter((p) => p.enteId === e.id && p.status === 'ativo').length > 60)!.id;
      const items = (await (await other!.app.request(`/api/entes/${ente}/fila?tamanho=60`)).json()) as { itens: Item[] };
      const target = items.itens.find((i) => i.posicao === 50)!;
      const source = (n: string) => ctx.input.precatorios.find((p) => p.numero === n)!;
      const paid = items.itens.find((i) => i.posicao < 40 && source(i.numero).beneficiarios.length === 1)!;
      for (const w of [one!, other!]) {
        const r = await w.app.request(`/api/precatorios/${encodeURIComponent(paid.numero)}/pagamentos`, {
          method: 'POST',
          headers: staffHeaders,
          body: JSON.stringify({ beneficiarioId: source(paid.numero).beneficiarios[0]!.id, valor: paid.saldo, pagoEm: '2025-11-21' }),
        });
        expect(r.status).toBe(201);
      }
      const ahead = items.itens.find(
        (i) => i.posicao > 40 && i.posicao < 50 && source(i.numero).beneficiarios.some((b) => b.titularidade === 'originario' && !b.doencaGraveDesde),
      )!;
      const b = source(ahead.numero).beneficiarios.find((x) => x.titularidade === 'originario')!;
      const grant = await other!.app.request(`/api/precatorios/${encodeURIComponent(ahead.numero)}/superpreferencias`, {
        method: 'POST',
        headers: staffHeaders,
        body: JSON.stringify({ beneficiarioId: b.id, motivo: 'doenca-grave', concedidaEm: '2025-11-22' }),
      });
      expect(grant.status, await grant.text()).toBe(201);
      const strip = (feed: string) => feed.replace(/<updated>[^<]*<\/updated>/g, '');
      for (const desde of ['2025-10-31', '2025-11-01', '2025-11-20', '2025-11-22', '2025-11-23']) {
        const url = `/api/precatorios/${encodeURIComponent(target.numero)}/mudancas?desde=${desde}`;
        const [x, y] = await Promise.all([one!.app.request(url), other!.app.request(url)].map(async (r) => (await r).text()));
        expect(y, desde).toBe(x);
        if (desde === '2025-11-20') expect(JSON.parse(x!)).toMatchObject({ posicaoAntes: 50, posicaoAgora: 49 });
      }
      const feedUrl = `/api/precatorios/${encodeURIComponent(ahead.numero)}/feed.atom`;
      const feeds = await Promise.all([one!.app.request(feedUrl), other!.app.request(feedUrl)].map(async (r) => (await r).text()));
      expect(feeds[0]).toContain('mudanca-de-posicao');
      expect(strip(feeds[1]!)).toBe(strip(feeds[0]!));
      // No entry of the feed carries the grant's instant (the event itself is staff-only).
      const { rows } = await other!.db.query<{ at: string }>(`select at::text as at from events where kind = 'superpreferencia-concedida'`);
      expect(rows).toHaveLength(1);
      expect(feeds[1]).not.toContain(rfc3339(rows[0]!.at));
    } finally {
      await Promise.all(dbs.map((db) => db.dispose()));
    }
  }, 240_000);

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
