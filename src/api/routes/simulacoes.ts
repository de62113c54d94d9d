import { Hono } from 'hono';
import { z } from 'zod';
import { type CourtTimestamp, type IsoDate, type YearMonth } from '../../domain/dates.ts';
import { Dec, ZERO, money } from '../../domain/money.ts';
import type { Precatorio } from '../../domain/precatorio.ts';
import {
  DEFAULT_PROJECTION_RATES,
  DEFAULT_SIMULATION_CONFIG,
  type SimulationConfig,
  type EnteFunding,
  type FundingSource,
  SCENARIO_ITEMS_MAX,
  type Scenario,
  describeSimulationError,
  publicEvents,
  publicMonths,
  publicProjections,
  publicYears,
} from '../../domain/simulation/index.ts';
import { projectFromRegistry, simulationInput } from '../../app/projection.ts';
import type { AppDeps } from '../app.ts';
import { ApiError } from '../errors.ts';
import { publishedRun } from '../published-run.ts';
import { freeText, identifierText, isoDateText, moneyText, numeroText, parseOr400, yearMonthText, jsonBody } from '../schemas.ts';

/** Percent or fraction as decimal text ("2.5", "-10"). */
const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'número inválido (use 2.5)');
const fractionText = decimalText.refine((t) => Number(t) >= 0.5 && Number(t) <= 1, 'deve estar entre 0.5 e 1 (ADCT 102)');

const financiamentoBody = z.discriminatedUnion('tipo', [
  z.strictObject({ tipo: z.literal('dotacao-anual'), valor: moneyText, parcelaCronologica: fractionText.optional(), crescimentoAnualPct: decimalText.optional() }),
  z.strictObject({ tipo: z.literal('deposito-mensal'), valor: moneyText, parcelaCronologica: fractionText.optional(), crescimentoAnualPct: decimalText.optional() }),
  z.strictObject({ tipo: z.literal('percentual-rcl'), percentual: decimalText, parcelaCronologica: fractionText.optional(), crescimentoAnualPct: decimalText.optional() }),
]);

const novosBody = z.strictObject({
  quantidade: z.number().int().min(0).max(20_000),
  valorTotal: moneyText,
  fracaoAlimentar: decimalText.refine((t) => Number(t) >= 0 && Number(t) <= 1, 'deve estar entre 0 e 1').default('0.5'),
});

const extraBody = z.strictObject({
  numero: numeroText,
  natureza: z.enum(['alimentar', 'comum']),
  valor: moneyText,
  apresentadoEm: isoDateText,
});

const cenarioBody = z.strictObject({
  nome: freeText(120, 1).default('cenário'),
  variacaoFinanciamentoPct: decimalText.optional(),
  tetoRpv: z.strictObject({ valor: moneyText, desde: yearMonthText }).optional(),
  superpreferencias: z.array(z.strictObject({ numero: numeroText, beneficiarioId: identifierText(120), motivo: z.enum(['doenca-grave', 'deficiencia']), desde: isoDateText })).max(SCENARIO_ITEMS_MAX).optional(),
  precatoriosExtras: z.array(extraBody).max(1000).optional(),
  novosPorAno: novosBody.optional(),
});

/** POST /api/simulacoes: one ente's projection, optionally compared with a scenario. */
export const simulacaoBody = z.strictObject({
  enteId: identifierText(120),
  de: yearMonthText.optional(),
  ate: yearMonthText.optional(),
  financiamento: financiamentoBody.optional(),
  rcl: z.strictObject({ valorAnual: moneyText, anoBase: z.number().int().min(1989).max(2200).optional(), crescimentoAnualPct: decimalText.optional() }).optional(),
  tetoEc136PctRcl: decimalText.optional(),
  novosPorAno: novosBody.optional(),
  premissas: z.strictObject({ ipcaAnualPct: decimalText.optional(), selicAnualPct: decimalText.optional(), corrigirSaldos: z.boolean().default(true) }).optional(),
  cenario: cenarioBody.optional(),
  /** Only these números in `precatorios.itens` (a creditor asking about their own). */
  numeros: z.array(numeroText).max(1000).optional(),
  pagina: z.number().int().min(1).max(100_000).default(1),
  tamanho: z.number().int().min(1).max(500).default(50),
  detalharMeses: z.boolean().default(false),
});
type SimulacaoBody = z.infer<typeof simulacaoBody>;

/** [UNC] ADCT 102: "no mínimo 50 %" to the list; without information the projection assumes the minimum. */
const DEFAULT_SHARE_ESPECIAL = '0.5';
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
  const app = new Hono();
  const published = publishedRun(deps);

  app.post('/', async (c) => {
    const body = parseOr400(simulacaoBody, await jsonBody(c.req.raw));
    const staff = await published.isStaff(c);
    const from = body.de ?? (deps.today().slice(0, 7) as YearMonth);
    const until = body.ate ?? (`${Number(from.slice(0, 4)) + 10}-12` as YearMonth);
    const corrigir = body.premissas?.corrigirSaldos ?? true;
    const projected = await projectFromRegistry((id) => simulationInput(deps.db, id), {
      enteId: body.enteId,
      from,
      until,
      funding: ({ ente, inForce }) => fundingOf(body, ente.id, ente.regime, inForce, from),
      scenario: (ente) => scenarioOf(body, ente.id, ente.regime),
      rates: corrigir
        ? { ipcaPctYear: body.premissas?.ipcaAnualPct ? new Dec(body.premissas.ipcaAnualPct) : DEFAULT_PROJECTION_RATES.ipcaPctYear, selicPctYear: body.premissas?.selicAnualPct ? new Dec(body.premissas.selicAnualPct) : undefined }
        : undefined,
      view: staff ? 'registro' : 'publicada',
      config: staff ? DEFAULT_SIMULATION_CONFIG : PUBLIC_CONFIG,
      eventsMax: EVENTS_IN_RESPONSE_MAX,
    }, {
      rules: deps.rules,
      publishedRun: deps.today(),
      // Registered balances brought to the first month with the imported indices, when there are any.
      correction: () => deps.corrections.env(),
    });
    if (!projected.ok) {
      const f = projected.error;
      if (f.kind === 'ente-desconhecido') throw new ApiError(404, 'nao-encontrado', 'enteId', `ente ${body.enteId} não encontrado`);
      if (f.kind === 'sem-financiamento') throw new ApiError(422, 'sem-financiamento', 'financiamento', `o ente ${f.enteId} não tem financiamento cadastrado; informe "financiamento" (dotação anual, depósito mensal ou % da RCL)`);
      throw new ApiError(422, 'simulacao-invalida', null, describeSimulationError(f.error));
    }
    const { ente, funding } = projected.value;
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
      correcaoInicial: { corrigidos: p.baseline.startCorrection.corrected, naoCorrigidos: p.baseline.startCorrection.uncorrected },
      anos: publicYears(p.baseline),
      meses: body.detalharMeses ? publicMonths(p.baseline) : null,
      precatorios: { total: itens.length, pagina: body.pagina, tamanho: body.tamanho, itens: itens.slice(start, start + body.tamanho) },
      eventos: publicEvents(p.baseline, EVENTS_IN_RESPONSE_MAX),
      cenario: p.scenario && p.comparison
        ? { nome: p.scenarioName, resumo: p.comparison.counts, mediaMeses: p.comparison.meanShiftMonths, anos: publicYears(p.scenario) }
        : null,
    });
  });

  return app;
}

function fundingOf(body: SimulacaoBody, enteId: string, regime: 'geral' | 'especial', inForce: EnteFunding | undefined, from: YearMonth): EnteFunding | undefined {
  const f = body.financiamento;
  let funding: EnteFunding | undefined;
  if (f) {
    const source: FundingSource =
      f.tipo === 'dotacao-anual' ? { kind: f.tipo, annualBrl: money(f.valor) } : f.tipo === 'deposito-mensal' ? { kind: f.tipo, monthlyBrl: money(f.valor) } : { kind: f.tipo, pctOfRcl: new Dec(f.percentual) };
    funding = {
      enteId,
      source,
      chronologicalShare: new Dec(f.parcelaCronologica ?? (regime === 'especial' && f.tipo !== 'dotacao-anual' ? DEFAULT_SHARE_ESPECIAL : '1')),
      growthPctYear: new Dec(f.crescimentoAnualPct ?? '0'),
    };
  } else {
    funding = inForce;
  }
  if (!funding) return undefined;
  const novos = body.novosPorAno;
  return {
    ...funding,
    rcl: body.rcl ? { baseYear: body.rcl.anoBase ?? Number(from.slice(0, 4)), annualBrl: money(body.rcl.valorAnual), growthPctYear: new Dec(body.rcl.crescimentoAnualPct ?? '0') } : undefined,
    ec136CapPctOfRcl: body.tetoEc136PctRcl ? new Dec(body.tetoEc136PctRcl) : undefined,
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
      beneficiarios: [{ id: `${x.numero}#1`, credorId: `${x.numero}#1`, titularidade: 'originario', valorBrl: valor, pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO }],
    };
  });
  return {
    name: c.nome,
    fundingChangePct: c.variacaoFinanciamentoPct ? new Dec(c.variacaoFinanciamentoPct) : undefined,
    rpvCeiling: c.tetoRpv ? { amountBrl: money(c.tetoRpv.valor), from: c.tetoRpv.desde as YearMonth } : undefined,
    superpreferenceGrants: (c.superpreferencias ?? []).map((g) => ({ numero: g.numero, beneficiarioId: g.beneficiarioId, ground: g.motivo, since: g.desde as IsoDate })),
    extraPrecatorios: extra,
    newPrecatorios: c.novosPorAno ? { perYear: c.novosPorAno.quantidade, totalBrlPerYear: money(c.novosPorAno.valorTotal), alimentarShare: new Dec(c.novosPorAno.fracaoAlimentar) } : undefined,
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
  };
}
