import { parseArgs } from 'node:util';
import { loadEc136Rules } from '../rules/load-ec136.ts';
import { projectFromRegistry, storedCorrectionEnv } from '../app/projection.ts';
import { type YearMonth, isYearMonth } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import { Dec } from '../domain/money.ts';
import { amountOption } from './amount-options.ts';
import {
  DEFAULT_PROJECTION_RATES,
  type EnteFunding,
  type Projection,
  type Scenario,
  type SuperpreferenceGrantOverride,
  centsToMoney,
  describeSimulationError,
  monthLabel,
  DEFAULT_SIMULATION_CONFIG,
  publicEvents,
  publicProjections,
  publicYears,
} from '../domain/simulation/index.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import { loadRuleBook } from '../rules/load-rule-book.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { orderQueue } from '../domain/queue/ordering.ts';
import { expectedNewFromHistory, requestedFunding } from '../domain/simulation/index.ts';
import { withRegistry } from './with-registry.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import type { MonthRange, SupportedDates } from '../domain/supported-dates.ts';
import { dateFlag, monthFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { formatBrl, optionsErrorText, renderTable } from './output.ts';

const HELP = `uso: precatorios simular --ente X [--deposito-mensal V | --dotacao-anual V | --percentual-rcl P --rcl V]
                        [--parcela-cronologica F] [--desagio-acordo F] [--crescimento-anual P] [--teto-ec136 P --rcl V]
                        [--de AAAA-MM] [--ate AAAA-MM] [--ipca P] [--selic P] [--sem-correcao]
                        [--novos-por-ano N --valor-novos-por-ano V [--fracao-alimentar-novos 0.6]] [--novos-do-historico ANOS]
                        [--cenario-deposito ±P] [--cenario-teto-rpv V [--cenario-teto-rpv-desde AAAA-MM]]
                        [--cenario-superpreferencia NUMERO:BENEFICIARIO:doenca-grave|deficiencia:AAAA-MM-DD]
                        [--formato tabela|json] [--limite N]
  Projeta, mês a mês, quando cada precatório do ente recebe o primeiro pagamento e quando é quitado:
  primeiro as parcelas superpreferenciais, depois a lista cronológica (R3.8); o saldo cresce
  enquanto espera (IPCA projetado + 2 % a.a. fora do período de graça, R5.9/R5.10).
  Lê o ente e os precatórios do banco configurado (DATABASE_URL ou .data/pglite).
  O financiamento vem das opções ou, sem elas, da tabela funding do banco.
  --deposito-mensal   regime especial: depósito mensal em reais (ADCT 101)
  --dotacao-anual     regime geral: dotação anual em reais, paga em duodécimos
  --percentual-rcl    depósito mensal de 1/12 de P % da RCL (exige --rcl, RCL anual em reais)
  --parcela-cronologica  fração dos depósitos para a ordem cronológica, do mínimo legal a 1;
                      o resto, acordos (padrão: no regime especial, o mínimo vigente no mês
                      inicial, ADCT 102 em data/rules/chronological-share-minimum.csv; 1 no geral)
  --desagio-acordo    deságio que a projeção supõe nos acordos diretos, fração de 0 a 0.4 (padrão: o
                      limite do último edital do ente, ou os 40 % do ADCT 102 §1º); os credores são
                      chamados na ordem da lista e o acordo quita o crédito inteiro (R7.6, R7.7)
  --de, --ate         horizonte (padrão: mês atual em Belém até dezembro de 10 anos depois)
  --ipca              IPCA projetado, % a.a. (padrão ${DEFAULT_PROJECTION_RATES.ipcaPctYear.toFixed(1)}); --selic limita a correção (ADCT 97 §16-A)
  --cenario-*         compara com um cenário: variação do depósito em %, novo teto de RPV,
                      nova superpreferência; mostra quantos meses cada data se move
`;

export const simularCommand: Command = {
  summary: 'projeta a data de pagamento de cada precatório de um ente, com cenários',
  help: () => HELP,
  async run(args) {
    try {
      return await simulateCommand(args);
    } catch (error) {
      if (error instanceof UsageError) return usage(error.message);
      // node:util parseArgs: unknown option, missing value, a negative number read as an option.
      const options = optionsErrorText(error);
      if (options) return usage(`${options}; valores negativos vão com "=", como --cenario-deposito=-30`);
      throw error;
    }
  },
};

async function simulateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ente: { type: 'string' },
      'deposito-mensal': { type: 'string' },
      'dotacao-anual': { type: 'string' },
      'percentual-rcl': { type: 'string' },
      rcl: { type: 'string' },
      'parcela-cronologica': { type: 'string' },
      'desagio-acordo': { type: 'string' },
      'crescimento-anual': { type: 'string' },
      'teto-ec136': { type: 'string' },
      de: { type: 'string' },
      ate: { type: 'string' },
      ipca: { type: 'string' },
      selic: { type: 'string' },
      'sem-correcao': { type: 'boolean', default: false },
      'novos-por-ano': { type: 'string' },
      'novos-do-historico': { type: 'string' },
      'valor-novos-por-ano': { type: 'string' },
      'fracao-alimentar-novos': { type: 'string', default: '0.5' },
      'cenario-deposito': { type: 'string' },
      'cenario-teto-rpv': { type: 'string' },
      'cenario-teto-rpv-desde': { type: 'string' },
      'cenario-superpreferencia': { type: 'string', multiple: true },
      formato: { type: 'string', default: 'tabela' },
      limite: { type: 'string', default: '30' },
    },
  });
  if (!values.ente) {
    process.stderr.write(HELP);
    return 64;
  }
  if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
  const limit = Number(values.limite);
  if (!Number.isInteger(limit) || limit < 1) return usage(`--limite deve ser um inteiro positivo (recebido: ${values.limite})`);
  const dates = supportedDatesToday();
  const from = monthOption(values.de, '--de', dates.inicioSimulacao) ?? (dates.today.slice(0, 7) as YearMonth);
  const until = monthOption(values.ate, '--ate', dates.fimSimulacao) ?? (`${Number(from.slice(0, 4)) + 10}-12` as YearMonth);

  const rates = values['sem-correcao']
    ? undefined
    : { ipcaPctYear: decimalOption(values.ipca, '--ipca') ?? DEFAULT_PROJECTION_RATES.ipcaPctYear, selicPctYear: decimalOption(values.selic, '--selic') };
  const rules = loadRuleBook();
  const enteId = values.ente;
  return withRegistry(async (registry) => {
    const projected = await projectFromRegistry(
      (id) => registry.simulationInput(id),
      {
        enteId,
        from,
        until,
        funding: ({ ente, precatorios, inForce }) => {
          const funding = fundingFrom(values, ente, inForce, from, rules);
          if (!funding || values['novos-do-historico'] === undefined) return funding;
          if (values['novos-por-ano'] !== undefined) throw new UsageError('use --novos-por-ano ou --novos-do-historico, não os dois');
          const years = Number(values['novos-do-historico']);
          if (!Number.isInteger(years) || years < 1 || years > 20)
            throw new UsageError(`--novos-do-historico deve ser um inteiro de 1 a 20 (recebido: ${values['novos-do-historico']})`);
          // History up to the start year's budget (its list closed at the previous cut-off), or the
          // newest budget year in the registry if that is earlier.
          const ranked = orderQueue(precatorios, rules);
          const newest = ranked.reduce((max, r) => Math.max(max, r.key.budgetYear), 0);
          const lastYear = Math.min(Number(from.slice(0, 4)), newest);
          const expected = expectedNewFromHistory(ranked, lastYear, years);
          if (!expected) return funding;
          process.stderr.write(
            `novos precatórios por ano, pela média dos orçamentos ${lastYear - years + 1}–${lastYear}: ${expected.perYear} (${formatBrl(expected.totalBrlPerYear)} por ano; ${expected.alimentarShare.times(100).toFixed(1)} % alimentares)\n`,
          );
          return { ...funding, newPrecatorios: expected };
        },
        scenario: () => scenarioFrom(values, dates),
        rates,
        view: 'registro',
        config: DEFAULT_SIMULATION_CONFIG,
        eventsMax: 200,
      },
      {
        rules,
        // A registered RCL sets the projection's EC 136 cap (R7.8).
        ec136Rules: loadEc136Rules(),
        publishedRun: dates.today,
        correction: () => storedCorrectionEnv(registry.indexStore(), loadCorrectionRules()),
        startBalances: registry.startBalances,
      },
    );
    if (!projected.ok) {
      const f = projected.error;
      if (f.kind === 'ente-desconhecido')
        process.stderr.write(`erro: ente "${values.ente}" não está no banco (importe o registro com "precatorios importar")\n`);
      else if (f.kind === 'sem-financiamento')
        process.stderr.write(`erro: o ente ${f.enteId} não tem financiamento no banco; informe --deposito-mensal, --dotacao-anual ou --percentual-rcl\n`);
      else process.stderr.write(`erro: ${describeSimulationError(f.error)}\n`);
      return 1;
    }
    const { ente, projection, excluded } = projected.value;
    // A stored precatório the rules cannot place (impossible data) is left out, as in the lists, and said.
    for (const x of excluded) process.stderr.write(`aviso: precatório ${x.numero} fora da projeção (corrija o registro): ${x.reason}\n`);
    const header = { ente: { id: ente.id, nome: ente.nome, regime: ente.regime }, de: from, ate: until };
    process.stdout.write(values.formato === 'json' ? `${JSON.stringify(toJson(header, projection), null, 2)}\n` : render(header, projection, limit));
    return 0;
  });
}

class UsageError extends Error {}

function usage(message: string): number {
  process.stderr.write(`erro: ${message}\n`);
  return 64;
}

/** A month flag inside its supported range (domain/supported-dates.ts). */
function monthOption(text: string | undefined, option: string, range: MonthRange): YearMonth | undefined {
  if (text === undefined) return undefined;
  if (!isYearMonth(text)) throw new UsageError(`${option} deve ser AAAA-MM (recebido: ${text})`);
  const month = monthFlag(text, option, range);
  if (!month.ok) throw new UsageError(month.error);
  return month.value;
}

function decimalOption(text: string | undefined, option: string): Dec | undefined {
  if (text === undefined) return undefined;
  const normalized = text.replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(normalized)) throw new UsageError(`${option} deve ser um número (recebido: ${text})`);
  return new Dec(normalized);
}

function moneyOption(text: string | undefined, option: string): Dec | undefined {
  if (text === undefined) return undefined;
  const parsed = amountOption(text, option);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

type Values = Record<string, string | boolean | string[] | undefined>;

function fundingFrom(values: Values, ente: EnteDevedor, inForce: EnteFunding | undefined, from: YearMonth, rules: RuleBook): EnteFunding | undefined {
  const monthly = moneyOption(values['deposito-mensal'] as string | undefined, '--deposito-mensal');
  const annual = moneyOption(values['dotacao-anual'] as string | undefined, '--dotacao-anual');
  const pct = decimalOption(values['percentual-rcl'] as string | undefined, '--percentual-rcl');
  if ([monthly, annual, pct].filter((x) => x !== undefined).length > 1)
    throw new UsageError('use só um de --deposito-mensal, --dotacao-anual e --percentual-rcl');
  const rclValue = moneyOption(values.rcl as string | undefined, '--rcl');
  const share = decimalOption(values['parcela-cronologica'] as string | undefined, '--parcela-cronologica');
  let funding: EnteFunding | undefined;
  if (monthly || annual || pct) {
    const source: EnteFunding['source'] = monthly
      ? { kind: 'deposito-mensal', monthlyBrl: monthly }
      : annual
        ? { kind: 'dotacao-anual', annualBrl: annual }
        : { kind: 'percentual-rcl', pctOfRcl: pct! };
    funding = requestedFunding(ente, source, from, rules);
  } else {
    funding = inForce;
  }
  if (!funding) return undefined;
  const plan =
    values['novos-por-ano'] === undefined
      ? undefined
      : {
          perYear: Number(values['novos-por-ano']),
          totalBrlPerYear:
            moneyOption(values['valor-novos-por-ano'] as string | undefined, '--valor-novos-por-ano') ??
            (() => {
              throw new UsageError('--novos-por-ano exige --valor-novos-por-ano');
            })(),
          alimentarShare: decimalOption(values['fracao-alimentar-novos'] as string, '--fracao-alimentar-novos')!,
        };
  return {
    ...funding,
    chronologicalShare: share ?? funding.chronologicalShare,
    growthPctYear: decimalOption(values['crescimento-anual'] as string | undefined, '--crescimento-anual') ?? funding.growthPctYear,
    rcl: rclValue ? { baseYear: Number(from.slice(0, 4)), annualBrl: rclValue, growthPctYear: new Dec(0) } : undefined,
    ec136CapPctOfRcl: decimalOption(values['teto-ec136'] as string | undefined, '--teto-ec136'),
    acordoDesagio: decimalOption(values['desagio-acordo'] as string | undefined, '--desagio-acordo') ?? funding.acordoDesagio,
    newPrecatorios: plan,
  };
}

function scenarioFrom(values: Values, dates: SupportedDates): Scenario | undefined {
  const change = decimalOption(values['cenario-deposito'] as string | undefined, '--cenario-deposito');
  const ceiling = moneyOption(values['cenario-teto-rpv'] as string | undefined, '--cenario-teto-rpv');
  const ceilingFrom = monthOption(values['cenario-teto-rpv-desde'] as string | undefined, '--cenario-teto-rpv-desde', dates.fimSimulacao);
  const grants = ((values['cenario-superpreferencia'] as string[] | undefined) ?? []).map((text): SuperpreferenceGrantOverride => {
    const [numero, beneficiarioId, ground, since] = text.split(':');
    if (!numero || !beneficiarioId || (ground !== 'doenca-grave' && ground !== 'deficiencia') || !since) {
      throw new UsageError(`--cenario-superpreferencia deve ser NUMERO:BENEFICIARIO:doenca-grave|deficiencia:AAAA-MM-DD (recebido: ${text})`);
    }
    const sinceDate = dateFlag(since, '--cenario-superpreferencia', dates.cenario);
    if (!sinceDate.ok) throw new UsageError(sinceDate.error);
    return { numero, beneficiarioId, ground, since: sinceDate.value };
  });
  if (change === undefined && ceiling === undefined && grants.length === 0) return undefined;
  const parts = [
    change === undefined ? '' : `depósito ${change.isNegative() ? '' : '+'}${change.toString()} %`,
    ceiling === undefined ? '' : `teto de RPV ${formatBrl(ceiling)}`,
    grants.length === 0 ? '' : `${grants.length} nova(s) superpreferência(s)`,
  ];
  return {
    name: parts.filter(Boolean).join(', '),
    fundingChangePct: change,
    rpvCeiling: ceiling ? { amountBrl: ceiling, from: ceilingFrom ?? ('1900-01' as YearMonth) } : undefined,
    superpreferenceGrants: grants,
  };
}

interface Header {
  readonly ente: { readonly id: string; readonly nome: string; readonly regime: string };
  readonly de: YearMonth;
  readonly ate: YearMonth;
}

function toJson(header: Header, p: Projection) {
  return {
    ...header,
    premissas: p.assumptions,
    correcaoInicial: { corrigidos: p.baseline.startCorrection.corrected, naoCorrigidos: p.baseline.startCorrection.uncorrected },
    anos: publicYears(p.baseline),
    precatorios: publicProjections(p.baseline, p.comparison),
    eventos: publicEvents(p.baseline, 200),
    cenario:
      p.scenario && p.comparison
        ? { nome: p.scenarioName, resumo: p.comparison.counts, mediaMeses: p.comparison.meanShiftMonths, anos: publicYears(p.scenario) }
        : null,
  };
}

function render(header: Header, p: Projection, limit: number): string {
  const brl = (cents: number) => formatBrl(centsToMoney(cents));
  const years = renderTable(
    ['ano', 'entrada', 'p/ acordos', 'pago (total)', 'em acordos', 'deságio', 'superpref.', 'estoque no fim', 'quitados'],
    p.baseline.years.map((y) => [
      String(y.year),
      brl(y.inflowCents),
      brl(y.acordosCents),
      brl(y.paidCents),
      brl(y.acordoPaidCents),
      brl(y.desagioCents),
      brl(y.superpreferencePaidCents),
      brl(y.stockEndCents),
      String(y.fullyPaid),
    ]),
  );
  const registered = p.baseline.projections.filter((x) => !x.expected);
  const shifts = p.comparison ? new Map(p.comparison.shifts.map((s) => [s.numero, s])) : undefined;
  const rows = registered.slice(0, limit).map((x) => {
    const shift = shifts?.get(x.numero);
    return [
      String(x.position),
      x.numero,
      String(x.budgetYear),
      x.natureza,
      brl(x.startBalanceCents),
      x.suspended ? 'suspenso' : monthLabel(x.firstPaymentMonth),
      x.suspended ? 'suspenso' : monthLabel(x.fullPaymentMonth),
      ...(shift
        ? [monthLabel(shift.scenarioMonth), shift.shiftMonths === null ? '—' : shift.shiftMonths > 0 ? `+${shift.shiftMonths}` : String(shift.shiftMonths)]
        : []),
    ];
  });
  const columns = ['pos.', 'número', 'orçam.', 'natureza', 'saldo inicial', '1º pagamento', 'quitação', ...(shifts ? ['cenário', 'meses'] : [])];
  const summary = p.comparison
    ? `\nCenário (${p.scenarioName}) comparado com a base: ${p.comparison.counts.antecipado} antecipado(s), ${p.comparison.counts.adiado} adiado(s), ${p.comparison.counts.igual} sem mudança, ` +
      `${p.comparison.counts['entra-no-horizonte']} passam a ser pagos no horizonte, ${p.comparison.counts['sai-do-horizonte']} deixam de ser; média ${p.comparison.meanShiftMonths ?? '—'} mês(es)\n`
    : '';
  return (
    `Simulação de pagamentos — ${header.ente.nome} (regime ${header.ente.regime}), ${monthLabel(header.de)} a ${monthLabel(header.ate)}\n\n` +
    `Premissas:\n${p.assumptions.map((a) => `  - ${a}`).join('\n')}\n\n` +
    `Por ano:\n${years}\n` +
    `Precatórios (${Math.min(limit, registered.length)} de ${registered.length}, na ordem da lista):\n${renderTable(columns, rows)}` +
    summary
  );
}
