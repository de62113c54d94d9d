import { Hono, type MiddlewareHandler } from 'hono';
import { storeIndexSeries, storeSeriesBody } from '../app/index-series.ts';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { IsoDate } from '../domain/dates.ts';
import { isIndexName } from '../domain/indices/index-names.ts';
import { seriesPoints } from '../domain/indices/series.ts';
import type { CorrectionRules } from '../domain/correction/index.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { type SupportedDates, supportedDates } from '../domain/supported-dates.ts';
import type { RpvLaw } from '../domain/rules/rpv.ts';
import type { Timeline } from '../domain/rules/timeline.ts';
import type { Db } from '../storage/db.ts';
import { RegistryIndexStore } from '../indices/snapshot.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import { SqlIndexStore } from '../storage/sql-index-store.ts';
import { type LocalStaff, type StaffAuth, requireStaff, staffAuth } from './auth.ts';
import { ApiError, errorHandler } from './errors.ts';
import { jsonBody, parseOr400 } from './schemas.ts';
import { CorrectionService } from '../app/correction-environment.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';
import { QueueService } from '../app/payment-order-cache.ts';
import { RegistryStatus } from './registry-status.ts';
import { type RateLimits, rateLimiter } from './rate-limit.ts';
import { backupRoutes } from './routes/backup.ts';
import { entesRoutes } from './routes/entes.ts';
import { acordosRoutes } from './routes/acordos.ts';
import { contaEspecialRoutes } from './routes/conta-especial.ts';
import { estoqueRoutes } from './routes/estoque.ts';
import { planoEc136Routes } from './routes/plano-ec136.ts';
import { entesCadastroRoutes } from './routes/entes-cadastro.ts';
import { precatoriosRoutes } from './routes/precatorios.ts';
import { simulacoesRoutes } from './routes/simulacoes.ts';
import { usuariosRoutes } from './routes/usuarios.ts';
import { importacoesRoutes } from './routes/importacoes.ts';
import { DEFAULT_IMPORT_MAX_BYTES } from './upload.ts';
import type { Wire, healthResponse, indicesGravadosResponse, serieResponse } from './response-schemas.ts';

export interface AppDeps {
  readonly db: Db;
  readonly rules: RuleBook;
  readonly rpvLaws: ReadonlyMap<string, Timeline<RpvLaw>>;
  /** The run date when a request names none: the shell passes today in Belém. */
  readonly today: () => IsoDate;
  /** The bootstrap administrator's token (PRECATORIOS_ADMIN_TOKEN); named users are in `staff_users`. */
  readonly adminToken: string | undefined;
  readonly staff: StaffAuth;
  readonly queues: QueueService;
  /** Rules of the correction engine (data/rules/correction-*.csv). */
  readonly correctionRules: CorrectionRules;
  /** The shipped index snapshot (data/indices, `servir` passes it): series the registry lacks are read from it. */
  readonly indexSnapshot: readonly IndexSeries[];
  readonly corrections: CorrectionService;
  /** The date ranges supported today (domain/supported-dates.ts): every date a request carries is checked against them. */
  readonly dates: () => SupportedDates;
  readonly log: (message: string) => void;
  /** Origins allowed to call the API from a browser; same-origin always works. */
  readonly corsOrigins: readonly string[];
  /** Demo mark and write probe of the registry (health, the demo header). */
  readonly status: RegistryStatus;
}

/**
 * Largest body of every other route: the biggest legitimate one, a simulation with 1 000 extra
 * precatórios and 1 000 números, is ~200 KB. Parsing 64 MiB of JSON on a public route would be a
 * cheap way to burn the server's CPU.
 */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;
/** Largest backup a restore through the server accepts (administration only, into an empty registry). */
export const RESTORE_BODY_LIMIT_BYTES = 16 * 1024 * 1024 * 1024;

export function createApp(
  input: Omit<AppDeps, 'queues' | 'corrections' | 'dates' | 'staff' | 'log' | 'corsOrigins' | 'status' | 'indexSnapshot'> &
    Partial<Pick<AppDeps, 'log' | 'corsOrigins' | 'indexSnapshot'>> & {
      /** The registry was made from the demo (registry_meta); re-read now and then while false. */
      readonly demo?: boolean;
      /** A PGlite folder, for the health probe's free-space and write checks. */
      readonly dataDir?: string | undefined;
      /** How often the stored index series are re-checked for changes (ms); tests use 0. */
      readonly indexRecheckMs?: number;
      /** Per-client budgets of public requests; none when omitted (`servir` passes DEFAULT_RATE_LIMITS). */
      readonly limites?: RateLimits;
      /** The CLI's credential on this machine, when the server holds a PGlite folder (api/auth.ts). */
      readonly localStaff?: LocalStaff;
      /** Largest CSV of POST /api/importacoes (streamed to disk, never buffered); DEFAULT_IMPORT_MAX_BYTES when omitted. */
      readonly importMaxBytes?: number;
    },
) {
  const log = input.log ?? ((m: string) => console.error(m));
  const deps: AppDeps = {
    log,
    corsOrigins: [],
    ...input,
    indexSnapshot: input.indexSnapshot ?? [],
    queues: new QueueService(input.db, input.rules, input.log ?? ((m) => console.error(m))),
    corrections: new CorrectionService(input.db, input.correctionRules, input.indexRecheckMs, undefined, input.indexSnapshot),
    dates: datesOfToday(input.rules, input.correctionRules, input.today),
    staff: staffAuth(input.db, input.adminToken, input.localStaff),
    status: new RegistryStatus(input.db, input.dataDir, input.demo ?? false, Date.now, log),
  };
  const app = new Hono<{ Variables: { actor: string } }>();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ erro: 'nao-encontrado', campo: null, motivo: `rota ${c.req.method} ${c.req.path} não existe` }, 404));
  app.use('*', secureHeaders());
  app.use('/api/*', crossOrigin(deps.corsOrigins));
  // A registry made from the demo says so on every API answer (set before the route: no response copy).
  app.use('/api/*', async (c, next) => {
    if (await deps.status.isDemo()) c.header('X-Precatorios-Demonstracao', '1');
    return next();
  });
  const limiter = input.limites && rateLimiter(input.limites, deps.staff);
  if (limiter) app.use('/api/*', limiter);
  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, 'corpo-grande-demais', null, `corpo acima de ${maxSize} bytes`);
      },
    });
  const jsonLimit = limitBody(JSON_BODY_LIMIT_BYTES);
  // Import and restore stream their bodies to disk and count them themselves (upload.ts): bodyLimit
  // would hold a body sent without Content-Length in memory, whole, up to its limit.
  const streamed = new Set(['/api/importacoes', '/api/backup/restauracao']);
  // GET and HEAD carry no body: asking for one would make the node adapter build a full Request.
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || streamed.has(c.req.path) ? next() : jsonLimit(c, next)));

  // 503 when writes fail (monitors read the status), with the reason; the body is JSON either way.
  app.get('/api/health', async (c) => {
    const writes = await deps.status.writes();
    const escritas: Wire<typeof healthResponse>['escritas'] = writes.ok ? { ok: true } : { ok: false, tipo: writes.tipo, motivo: writes.motivo };
    return c.json(
      { status: writes.ok ? 'ok' : 'falha', banco: deps.db.kind, demonstracao: await deps.status.isDemo(), escritas } satisfies Wire<typeof healthResponse>,
      writes.ok ? 200 : 503,
    );
  });
  app.get('/api/openapi.json', (c) => c.json(OPENAPI_DOCUMENT));
  app.route('/api/entes', entesRoutes(deps));
  app.route('/api/entes', contaEspecialRoutes(deps));
  app.route('/api', acordosRoutes(deps));
  app.route('/api/entes', estoqueRoutes(deps));
  app.route('/api/entes', planoEc136Routes(deps));
  app.route('/api/entes', entesCadastroRoutes(deps));
  app.route('/api/precatorios', precatoriosRoutes(deps));
  app.route('/api/simulacoes', simulacoesRoutes(deps));
  app.route('/api/usuarios', usuariosRoutes(deps));
  app.route('/api/backup', backupRoutes(deps));

  app.get('/api/indices/:serie', async (c) => {
    const name = c.req.param('serie');
    if (!isIndexName(name)) throw new ApiError(404, 'nao-encontrado', 'serie', `série desconhecida: ${name}`);
    const store = new RegistryIndexStore(new SqlIndexStore(deps.db), deps.indexSnapshot);
    const series = await store.get(name);
    if (!series)
      throw new ApiError(404, 'nao-encontrado', 'serie', `a série ${name} ainda não foi importada (use "precatorios indices importar" ou "sincronizar")`);
    return c.json({
      serie: name,
      unidade: 'percentual ao mês',
      /** `snapshot`: the data/indices series shipped with the product; `registro`: imported or synced. */
      origem: (await store.origin(name))!,
      inicio: series.firstMonth,
      fim: series.lastMonth,
      valores: seriesPoints(series).map((p) => ({ mes: p.month, taxaPct: p.ratePct })),
    } satisfies Wire<typeof serieResponse>);
  });

  // Staff: series validated by `indices importar|sincronizar` (in the CLI), merged into the ones in use in one transaction.
  app.post('/api/indices', requireStaff(deps.staff), async (c) => {
    const body = parseOr400(storeSeriesBody, await jsonBody(c.req.raw));
    const stored = await storeIndexSeries(deps.db, deps.indexSnapshot, body.series, body.aceitarRevisoes === true);
    return c.json(
      { series: stored.map((s) => ({ serie: s.name, inicio: s.firstMonth, fim: s.lastMonth, meses: s.ratesPct.length })) } satisfies Wire<
        typeof indicesGravadosResponse
      >,
      201,
    );
  });

  app.route('/api/importacoes', importacoesRoutes(deps, input.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES));

  return Object.assign(app, { queues: deps.queues });
}

/** The supported ranges of the current day, recomputed only when the day changes. */
function datesOfToday(rules: RuleBook, correction: CorrectionRules, today: () => IsoDate): () => SupportedDates {
  let last: SupportedDates | undefined;
  return () => {
    const day = today();
    if (last?.today !== day) last = supportedDates(rules, correction, day);
    return last;
  };
}

/**
 * The explicit CORS policy, applied to requests that carry an `Origin` (browsers send it on every
 * cross-origin request, preflights included); the others only get `Vary: Origin`, so a cache never
 * hands one kind of answer to the other. Why not `cors()` on every request: it sets headers on
 * `c.res` before the route runs, which makes Hono copy the route's response into a new one
 * (`set res`) and the node adapter then streams that body through a ReadableStream instead of
 * writing the string it already has — on every API answer.
 */
function crossOrigin(origins: readonly string[]): MiddlewareHandler {
  const policy = cors({
    origin: [...origins],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Retry-After', 'X-Precatorios-Demonstracao'],
  });
  return (c, next) => {
    if (c.req.header('origin') !== undefined) return policy(c, next);
    c.header('Vary', 'Origin', { append: true });
    return next();
  };
}
