import { Hono } from 'hono';
import { toCsv } from '../../cli/output.ts';
import type { AppDeps } from '../app.ts';
import type { EnteQueue } from '../../app/payment-order-cache.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import { publicEntry, publicTranche } from '../serialize.ts';
import { STAFF_EXPORT_COLUMNS, staffExportRows } from '../staff-export.ts';
import { rpvCeiling, superpreferenceCap } from '../../domain/rules/rpv.ts';
import { getEnte } from '../../storage/registry-store.ts';
import { fundingRowsOf } from '../../storage/funding-store.ts';
import { paymentRunJson, runPayment } from '../../app/payment-run.ts';
import { closedRows, paidColumns } from '../../app/desk-list.ts';
import { paymentCounts } from '../../storage/special-account-store.ts';
import { setFunding } from '../../app/staff-writes.ts';
import { encodeDomain } from '../../app/domain-json.ts';
import { simulationInput } from '../../app/projection.ts';
import { requireStaff } from '../auth.ts';
import { publishedRun } from '../published-run.ts';
import { maskDocumentsIn } from '../masking.ts';
import type {
  Wire,
  entesResponse,
  filaCompletaResponse,
  filaExportResponse,
  filaResponse,
  financiamentoCriadoResponse,
  financiamentoResponse,
  rodadaResponse,
  superpreferenciasResponse,
} from '../response-schemas.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { money, toDecimalString } from '../../domain/money.ts';

/** Rendered superpreference lists, per list (dropped with it: the cache holds one version per ente). */
const superpreferenceBodies = new WeakMap<EnteQueue, string>();

export function entesRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const published = publishedRun(deps);

  app.get('/', async (c) => {
    const { data } = parseOr400(schemasFor(deps.dates()).dateQuery, c.req.query());
    const runDate = await published.runDate(c, data);
    const entes = await deps.queues.entes();
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
        pagos: s.pagos,
        cancelados: s.cancelados,
        pago: s.pagoBrl,
        tetoRpv: toDecimalString(rpvCeiling(s.ente, { transitoEm: runDate, expedidoEm: runDate }, deps.rules).amountBrl),
        tetoSuperpreferencia: toDecimalString(superpreferenceCap(s.ente, runDate, deps.rules)),
      })),
    } satisfies Wire<typeof entesResponse>);
  });

  const queueOr404 = async (id: string, runDate: Parameters<typeof deps.queues.queueOf>[1]) => {
    const q = await deps.queues.queueOf(id, runDate);
    if (!q) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    return q;
  };

  app.get('/:id/fila', async (c) => {
    const query = parseOr400(schemasFor(deps.dates()).filaQuery, c.req.query());
    const id = pathParam(c.req.param('id'), 'id');
    const q = await queueOr404(id, await published.runDate(c, query.data));
    const start = (query.pagina - 1) * query.tamanho;
    const head = { ente: { id: q.ente.id, nome: q.ente.nome, regime: q.ente.regime }, data: q.order.runDate };
    // Staff see "Parcelas Pagas" (one statement per page); a public page never waits for the
    // database (reads-during-import.test.ts), and the check answers a request without a token at once.
    const checked = deps.staff.check(c);
    const isStaff = (checked instanceof Promise ? await checked : checked).kind === 'ok';
    const countsOf = async (numeros: string[]) => (isStaff ? await paymentCounts(deps.db, numeros) : undefined);
    if (query.status === 'pago' || query.status === 'cancelado') {
      // Closed precatórios are not in the chronological list: the desk's filter (issue 18 §2) reads
      // them from the cached registry, in list order, without a position.
      const closed = closedRows((await deps.queues.precatoriosOf(q)).values(), deps.rules, {
        status: query.status,
        orcamento: query.orcamento,
        natureza: query.natureza,
      });
      const page = closed.slice(start, start + query.tamanho);
      const counts = await countsOf(page.map((r) => r.row.numero));
      return c.json({
        ...head,
        total: closed.length,
        pagina: query.pagina,
        tamanho: query.tamanho,
        foraDaLista: q.excluded,
        itens: page.map((r) => ({ ...r.row, ...paidColumns(r.precatorio, counts) })),
      } satisfies Wire<typeof filaResponse>);
    }
    const unfiltered = query.orcamento === undefined && query.natureza === undefined && query.status === undefined;
    // The common page has no filter: slice the list itself rather than copy it per request.
    const filtered = unfiltered
      ? q.order.chronological
      : q.order.chronological.filter(
          (e) =>
            (query.orcamento === undefined || e.key.budgetYear === query.orcamento) &&
            (query.natureza === undefined || e.key.natureza === query.natureza) &&
            (query.status === undefined || e.item.status === query.status),
        );
    const page = filtered.slice(start, start + query.tamanho);
    const counts = await countsOf(page.map((e) => e.item.numero));
    return c.json({
      ...head,
      total: filtered.length,
      pagina: query.pagina,
      tamanho: query.tamanho,
      // Stored precatórios that cannot be placed (impossible data): left out, named, reason in the log.
      foraDaLista: q.excluded,
      itens: page.map((e) => ({ ...publicEntry(e), ...paidColumns(e.item, counts) })),
    } satisfies Wire<typeof filaResponse>);
  });

  app.get('/:id/superpreferencias', async (c) => {
    const { data } = parseOr400(schemasFor(deps.dates()).dateQuery, c.req.query());
    const q = await queueOr404(pathParam(c.req.param('id'), 'id'), await published.runDate(c, data));
    // The whole list is the answer, so it is rendered once per list version (a list is never
    // changed once built): the Estado do Pará's is ~125 KB of JSON, and rendering it per request
    // held one servir on PGlite to 420–613 answers/s against 1 525 from the rendered text.
    let body = superpreferenceBodies.get(q);
    if (body === undefined) {
      body = JSON.stringify({
        ente: { id: q.ente.id, nome: q.ente.nome, regime: q.ente.regime },
        data: q.order.runDate,
        tetoPorCredor: toDecimalString(q.order.superpreferenceCapBrl),
        total: toDecimalString(q.superpreferenceTotalBrl),
        itens: q.order.superpreference.map(publicTranche),
      } satisfies Wire<typeof superpreferenciasResponse>);
      superpreferenceBodies.set(q, body);
    }
    return c.body(body, 200, { 'content-type': 'application/json' });
  });

  // Funding of the payment projection (issue 6): public to read, staff to change. Each change is an
  // event; the table keeps the history (one row per start date and kind).
  app.get('/:id/financiamento', async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    if (!(await getEnte(deps.db, id))) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    const rows = await fundingRowsOf(deps.db, id);
    return c.json({
      ente: id,
      itens: rows.map((r) => ({
        vigenteDesde: r.validFrom,
        tipo: r.kind,
        valor: r.amount.toFixed(2),
        parcelaCronologica: r.chronologicalShare.toString(),
        fundamento: maskDocumentsIn(r.legalBasis),
      })),
    } satisfies Wire<typeof financiamentoResponse>);
  });

  app.post('/:id/financiamento', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const body = parseOr400(schemasFor(deps.dates()).financiamentoBody, await jsonBody(c.req.raw));
    const row = await setFunding(deps.db, deps.rules, {
      enteId: id,
      actor: c.get('actor'),
      validFrom: body.vigenteDesde as IsoDate,
      kind: body.tipo,
      amount: money(body.valor),
      chronologicalShare: body.parcelaCronologica,
      legalBasis: body.fundamento,
    });
    return c.json(
      {
        ente: id,
        vigenteDesde: row.validFrom,
        tipo: row.kind,
        valor: row.amount.toFixed(2),
        parcelaCronologica: row.chronologicalShare.toString(),
      } satisfies Wire<typeof financiamentoCriadoResponse>,
      201,
    );
  });

  // A staff payment run (`precatorios pagar` through the server): the same use case, the same answer;
  // `/previa` runs it and keeps nothing (what a confirmation would write, refusals included).
  for (const [path, mode] of [
    ['/:id/rodadas-de-pagamento', 'gravar'],
    ['/:id/rodadas-de-pagamento/previa', 'previa'],
  ] as const) {
    app.post(path, requireStaff(deps.staff), async (c) => {
      const id = pathParam(c.req.param('id'), 'id');
      const body = parseOr400(schemasFor(deps.dates()).rodadaBody, await jsonBody(c.req.raw));
      // Refusals name the ente as every /entes route does: the path's `id`.
      const plan = await runPayment(
        deps.db,
        { enteId: id, availableBrl: money(body.valor), paidOn: (body.data ?? deps.today()) as IsoDate, actor: c.get('actor') },
        deps.rules,
        undefined,
        deps.correctionRules,
        'id',
        mode,
      );
      return c.json(paymentRunJson(plan) satisfies Wire<typeof rodadaResponse>, mode === 'gravar' && plan.items.length > 0 ? 201 : 200);
    });
  }

  // Staff: what `precatorios simular` reads, for the CLI through the server (personal data: never
  // cached, and logged like the exports). The same use case projects it, in the CLI.
  app.get('/:id/dados-da-simulacao', requireStaff(deps.staff), async (c) => {
    const id = pathParam(c.req.param('id'), 'id');
    const input = await simulationInput(deps.db, id);
    if (!input) throw new ApiError(404, 'nao-encontrado', 'id', `ente ${id} não encontrado`);
    deps.log(`[api] leitura do registro para simulação (com dados pessoais): ente ${id}, ${input.precatorios.length} precatórios, por ${c.get('actor')}`);
    c.header('Cache-Control', 'no-store');
    return c.body(encodeDomain(input), 200, { 'content-type': 'application/json' });
  });

  // Exports of the (masked) public list.
  app.get('/:id/:file{fila\\.(json|csv)}', async (c) => {
    const { data } = parseOr400(schemasFor(deps.dates()).dateQuery, c.req.query());
    const q = await queueOr404(pathParam(c.req.param('id'), 'id'), await published.runDate(c, data));
    const rows = q.order.chronological.map(publicEntry);
    if (c.req.param('file').endsWith('.json')) return c.json({ ente: q.ente.id, data: q.order.runDate, itens: rows } satisfies Wire<typeof filaExportResponse>);
    const header = Object.keys(rows[0] ?? publicEntryHeader) as (keyof ReturnType<typeof publicEntry>)[];
    // `;` and a BOM, as the art. 82 account's CSV: pt-BR spreadsheets open it in columns, accents intact (issue 18 §2).
    const body = `\uFEFF${toCsv([header, ...rows.map((r) => header.map((h) => String(r[h] ?? '')))], ';')}`;
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="fila-${q.ente.id}-${q.order.runDate}.csv"`,
    });
  });

  // Staff export WITH personal data (names, CPF/CNPJ, birth and illness dates): token required, never
  // cached, and each export is logged with who asked (LGPD art. 37: a record of the processing).
  app.get('/:id/:file{fila-completa\\.(json|csv)}', requireStaff(deps.staff), async (c) => {
    const { data } = parseOr400(schemasFor(deps.dates()).dateQuery, c.req.query());
    const q = await queueOr404(pathParam(c.req.param('id'), 'id'), data ?? deps.today());
    const rows = staffExportRows(q);
    const csv = c.req.param('file').endsWith('.csv');
    deps.log(`[api] exportação com dados pessoais: ente ${q.ente.id}, ${rows.length} beneficiários, ${csv ? 'CSV' : 'JSON'}, por ${c.get('actor')}`);
    c.header('Cache-Control', 'no-store');
    if (!csv) return c.json({ ente: q.ente.id, data: q.order.runDate, itens: rows } satisfies Wire<typeof filaCompletaResponse>);
    const body = toCsv([[...STAFF_EXPORT_COLUMNS], ...rows.map((r) => STAFF_EXPORT_COLUMNS.map((h) => r[h]))]);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="fila-completa-${q.ente.id}-${q.order.runDate}.csv"`,
    });
  });

  return app;
}

const publicEntryHeader = {
  posicao: 0,
  numero: '',
  orcamento: 0,
  natureza: '',
  status: '',
  apresentacao: '',
  ordemPublicada: 0,
  valorRequisitado: '',
  saldo: '',
  superpreferencia: '',
  remanescente: '',
  explicacao: '',
};
