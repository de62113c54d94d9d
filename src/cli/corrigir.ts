import { parseArgs } from 'node:util';
import { type CorrectionConfig, DEFAULT_CORRECTION_CONFIG } from '../domain/correction/config.ts';
import { correct, type CorrectionResult } from '../domain/correction/correct.ts';
import { correctionJson } from '../domain/correction/to-json.ts';
import { describeCorrectionError } from '../domain/correction/messages.ts';
import { indexTablesOf } from '../domain/correction/plan.ts';
import type { CorrectionContext, MemoryLine } from '../domain/correction/types.ts';
import type { Esfera } from '../domain/ente.ts';
import { describeSeriesError } from '../domain/indices/errors.ts';
import { INDEX_NAMES } from '../domain/indices/index-names.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import { Dec, money } from '../domain/money.ts';
import { describeFolderError, readIndexFolder } from '../indices/folder.ts';
import { loadCorrectionRules } from '../indices/load-correction-rules.ts';
import type { RegistryClient } from '../app/registry-client.ts';
import { amountOption } from './amount-options.ts';
import { withRegistry } from './with-registry.ts';
import type { Command } from './main.ts';
import { formatBrl, renderTable } from './output.ts';
import { dateFlag, monthFlag } from './date-options.ts';
import { budgetYearFor } from '../domain/rules/budget-year.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import { loadRuleBook } from '../rules/load-rule-book.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';

const HELP = `uso: precatorios corrigir --valor 100000 --data-base AAAA-MM --ate AAAA-MM --natureza alimentar|comum
                          [--modulado] [--apresentado-em AAAA-MM-DD | --orcamento AAAA] [--tributario]
                          [--esfera estadual|municipal|uniao]
                          [--indices <pasta>] [--formato tabela|json]
                          [--juros-titulo 0.5] [--janela m-ate-t-1|m+1-ate-t] [--mes-misto gm|dias-uteis]
                          [--selic simples|capitalizada] [--teto-ec136 acumulado|por-segmento|mensal]
                          [--juros-ec136-na-graca] [--sem-ec136]
  Corrige um valor da data-base até o mês final (R5.x): IPCA-E, TR (modulados, R5.5), juros da
  poupança (R5.7), SELIC simples (R5.8), IPCA + 2 % a.a. com teto SELIC (R5.10); só correção no
  período de graça do orçamento (R5.9). Imprime a memória de cálculo por período e o total.
  Índices: o snapshot que vem com o produto (data/indices), os gravados por "precatorios indices
  importar|sincronizar" por cima dele e, se dada, a pasta --indices (arquivos month,rate_pct: ipca_e,
  ipca, selic, tr, poupanca, inpc, juros_poupanca).
  --valor       valor na data-base, em reais ("100000", "100000.50" ou "100.000,50")
  --modulado    expedido até 25/03/2015 (modulação da ADI 4357/4425)
  --apresentado-em  data de apresentação no tribunal: dá o exercício orçamentário pelas regras de
                corte (data/rules/budget-year-rules.csv, R1.2–R1.5) e com ele o período de graça (R5.9)
  --orcamento   exercício orçamentário, se já conhecido (no lugar de --apresentado-em)
  Sem nenhum dos dois, nenhum período de graça é aplicado, e a saída (e a memória) diz isso.
  --juros-titulo juros % a.m. do título para meses antes de 07/2009
`;

function pick<T extends string>(text: string | undefined, map: Record<string, T>, option: string): T | undefined {
  if (text === undefined) return undefined;
  const value = map[text];
  if (value === undefined) throw new Error(`--${option} deve ser ${Object.keys(map).join(', ')} (recebido: ${text})`);
  return value;
}

export const corrigirCommand: Command = {
  summary: 'corrige um valor (IPCA-E, TR, poupança, SELIC, EC 136) e mostra a memória de cálculo',
  help: () => HELP,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        valor: { type: 'string' },
        'data-base': { type: 'string' },
        ate: { type: 'string' },
        natureza: { type: 'string' },
        modulado: { type: 'boolean', default: false },
        orcamento: { type: 'string' },
        'apresentado-em': { type: 'string' },
        tributario: { type: 'boolean', default: false },
        esfera: { type: 'string', default: 'estadual' },
        indices: { type: 'string' },
        formato: { type: 'string', default: 'tabela' },
        'juros-titulo': { type: 'string' },
        janela: { type: 'string' },
        'mes-misto': { type: 'string' },
        selic: { type: 'string' },
        'teto-ec136': { type: 'string' },
        'juros-ec136-na-graca': { type: 'boolean', default: false },
        'sem-ec136': { type: 'boolean', default: false },
      },
    });
    if (!values.valor || !values['data-base'] || !values.ate || !values.natureza) {
      process.stderr.write(HELP);
      return 64;
    }
    const natureza = pick(values.natureza, { alimentar: 'alimentar', comum: 'comum' } as const, 'natureza')!;
    const esfera = pick(values.esfera, { estadual: 'estadual', municipal: 'municipal', uniao: 'uniao' } as Record<string, Esfera>, 'esfera')!;
    if (values.formato !== 'tabela' && values.formato !== 'json') throw new Error(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
    const dates = supportedDatesToday();
    const budgetYear = budgetYearOf(values.orcamento, values['apresentado-em'], dates);
    const config: CorrectionConfig = {
      ...DEFAULT_CORRECTION_CONFIG,
      indexWindow:
        pick(values.janela, { 'm-ate-t-1': 'M_TO_T_MINUS_1', 'm+1-ate-t': 'M_PLUS_1_TO_T' } as const, 'janela') ?? DEFAULT_CORRECTION_CONFIG.indexWindow,
      mixedMonthMethod:
        pick(values['mes-misto'], { gm: 'GM_NPM', 'dias-uteis': 'BUSINESS_DAYS' } as const, 'mes-misto') ?? DEFAULT_CORRECTION_CONFIG.mixedMonthMethod,
      selicMode: pick(values.selic, { simples: 'SIMPLE_SUM', capitalizada: 'COMPOUND' } as const, 'selic') ?? DEFAULT_CORRECTION_CONFIG.selicMode,
      ec136CapMode:
        pick(values['teto-ec136'], { acumulado: 'CUMULATIVE_FROM_2025_08', 'por-segmento': 'PER_SEGMENT', mensal: 'MONTHLY' } as const, 'teto-ec136') ??
        DEFAULT_CORRECTION_CONFIG.ec136CapMode,
      ec136InterestInGrace: values['juros-ec136-na-graca'],
      ec136Correction: !values['sem-ec136'],
    };
    const context: CorrectionContext = {
      natureza,
      tributario: values.tributario,
      modulated: values.modulado,
      esfera,
      budgetYear: budgetYear?.year,
      interestPerTitlePctMonthly: values['juros-titulo'] === undefined ? undefined : money(values['juros-titulo'].replace(',', '.')),
    };
    // Flags are checked before the registry is opened: a typo never waits on the store.
    const dataBase = monthFlag(values['data-base'], '--data-base', dates.dataBase);
    if (!dataBase.ok) throw new Error(dataBase.error);
    const target = monthFlag(values.ate, '--ate', dates.mesCorrecao);
    if (!target.ok) throw new Error(target.error);
    const valor = amountOption(values.valor, '--valor');
    if (!valor.ok) throw new Error(valor.error);
    return withRegistry(async (registry) => {
      const series = await loadSeries(registry, values.indices);
      const result = correct(valor.value, dataBase.value, target.value, context, {
        rules: loadCorrectionRules(),
        indices: indexTablesOf(series),
        config,
      });
      if (!result.ok) {
        process.stderr.write(`erro: ${describeCorrectionError(result.error)}\n`);
        return 1;
      }
      // R5.9: with no budget year there is no graça; said on stderr and in the memória, never silently.
      const graca =
        budgetYear === undefined
          ? { aplicada: false as const, motivo: NO_GRACE }
          : { aplicada: true as const, orcamento: budgetYear.year, origem: budgetYear.from };
      if (!graca.aplicada) process.stderr.write(`aviso: ${NO_GRACE}\n`);
      process.stdout.write(
        values.formato === 'json' ? `${JSON.stringify({ ...correctionJson(result.value), graca }, null, 2)}\n` : `${render(result.value)}${graceLine(graca)}`,
      );
      return 0;
    });
  },
};

const NO_GRACE =
  'nenhum período de graça aplicado (R5.9): sem --apresentado-em nem --orcamento não há exercício orçamentário; informe a data de apresentação para aplicá-lo';

function graceLine(g: { aplicada: false; motivo: string } | { aplicada: true; orcamento: number; origem: string }): string {
  return g.aplicada ? `  período de graça     orçamento ${g.orcamento} (${g.origem})\n` : `  período de graça     ${g.motivo}\n`;
}

/**
 * The budget year the graça follows (R1.2–R1.5, R5.9): derived from the presentation date by the
 * rule book's cut-off rules, or given; both given must agree. Undefined when neither is given.
 */
function budgetYearOf(orcamento: string | undefined, apresentadoEm: string | undefined, dates: SupportedDates): { year: number; from: string } | undefined {
  let given: number | undefined;
  if (orcamento !== undefined) {
    given = Number(orcamento);
    if (!(/^\d{4}$/.test(orcamento) && given > 1988 && given < 2200)) throw new Error(`--orcamento inválido: "${orcamento}" (use o ano, AAAA)`);
  }
  if (apresentadoEm === undefined) return given === undefined ? undefined : { year: given, from: '--orcamento' };
  const date = dateFlag(apresentadoEm, '--apresentado-em', dates.apresentacao);
  if (!date.ok) throw new Error(date.error);
  const derived = budgetYearFor(date.value, loadRuleBook().budgetYearRules);
  if (given !== undefined && given !== derived)
    throw new Error(
      `--orcamento ${given} não confere com --apresentado-em ${date.value}, que pelas regras de corte vai ao orçamento de ${derived} (R1.2–R1.5)`,
    );
  return { year: derived, from: `apresentado em ${date.value}` };
}

/** Series of the registry first; a folder given with --indices replaces series of the same name. */
async function loadSeries(registry: RegistryClient, folder: string | undefined): Promise<IndexSeries[]> {
  const byName = new Map<string, IndexSeries>();
  const store = registry.indexStore();
  for (const name of INDEX_NAMES) {
    const s = await store.get(name);
    if (s) byName.set(name, s);
  }
  if (folder !== undefined) {
    const read = readIndexFolder(folder);
    if (!read.ok) throw new Error(`pasta ${folder}: ${read.error.map(describeFolderError).join('; ')}`);
    for (const s of read.value.series) byName.set(s.name, s);
  }
  if (byName.size === 0)
    throw new Error(
      `nenhum índice carregado: use --indices <pasta>, "precatorios indices importar <pasta>" ou "precatorios indices sincronizar" (${describeSeriesError({ kind: 'missing-series', series: 'ipca_e' })})`,
    );
  return [...byName.values()];
}

const PHASES: Record<MemoryLine['phase'], string> = { SEM_GRACA: '', ANTES_GRACA: 'antes da graça', GRACA: 'graça', APOS_GRACA: 'após a graça' };

function render(r: CorrectionResult): string {
  const rows = r.lines.map((l) => [
    PHASES[l.phase],
    l.rule,
    l.index,
    l.firstMonth === undefined ? '—' : `${l.firstMonth}…${l.lastMonth}`,
    String(l.months),
    l.factor === undefined ? '' : l.factor.toFixed(7, Dec.ROUND_HALF_UP),
    l.sumPct === undefined ? '' : `${l.sumPct.toFixed(4, Dec.ROUND_HALF_UP)} %`,
    formatBrl(l.after.principal.plus(l.after.jurosMora).plus(l.after.selic).plus(l.after.jurosEc136)),
    [l.provisional ? 'PROVISÓRIO' : '', l.note ?? ''].filter(Boolean).join('; '),
  ]);
  const c = r.rounded;
  return (
    `Correção de ${r.dataBase} até ${r.target} (meses de taxa ${r.window.last < r.window.first ? 'nenhum' : `${r.window.first}…${r.window.last}`})\n` +
    renderTable(['fase', 'regra', 'índice', 'meses', 'n', 'fator', 'soma', 'valor após', 'obs.'], rows) +
    `\n  principal corrigido  ${formatBrl(c.principal)}\n  juros de mora        ${formatBrl(c.jurosMora)}\n  SELIC                ${formatBrl(c.selic)}\n  juros EC 136         ${formatBrl(c.jurosEc136)}\n` +
    `  total                ${formatBrl(r.totalBrl)}${r.provisional ? '  (PROVISÓRIO: índices publicados só até parte do período, R5.2)' : ''}\n`
  );
}
