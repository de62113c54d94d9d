import { Hono } from 'hono';
import { z } from 'zod';
import { type CourtTimestamp, type IsoDate, type YearMonth, differenceInCalendarMonths, firstDayOf, isYearMonth, monthOf, yearOf } from '../../domain/dates.ts';
import type { EnteDevedor } from '../../domain/ente.ts';
import type { SupportedDates } from '../../domain/supported-dates.ts';
import { Dec, ZERO, money } from '../../domain/money.ts';
import type { Precatorio } from '../../domain/precatorio.ts';
import {
  DEFAULT_PROJECTION_RATES,
  DEFAULT_SIMULATION_CONFIG,
  type SimulationConfig,
  type EnteFunding,
  type FundingSource,
  SCENARIO_ITEMS_MAX,
  SIMULATION_MONTHS_MAX,
  type Scenario,
  describeSimulationError,
  publicEvents,
  publicMonths,
  publicProjections,
  publicYears,
  requestedFunding,
} from '../../domain/simulation/index.ts';
import type { RuleBook } from '../../domain/rule-book.ts';
import { chronologicalShareProblem } from '../../domain/rules/chronological-share.ts';
import { ruleInForce } from '../../domain/rules/timeline.ts';
import { ADCT102_DESAGIO_MAX } from '../../domain/acordos.ts';
import { loadEc136Rules } from '../../rules/load-ec136.ts';
import { projectFromRegistry, simulationInput, startBalancesOf } from '../../app/projection.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../errors.ts';
import { publishedRun } from '../published-run.ts';
import { DECIMAL, MONEY_TEXT, dateIn, decimalIn, freeText, identifierText, jsonBody, moneyText, monthIn, numeroText, parseOr400, yearIn } from '../schemas.ts';
import type { Wire, simulacaoResponse } from '../response-schemas.ts';

/**
 * Rates a projection may assume, in % a year (IPCA, SELIC, funding and RCL growth): −50 to +100.
 * Annual IPCA since the Real (1995–2024) stayed between 1.65 % and 22.41 %, and SELIC peaked at 45 %
 * (1999); the band takes any scenario a user can mean while keeping 1 + r/100 ≥ 0.5, so monthly
 * factors stay positive and well-defined (−100 % made them zero: a 500).
 */
const annualRatePct = decimalIn('-50', '100', '% ao ano: de −50 a +100');
/** A share of revenue (RCL) or of the funding: 0 to 100 %. */
const sharePct = decimalIn('0', '100', 'percentual de 0 a 100');
/** A scenario's change of funding: above −100 % (no funding at all is no projection) up to eleven times (+1 000 %), as the core checks. */
const fundingChangePct = decimalIn('-100', '1000', 'variação acima de −100 % e até +1 000 %', { minExclusive: true });
/** The chronological share's form; its legal minimum depends on the first month (checked with it below, R7.5). */
const fractionText = decimalIn('0', '1', 'fração de 0 a 1');

/**
 * Amounts of a projection: the projection counts centavos in float64, exact up to 2^53; an amount
 * entering every month of the longest horizon stays exact below 2^53 / 100 / SIMULATION_MONTHS_MAX
 * reais (about R$ 150 bilhões) — and the largest Brazilian budget is well under it. Above that a
 * huge `novosPorAno.valorTotal` made a 500.
 */
const SIMULATION_AMOUNT_MAX_BRL = Math.floor(Number.MAX_SAFE_INTEGER / 100 / SIMULATION_MONTHS_MAX);
const simulationMoney = moneyText.refine(
  (t) => !MONEY_TEXT.test(t) || new Dec(t).lessThanOrEqualTo(SIMULATION_AMOUNT_MAX_BRL),
  `valor acima de ${SIMULATION_AMOUNT_MAX_BRL} reais, o maior que a projeção conta ao centavo`,
);

/** POST /api/simulacoes on one day's supported ranges (domain/supported-dates.ts). */
const bodies = new WeakMap<SupportedDates, ReturnType<typeof simulacaoBodyFor>>();
function simulacaoBodyOf(dates: SupportedDates, rules: RuleBook) {
  let body = bodies.get(dates);
  if (!body) bodies.set(dates, (body = simulacaoBodyFor(dates, rules)));
  return body;
}

export function simulacaoBodyFor(d: SupportedDates, rules: RuleBook) {
  const financiamentoBody = z.discriminatedUnion('tipo', [
    z.strictObject({
      tipo: z.literal('dotacao-anual'),
      valor: simulationMoney,
      parcelaCronologica: fractionText.optional(),
      crescimentoAnualPct: annualRatePct.optional(),
    }),
    z.strictObject({
      tipo: z.literal('deposito-mensal'),
      valor: simulationMoney,
      parcelaCronologica: fractionText.optional(),
      crescimentoAnualPct: annualRatePct.optional(),
    }),
    z.strictObject({
      tipo: z.literal('percentual-rcl'),
      percentual: sharePct,
      parcelaCronologica: fractionText.optional(),
      crescimentoAnualPct: annualRatePct.optional(),
    }),
  ]);

  const novosBody = z.strictObject({
    quantidade: z.number().int().min(0).max(20_000),
    valorTotal: simulationMoney,
    fracaoAlimentar: decimalIn('0', '1', 'fração de 0 a 1').default('0.5'),
  });

  const extraBody = z.strictObject({
    numero: numeroText,
    natureza: z.enum(['alimentar', 'comum']),
    valor: simulationMoney,
    apresentadoEm: dateIn(d.cenario),
  });

  const cenarioBody = z.strictObject({
    nome: freeText(120, 1).default('cenário'),
    variacaoFinanciamentoPct: fundingChangePct.optional(),
    tetoRpv: z.strictObject({ valor: simulationMoney, desde: monthIn(d.fimSimulacao) }).optional(),
    superpreferencias: z
      .array(
        z.strictObject({
          numero: numeroText,
          // Omitted: the precatório's first beneficiary who is not a cessionário (the desk's lever).
          beneficiarioId: identifierText(120).optional(),
          motivo: z.enum(['doenca-grave', 'deficiencia']),
          desde: dateIn(d.cenario),
        }),
      )
      .max(SCENARIO_ITEMS_MAX)
      .optional(),
    precatoriosExtras: z.array(extraBody).max(1000).optional(),
    novosPorAno: novosBody.optional(),
  });

  return z
    .strictObject({
      enteId: identifierText(120),
      de: monthIn(d.inicioSimulacao).optional(),
      ate: monthIn(d.fimSimulacao).optional(),
      financiamento: financiamentoBody.optional(),
      rcl: z
        .strictObject({
          valorAnual: simulationMoney,
          anoBase: yearIn({ ...d.orcamento, until: yearOf(d.fimSimulacao.until) }).optional(),
          crescimentoAnualPct: annualRatePct.optional(),
        })
        .optional(),
      tetoEc136PctRcl: sharePct.optional(),
      /** The deságio expected in acordos diretos (a named assumption, R7.6–R7.7); default ADCT 102 §1's 40 %. */
      desagioAcordo: decimalIn('0', '0.4', 'fração de 0 a 0,40 (ADCT art. 102 §1º: deságio de no máximo 40 %)').optional(),
      novosPorAno: novosBody.optional(),
      premissas: z
        .strictObject({ ipcaAnualPct: annualRatePct.optional(), selicAnualPct: annualRatePct.optional(), corrigirSaldos: z.boolean().default(true) })
        .optional(),
      cenario: cenarioBody.optional(),
      /** Only these números in `precatorios.itens` (a creditor asking about their own). */
      numeros: z.array(numeroText).max(1000).optional(),
      pagina: z.number().int().min(1).max(100_000).default(1),
      tamanho: z.number().int().min(1).max(500).default(50),
      detalharMeses: z.boolean().default(false),
    })
    .superRefine((body, ctx) => {
      // The horizon: `ate` not before `de`, and at most SIMULATION_MONTHS_MAX months (defaults as the route fills them).
      const from = body.de ?? monthOf(d.today);
      const until = body.ate ?? (`${yearOf(from) + 10}-12` as YearMonth);
      const months = differenceInCalendarMonths(until, from) + 1;
      if (months < 1) ctx.addIssue({ code: 'custom', path: ['ate'], message: `o mês final ${until} é anterior ao inicial ${from}` });
      // The share's legal minimum is the one in force at `de` (R7.5). Refinements run even when a
      // field failed: a malformed `de` or share is already reported, and is not read here.
      const share = body.financiamento?.parcelaCronologica;
      const minimum = isYearMonth(from) ? ruleInForce(rules.chronologicalShareMinimum, firstDayOf(from)) : undefined;
      const shareProblem = share !== undefined && DECIMAL.test(share) && minimum && chronologicalShareProblem(new Dec(share), minimum);
      if (shareProblem) ctx.addIssue({ code: 'custom', path: ['financiamento', 'parcelaCronologica'], message: shareProblem });
      else if (months > d.horizonteMeses)
        ctx.addIssue({ code: 'custom', path: ['ate'], message: `de ${from} a ${until} são ${months} meses; a projeção vai até ${d.horizonteMeses}` });
    });
}
type SimulacaoBody = z.infer<ReturnType<typeof simulacaoBodyFor>>;

const EVENTS_IN_RESPONSE_MAX = 200;
/**
 * A public request projects the published list (issue 15 §4): whoever has a tranche in today's list
 * has it from the first month, whatever `de` says; future birthdays are not projected (a tranche
 * starting in a given month would tell when a named creditor turns 60) and no personal date reaches
 * the projection at all (`publishedView`). Scenario grants count from the date the client gives, and
 * name beneficiaries by their public id. Staff (a valid token) project the registry itself: ages
 * checked on each run (R3.2), court ids.
 */
const PUBLIC_CONFIG: SimulationConfig = { ...DEFAULT_SIMULATION_CONFIG, superpreferenceGrounds: 'PUBLISHED' };

export function simulacoesRoutes(deps: AppDeps) {
  // The EC 136 tiers (data/rules/ec136-*.csv), read once: a registered RCL sets the projection's cap (R7.8).
  const ec136Rules = loadEc136Rules();
  const app = new Hono();
  const published = publishedRun(deps);

  app.post('/', async (c) => {
    const body = parseOr400(simulacaoBodyOf(deps.dates(), deps.rules), await jsonBody(c.req.raw));
    const staff = await published.isStaff(c);
    const from = body.de ?? (deps.today().slice(0, 7) as YearMonth);
    const until = body.ate ?? (`${Number(from.slice(0, 4)) + 10}-12` as YearMonth);
    const corrigir = body.premissas?.corrigirSaldos ?? true;
    const projected = await projectFromRegistry(
      (id) => simulationInput(deps.db, id),
      {
        enteId: body.enteId,
        from,
        until,
        funding: ({ ente, inForce }) => fundingOf(body, ente, inForce, from, deps.rules),
        scenario: (ente) => scenarioOf(body, ente.id, ente.regime),
        rates: corrigir
          ? {
              ipcaPctYear: body.premissas?.ipcaAnualPct ? new Dec(body.premissas.ipcaAnualPct) : DEFAULT_PROJECTION_RATES.ipcaPctYear,
              selicPctYear: body.premissas?.selicAnualPct ? new Dec(body.premissas.selicAnualPct) : undefined,
            }
          : undefined,
        view: staff ? 'registro' : 'publicada',
        config: staff ? DEFAULT_SIMULATION_CONFIG : PUBLIC_CONFIG,
        eventsMax: EVENTS_IN_RESPONSE_MAX,
      },
      {
        rules: deps.rules,
        ec136Rules,
        publishedRun: deps.today(),
        // Registered balances brought to the first month with the imported indices, when there are any.
        correction: () => deps.corrections.env(),
        // The first month pays what a payment run that day pays (issue 16 §1, R6.1).
        startBalances: startBalancesOf(deps.db, deps.rules, deps.correctionRules),
      },
    );
    if (!projected.ok) {
      const f = projected.error;
      if (f.kind === 'ente-desconhecido') throw new ApiError(404, 'nao-encontrado', 'enteId', `ente ${body.enteId} não encontrado`);
      if (f.kind === 'sem-financiamento')
        throw new ApiError(
          422,
          'sem-financiamento',
          'financiamento',
          `o ente ${f.enteId} não tem financiamento cadastrado; informe "financiamento" (dotação anual, depósito mensal ou % da RCL)`,
        );
      throw new ApiError(422, 'simulacao-invalida', null, describeSimulationError(f.error));
    }
    const { ente, funding, excluded } = projected.value;
    for (const x of excluded) deps.log(`[simulação] precatório ${x.numero} do ente ${ente.id} fora da projeção (corrija o registro): ${x.reason}`);
    const p = projected.value.projection;
    const wanted = body.numeros ? new Set(body.numeros) : undefined;
    const itens = publicProjections(p.baseline, p.comparison).filter((x) => !wanted || wanted.has(x.numero));
    const start = (body.pagina - 1) * body.tamanho;
    return c.json({
      ente: { id: ente.id, nome: ente.nome, esfera: ente.esfera, regime: ente.regime },
      de: from,
      ate: until,
      premissas: p.assumptions,
      financiamento: publicFunding(funding),
      foraDaLista: excluded.map((x) => x.numero),
      correcaoInicial: { corrigidos: p.baseline.startCorrection.corrected, naoCorrigidos: p.baseline.startCorrection.uncorrected },
      anos: publicYears(p.baseline),
      meses: body.detalharMeses ? publicMonths(p.baseline) : null,
      precatorios: { total: itens.length, pagina: body.pagina, tamanho: body.tamanho, itens: itens.slice(start, start + body.tamanho) },
      eventos: publicEvents(p.baseline, EVENTS_IN_RESPONSE_MAX),
      cenario:
        p.scenario && p.comparison
          ? { nome: p.scenarioName, resumo: p.comparison.counts, mediaMeses: p.comparison.meanShiftMonths, anos: publicYears(p.scenario) }
          : null,
    } satisfies Wire<typeof simulacaoResponse>);
  });

  return app;
}

function fundingOf(body: SimulacaoBody, ente: EnteDevedor, inForce: EnteFunding | undefined, from: YearMonth, rules: RuleBook): EnteFunding | undefined {
  const f = body.financiamento;
  let funding: EnteFunding | undefined;
  if (f) {
    const source: FundingSource =
      f.tipo === 'dotacao-anual'
        ? { kind: f.tipo, annualBrl: money(f.valor) }
        : f.tipo === 'deposito-mensal'
          ? { kind: f.tipo, monthlyBrl: money(f.valor) }
          : { kind: f.tipo, pctOfRcl: new Dec(f.percentual) };
    funding = requestedFunding(ente, source, from, rules, {
      share: f.parcelaCronologica ? new Dec(f.parcelaCronologica) : undefined,
      growthPctYear: f.crescimentoAnualPct ? new Dec(f.crescimentoAnualPct) : undefined,
    });
  } else {
    funding = inForce;
  }
  if (!funding) return undefined;
  const novos = body.novosPorAno;
  return {
    ...funding,
    rcl: body.rcl
      ? {
          baseYear: body.rcl.anoBase ?? Number(from.slice(0, 4)),
          annualBrl: money(body.rcl.valorAnual),
          growthPctYear: new Dec(body.rcl.crescimentoAnualPct ?? '0'),
        }
      : undefined,
    ec136CapPctOfRcl: body.tetoEc136PctRcl ? new Dec(body.tetoEc136PctRcl) : undefined,
    acordoDesagio: body.desagioAcordo ? new Dec(body.desagioAcordo) : funding.acordoDesagio,
    newPrecatorios: novos ? { perYear: novos.quantidade, totalBrlPerYear: money(novos.valorTotal), alimentarShare: new Dec(novos.fracaoAlimentar) } : undefined,
  };
}

function scenarioOf(body: SimulacaoBody, enteId: string, regime: 'geral' | 'especial'): Scenario | undefined {
  const c = body.cenario;
  if (!c) return undefined;
  const extra = (c.precatoriosExtras ?? []).map((x): Precatorio => {
    const valor = money(x.valor);
    return {
      numero: x.numero,
      enteId,
      regime,
      natureza: x.natureza,
      tributario: false,
      apresentacao: { kind: 'registrada', apresentadoEm: `${x.apresentadoEm}T12:00:00.000-03:00` as CourtTimestamp },
      expedidoEm: x.apresentadoEm as IsoDate,
      dataBase: x.apresentadoEm.slice(0, 7) as YearMonth,
      valorRequisitadoBrl: valor,
      status: 'ativo',
      beneficiarios: [
        { id: `${x.numero}#1`, credorId: `${x.numero}#1`, titularidade: 'originario', valorBrl: valor, pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO },
      ],
    };
  });
  return {
    name: c.nome,
    fundingChangePct: c.variacaoFinanciamentoPct ? new Dec(c.variacaoFinanciamentoPct) : undefined,
    rpvCeiling: c.tetoRpv ? { amountBrl: money(c.tetoRpv.valor), from: c.tetoRpv.desde as YearMonth } : undefined,
    superpreferenceGrants: (c.superpreferencias ?? []).map((g) => ({
      numero: g.numero,
      beneficiarioId: g.beneficiarioId,
      ground: g.motivo,
      since: g.desde as IsoDate,
    })),
    extraPrecatorios: extra,
    newPrecatorios: c.novosPorAno
      ? { perYear: c.novosPorAno.quantidade, totalBrlPerYear: money(c.novosPorAno.valorTotal), alimentarShare: new Dec(c.novosPorAno.fracaoAlimentar) }
      : undefined,
  };
}

function publicFunding(f: EnteFunding) {
  const s = f.source;
  return {
    tipo: s.kind,
    valor: s.kind === 'dotacao-anual' ? s.annualBrl.toFixed(2) : s.kind === 'deposito-mensal' ? s.monthlyBrl.toFixed(2) : null,
    percentualRcl: s.kind === 'percentual-rcl' ? s.pctOfRcl.toString() : null,
    parcelaCronologica: f.chronologicalShare.toString(),
    crescimentoAnualPct: f.growthPctYear.toString(),
    tetoEc136PctRcl: f.ec136CapPctOfRcl?.toString() ?? null,
    desagioAcordoEsperado: (f.acordoDesagio ?? ADCT102_DESAGIO_MAX).toString(),
    saldoInicial: f.openingBalance
      ? { data: f.openingBalance.date, cronologica: f.openingBalance.chronological.toFixed(2), acordos: f.openingBalance.acordos.toFixed(2) }
      : null,
  };
}
