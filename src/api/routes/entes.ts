import { Hono } from 'hono';
import { toDecimalString } from '../../domain/money.ts';
import { toCsv } from '../../cli/output.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../errors.ts';
import { dateQuery, filaQuery, parseOr400 } from '../schemas.ts';
import { publicEntry, publicTranche } from '../serialize.ts';
import { rpvCeiling, superpreferenceCap } from '../../domain/rules/rpv.ts';
import { listEntes } from '../../storage/registry-store.ts';

export function entesRoutes(deps: AppDeps) {
  const app = new Hono();

  app.get('/', async (c) => {
    const { data } = parseOr400(dateQuery, c.req.query());
    const runDate = data ?? deps.today();
    const entes = await listEntes(deps.db);
    return c.json({
      data: runDate,
      entes: entes.map((s) => ({
        id: s.ente.id,
        nome: s.ente.nome,
        esfera: s.ente.esfera,
        regime: s.ente.regime,
        precatorios: s.precatorios,
        abertos: s.abertos,
        estoque: s.estoqueBrl,
        tetoRpv: toDecimalString(rpvCeiling(s.ente, { transitoEm: runDate, expedidoEm: runDate }, deps.rules).amountBrl),
        tetoSuperpreferencia: toDecimalString(superpreferenceCap(s.ente, runDate, deps.rules)),
      })),
    });
  });

  const queueOr404 = async (id: string, runDate: Parameters<typeof deps.queues.queueOf>[1]) => {
    const q = await deps.queues.queueOf(id, runDate);
    if (!q) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    return q;
  };

  app.get('/:id/fila', async (c) => {
    const query = parseOr400(filaQuery, c.req.query());
    const q = await queueOr404(c.req.param('id'), query.data ?? deps.today());
    const filtered = q.order.chronological.filter((e) =>
      (query.orcamento === undefined || e.key.budgetYear === query.orcamento) &&
      (query.natureza === undefined || e.key.natureza === query.natureza) &&
      (query.status === undefined || e.item.status === query.status));
    const start = (query.pagina - 1) * query.tamanho;
    return c.json({
      ente: { id: q.ente.id, nome: q.ente.nome, regime: q.ente.regime },
      data: q.order.runDate,
      total: filtered.length,
      pagina: query.pagina,
      tamanho: query.tamanho,
      itens: filtered.slice(start, start + query.tamanho).map(publicEntry),
    });
  });

  app.get('/:id/superpreferencias', async (c) => {
    const { data } = parseOr400(dateQuery, c.req.query());
    const q = await queueOr404(c.req.param('id'), data ?? deps.today());
    return c.json({
      ente: { id: q.ente.id, nome: q.ente.nome, regime: q.ente.regime },
      data: q.order.runDate,
      tetoPorCredor: toDecimalString(q.order.superpreferenceCapBrl),
      total: toDecimalString(q.superpreferenceTotalBrl),
      itens: q.order.superpreference.map(publicTranche),
    });
  });

  // Exports of the (masked) public list.
  app.get('/:id/:file{fila\\.(json|csv)}', async (c) => {
    const { data } = parseOr400(dateQuery, c.req.query());
    const q = await queueOr404(c.req.param('id'), data ?? deps.today());
    const rows = q.order.chronological.map(publicEntry);
    if (c.req.param('file').endsWith('.json')) return c.json({ ente: q.ente.id, data: q.order.runDate, itens: rows });
    const header = Object.keys(rows[0] ?? publicEntryHeader) as (keyof ReturnType<typeof publicEntry>)[];
    const body = toCsv([header, ...rows.map((r) => header.map((h) => String(r[h] ?? '')))]);
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="fila-${q.ente.id}-${q.order.runDate}.csv"` });
  });

  return app;
}

const publicEntryHeader = {
  posicao: 0, numero: '', orcamento: 0, natureza: '', status: '', apresentacao: '', ordemPublicada: 0,
  valorRequisitado: '', saldo: '', superpreferencia: '', remanescente: '', explicacao: '',
};
