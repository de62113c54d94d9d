import { Hono } from 'hono';
import type { z } from 'zod';
import type { IsoDate, YearMonth } from '../../domain/dates.ts';
import { correct, isModulated } from '../../domain/correction/index.ts';
import { describeCorrectionError } from '../../domain/correction/messages.ts';
import { correctionJson } from '../../domain/correction/to-json.ts';
import type { Precatorio } from '../../domain/precatorio.ts';
import { saldoOf } from '../../domain/precatorio.ts';
import type { EnteQueue } from '../../app/payment-order-cache.ts';
import { money, toDecimalString } from '../../domain/money.ts';
import { PARTY_WRITE_SCHEMA, type PartyWriteKind, partyWrite } from '../../app/party-writes.ts';
import { findPrecatorio } from '../../storage/registry-store.ts';
import { PrecatorioExtrasCache } from '../../app/precatorio-extras.ts';
import { componentsJson, liquidationJson, owedForLookup } from '../../app/liquidation.ts';
import { itemLiquidationOf } from '../../domain/liquidation/index.ts';
import { cancelRegisteredPrecatorio, grantPrecatorioSuperpreference, payPrecatorio, revokePrecatorioSuperpreference } from '../../app/staff-writes.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { publishedRun } from '../published-run.ts';
import { ApiError } from '../errors.ts';
import { jsonBody, parseOr400, pathParam, schemasFor } from '../schemas.ts';
import { publicEntry, publicPrecatorio, registeredPartsOf } from '../serialize.ts';
import { paymentLinesJson } from '../../storage/party-writes.ts';
import { payeeTaxOf, withholdingJson } from '../withholding-json.ts';
import { paymentDocument } from '../../app/payment-document.ts';
import { paymentDocumentCsv, paymentDocumentHtml } from '../../app/payment-document-render.ts';
import { type FeedEntry, precatorioFeed } from '../atom-feed.ts';
import type {
  Wire,
  consultaResponse,
  documentoPagamentoResponse,
  escritaPrecatorioResponse,
  mudancasResponse,
  pagamentoResponse,
} from '../response-schemas.ts';
import {
  MUDANCAS_DEFAULT_DAYS,
  dailyPositionChanges,
  daysBefore,
  describeChange,
  describeMove,
  positionChanges,
  positionChangesJson,
} from '../../app/position-changes.ts';

type Schemas = ReturnType<typeof schemasFor>;
/** What every staff write on a precatório names: which one, who, and the version the client saw. */
interface WriteTarget {
  readonly numero: string;
  readonly actor: string;
  readonly expectedVersion: number | undefined;
}

/** Event kinds in words, for the public history of a position. */
const EVENT_TEXT: Record<string, string> = {
  importado: 'registrado na lista (importação)',
  reimportado: 'dados atualizados por nova importação',
  'pagamento-cronologica': 'pagamento na ordem cronológica (a posição se mantém)',
  'pagamento-superpreferencia': 'pagamento de parcela superpreferencial (o restante mantém a posição)',
  'pagamento-acordo': 'pagamento por acordo direto',
  cessao: 'cessão de crédito (a posição se mantém; o cessionário não tem superpreferência)',
  'cessao-fracao': 'cessão de parte do crédito (a posição se mantém; o cessionário não tem superpreferência)',
  penhora: 'penhora averbada sobre o crédito (a posição se mantém; o valor é remetido ao juízo no pagamento)',
  habilitacao: 'habilitação de herdeiros (a posição se mantém)',
  'superpreferencia-concedida': 'superpreferência reconhecida',
  'superpreferencia-revogada': 'superpreferência revogada',
  cancelado: 'precatório cancelado',
};

/**
 * Events the public history leaves out: a recorded grant or revocation says the creditor's ground is
 * an illness or a disability (age needs no decision, R3.4 §2), and when it was decided — health data
 * (LGPD art. 11). The public sees only what the list shows: that a tranche exists.
 */
const STAFF_ONLY_EVENTS = new Set(['superpreferencia-concedida', 'superpreferencia-revogada']);

export function precatoriosRoutes(deps: AppDeps) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const published = publishedRun(deps);
  const extrasOf = new PrecatorioExtrasCache(deps.db);

  app.get('/:numero', async (c) => {
    const numero = pathParam(c.req.param('numero'), 'numero');
    const query = parseOr400(schemasFor(deps.dates()).lookupQuery, c.req.query());
    const runDate = await published.runDate(c, query.data);
    const isStaff = await published.isStaff(c);
    const located = await deps.queues.locate(numero, runDate);
    if (!located) throw new ApiError(404, 'nao-encontrado', 'numero', `precatório ${numero} não encontrado`);
    const q = located.queue;
    const index = located.index;
    const entry = index === undefined ? undefined : q.order.chronological[index];
    // Paid and cancelled precatórios are not in the list: read them directly.
    const found = entry ? { precatorio: entry.item } : located.precatorio ? { precatorio: located.precatorio } : await findPrecatorio(deps.db, numero);
    if (!found) throw new ApiError(404, 'nao-encontrado', 'numero', `precatório ${numero} não encontrado`);
    const events = isStaff ? located.events : located.events.filter((e) => !STAFF_ONLY_EVENTS.has(e.kind));
    const extras = await extrasOf.get(found.precatorio.numero, located.precatorioVersion);
    const correction = await correctedValue(deps, found.precatorio, q, entry?.key.budgetYear, query.ate ?? (runDate.slice(0, 7) as YearMonth));
    return c.json({
      data: runDate,
      // The version is for staff writes (optimistic concurrency); publicly, a version that moves with
      // no event in the public history would tell that a hidden (superpreference) decision was made.
      versao: isStaff ? located.precatorioVersion : null,
      precatorio: publicPrecatorio(found.precatorio, registeredPartsOf(extras.parties)),
      ente: {
        id: q.ente.id,
        nome: q.ente.nome,
        regime: q.ente.regime,
        tetoRpv: toDecimalString(q.rpvCeilingBrl),
        tetoSuperpreferencia: toDecimalString(q.order.superpreferenceCapBrl),
      },
      posicao: entry
        ? {
            ...publicEntry(entry),
            totalNaFila: q.order.chronological.length,
            // Paid before this precatório's remainder: every superpreference tranche of the ente, then the
            // remainders of the positions ahead (R3.8).
            valorAFrente: {
              superpreferencias: toDecimalString(q.superpreferenceTotalBrl.minus(entry.superpreferenceBrl)),
              cronologica: toDecimalString(q.remaindersBefore[index!]!),
              total: toDecimalString(q.superpreferenceTotalBrl.minus(entry.superpreferenceBrl).plus(q.remaindersBefore[index!]!)),
            },
            parcelasSuperpreferenciais: (q.tranchesOf.get(numero) ?? []).map((t) => ({ posicao: t.position, valor: toDecimalString(t.amountBrl) })),
          }
        : null,
      valorCorrigido: correction,
      historico: events.map((e) => ({ em: e.at, tipo: e.kind, descricao: EVENT_TEXT[e.kind] ?? e.kind })),
      // The precatório's own payments (issue 18 §1): date, kind and gross are public (art. 82 publishes
      // them per ente). Withholdings and net only to staff: an IRRF of zero under ISENTO can mean a
      // serious illness (L7713 art. 6 XIV) — health data (LGPD art. 11).
      pagamentos: extras.payments.map((p) => ({
        pagoEm: p.paidOn,
        tipo: p.kind,
        bruto: p.gross,
        retencoes: isStaff && p.irrf !== null ? { irrf: p.irrf, previdencia: p.previdencia } : null,
        liquido: isStaff ? p.net : null,
      })),
    } satisfies Wire<typeof consultaResponse>);
  });

  /**
   * Why the position changed (issue 18 §1): today's published list against the one published at the
   * end of `desde` (default: MUDANCAS_DEFAULT_DAYS before), each move with its reason, counted —
   * never a número or a person. Public, and `desde` free: the answer depends on it only through
   * events whose dates every public history already shows (app/position-changes.ts).
   */
  app.get('/:numero/mudancas', async (c) => {
    const numero = pathParam(c.req.param('numero'), 'numero');
    const query = parseOr400(schemasFor(deps.dates()).mudancasQuery, c.req.query());
    const today = deps.today();
    const answer = await positionChanges(deps, numero, today, (query.desde as IsoDate | undefined) ?? daysBefore(today, MUDANCAS_DEFAULT_DAYS));
    if (!answer) throw new ApiError(404, 'nao-encontrado', 'numero', `precatório ${numero} não encontrado`);
    return c.json(positionChangesJson(answer) satisfies Wire<typeof mudancasResponse>);
  });

  /**
   * Atom feed of the precatório's public history (issue 18 §1): the same events as the public
   * lookup, never a superpreference decision (STAFF_ONLY_EVENTS), always for the published list.
   */
  app.get('/:numero/feed.atom', async (c) => {
    const numero = pathParam(c.req.param('numero'), 'numero');
    const runDate = deps.today();
    const located = await deps.queues.locate(numero, runDate);
    if (!located) throw new ApiError(404, 'nao-encontrado', 'numero', `precatório ${numero} não encontrado`);
    const events = located.events.filter((e) => !STAFF_ONLY_EVENTS.has(e.kind));
    const path = `/api/precatorios/${encodeURIComponent(numero)}`;
    // Each of the last days whose published list moved it (app/position-changes.ts), counted, never named.
    // A day it entered the list is the import's own entry; only moves of a precatório already listed are entries here.
    const days = ((await dailyPositionChanges(deps, numero, runDate)) ?? []).filter((d) => d.change.positionBefore !== undefined);
    const moves: FeedEntry[] = days.map((d) => ({
      at: d.lastChangeAt ?? `${d.data}T00:00:00-03:00`,
      kind: 'mudanca-de-posicao',
      id: `posicao:${d.data}`,
      text: describeChange(d, runDate),
      content: [describeChange(d, runDate), ...d.change.moves.map((m) => `${describeMove(m)}.`)].join(' '),
    }));
    const body = precatorioFeed({
      numero,
      selfHref: `${path}/feed.atom`,
      pageHref: `/#/consulta/${encodeURIComponent(numero)}`,
      listDate: runDate,
      entries: [...events.map((e) => ({ at: e.at, kind: e.kind, text: EVENT_TEXT[e.kind] ?? e.kind })), ...moves],
    });
    return c.body(body, 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });

  const staff = requireStaff(deps.staff);
  /**
   * One staff write on a precatório: the body checked by its schema, then its use case
   * (app/staff-writes.ts) given the número, the authenticated actor and the version the client saw
   * (optimistic lock), answering the precatório as it is after the write.
   */
  const staffWrite = <T extends { readonly versao?: number | undefined }>(
    path: `/:numero/${string}`,
    schemaOf: (schemas: Schemas) => z.ZodType<T>,
    status: 200 | 201,
    write: (target: WriteTarget, body: T) => Promise<{ precatorio: Precatorio; version: number }>,
  ) =>
    app.post(path, staff, async (c) => {
      const body = parseOr400(schemaOf(schemasFor(deps.dates())), await jsonBody(c.req.raw));
      const target = { numero: pathParam(c.req.param('numero') ?? '', 'numero'), actor: c.get('actor'), expectedVersion: body.versao };
      const r = await write(target, body);
      return c.json({ versao: r.version, precatorio: publicPrecatorio(r.precatorio) } satisfies Wire<typeof escritaPrecatorioResponse>, status);
    });

  app.post('/:numero/pagamentos', staff, async (c) => {
    const body = parseOr400(schemasFor(deps.dates()).pagamentoBody, await jsonBody(c.req.raw));
    const r = await payPrecatorio(
      deps.db,
      {
        numero: pathParam(c.req.param('numero'), 'numero'),
        actor: c.get('actor'),
        expectedVersion: body.versao,
        beneficiarioId: body.beneficiarioId,
        amountBrl: money(body.valor),
        kind: body.tipo,
        paidOn: body.pagoEm as IsoDate,
        payeeTax: body.retencao && payeeTaxOf(body.retencao),
      },
      { rules: deps.rules, env: await deps.corrections.env() },
    );
    // A payment answers its liquidation too (R6.1): owed on the date, components, what stays open.
    return c.json(
      {
        versao: r.version,
        pagamento: r.paymentId,
        precatorio: publicPrecatorio(r.precatorio),
        liquidacao: r.liquidation ? liquidationJson(itemLiquidationOf(r.liquidation)) : null,
        retencao: r.withholding ? withholdingJson(r.withholding) : null,
        // R6.21: who is paid out of the gross (lawyer, cessionários, penhoras, titular); null when only the titular.
        linhas: r.lines ? paymentLinesJson(r.lines) : null,
        // R6.6: why no withholding was recorded (face value, facts not registered: NM, regime).
        retencaoNaoCalculada: r.withholdingMotivo ?? null,
        pagoPeloValorDeFace: r.faceMotivo ?? null,
      } satisfies Wire<typeof pagamentoResponse>,
      201,
    );
  });

  // The payment document per beneficiary (R6.20): staff only (name, CPF), never cached, each read logged.
  app.get('/:numero/pagamentos/:pagamento/documento', staff, async (c) => {
    const formato = c.req.query('formato') ?? 'json';
    if (formato !== 'json' && formato !== 'csv' && formato !== 'html')
      throw new ApiError(400, 'entrada-invalida', 'formato', 'formato deve ser json, csv ou html');
    const numero = pathParam(c.req.param('numero'), 'numero');
    const doc = await paymentDocument(deps.db, numero, pathParam(c.req.param('pagamento'), 'pagamento'), deps.rules);
    deps.log(`[api] documento de pagamento com dados pessoais: ${numero}, pagamento ${doc.identificacao.pagamento}, ${formato}, por ${c.get('actor')}`);
    c.header('Cache-Control', 'no-store');
    if (formato === 'json') return c.json(doc satisfies Wire<typeof documentoPagamentoResponse>);
    const name = `pagamento-${doc.identificacao.pagamento}`;
    return formato === 'csv'
      ? c.body(paymentDocumentCsv(doc), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` })
      : c.body(paymentDocumentHtml(doc), 200, { 'content-type': 'text/html; charset=utf-8' });
  });

  // The parties of a credit (R6.16–R6.18): one body contract and one mapping (app/party-writes.ts), shared with the CLI.
  const partyRoute = <K extends PartyWriteKind>(kind: K) =>
    staffWrite(`/:numero/${kind}`, PARTY_WRITE_SCHEMA[kind], 201, (target, body) => partyWrite(deps.db, kind, target, body));
  partyRoute('cessoes');
  partyRoute('penhoras');
  partyRoute('habilitacoes');

  staffWrite(
    '/:numero/superpreferencias',
    (s) => s.superpreferenciaBody,
    201,
    (target, body) =>
      grantPrecatorioSuperpreference(deps.db, {
        ...target,
        beneficiarioId: body.beneficiarioId,
        ground: body.motivo,
        grantedOn: body.concedidaEm as IsoDate,
      }),
  );

  staffWrite(
    '/:numero/superpreferencias/revogacao',
    (s) => s.revogacaoBody,
    200,
    (target, body) => revokePrecatorioSuperpreference(deps.db, { ...target, beneficiarioId: body.beneficiarioId, revokedOn: body.revogadaEm as IsoDate }),
  );

  staffWrite(
    '/:numero/cancelamento',
    (s) => s.cancelamentoBody,
    200,
    (target, body) => cancelRegisteredPrecatorio(deps.db, { ...target, motivo: body.motivo }),
  );

  return app;
}

/**
 * The open balance corrected from the data-base to `target` (R5), with its memória de cálculo.
 * The balance is taken as money of the data-base month: payments are not yet split by date
 * (R5.15 is a later step), which is exact for precatórios without partial payments.
 */
async function correctedValue(deps: AppDeps, p: Precatorio, q: EnteQueue, budgetYear: number | undefined, target: YearMonth) {
  if (!p.dataBase) return { erro: 'sem data-base registrada: não é possível corrigir o valor' };
  const env = await deps.corrections.env();
  if (!env) return { erro: 'índices ainda não carregados no registro (precatorios indices importar <pasta> ou indices sincronizar)' };
  const saldo = p.beneficiarios.reduce((acc, b) => acc.plus(saldoOf(b)), money('0'));
  const result = correct(
    saldo,
    p.dataBase,
    target,
    {
      natureza: p.natureza,
      tributario: p.tributario,
      modulated: isModulated(p, env.rules),
      esfera: q.ente.esfera,
      budgetYear,
    },
    env,
  );
  if (!result.ok) return { erro: describeCorrectionError(result.error) };
  // With liquidated payments the balance is A − B (R5.15): each payment corrected from its own month.
  const liquidated = await owedForLookup(deps.db, { ...p, dataBase: p.dataBase }, q.ente, deps.rules, target, env);
  if (liquidated && 'erro' in liquidated) return liquidated;
  if (!liquidated) return correctionJson(result.value);
  return {
    ...correctionJson(result.value),
    provisorio: result.value.provisional || liquidated.provisional,
    componentes: componentsJson(liquidated.components),
    total: liquidated.totalBrl.toFixed(2),
    metodo:
      'valor de face em aberto corrigido desde a data-base (memória), e o devido = valor de face corrigido menos os pagamentos corrigidos desde o mês em que foram calculados (R5.15)',
    pagamentosCorrigidos: liquidated.paymentsCorrectedBrl.toFixed(2),
  };
}
