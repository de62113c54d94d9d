import { parseArgs } from 'node:util';
import type { EnteDevedor } from '../domain/ente.ts';
import { toDecimalString } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { type PaymentOrder, DEFAULT_PAYMENT_ORDER_OPTIONS, buildPaymentOrder } from '../domain/queue/payment-order.ts';
import { type AlimentarPreferenceScope, explainSortKey } from '../domain/queue/ordering.ts';
import { rpvCeiling } from '../domain/rules/rpv.ts';
import { superpreferenceAgeOn } from '../domain/rules/superpreference-age.ts';
import { normalize } from '../import/fields.ts';
import { readPrecatoriosCsv } from '../import/read-csv.ts';
import { loadRpvLaws, loadRuleBook, withRpvLaws } from '../rules/load-rule-book.ts';
import type { Command } from './main.ts';
import { formatBrl, inputProblem, renderTable, reportRejected, toCsv } from './output.ts';
import { dateFlag } from './date-options.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';

/** A flag's error is the command's error (the CLI prints it and exits 1). */
const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

/** Exit code when the list was printed but some rows were rejected. */
export const EXIT_ROWS_REJECTED = 2;

/** The help names the superpreference age in force (R3.1; data/rules/superpreference-age.csv). */
export const helpText = (age: number) => `uso: precatorios fila <arquivo.csv> [--ente X] [--formato tabela|json|csv] [--data AAAA-MM-DD]
                      [--preferencia-alimentar mesmo-exercicio|todos-os-anos]
  Ordena os precatórios de cada ente devedor (R2) e monta a lista de superpreferência (R3).
  Aceita o formato CSV do projeto e o da lista pública do TJRJ. Linhas rejeitadas vão para a
  saída de erro com linha, campo e motivo; o código de saída é 2 quando houve rejeição.
  --data   data da rodada de pagamento (idade ${age}+, teto em vigor); padrão: hoje em Belém.
  --limite N  na tabela, mostra só as N primeiras linhas de cada lista.
  --publica   sem o motivo e o "desde" da superpreferência: "desde" de quem tem ${age} anos é o
              aniversário de ${age} anos (revela o nascimento) e o motivo é dado de saúde. Sem esta
              opção a saída é da equipe: não a publique.
`;

export const filaCommand: Command = {
  summary: 'lista cronológica e de superpreferência de um arquivo CSV',
  help: () => helpText(superpreferenceAgeOn(loadRuleBook(), supportedDatesToday().today)),
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ente: { type: 'string' },
        formato: { type: 'string', default: 'tabela' },
        data: { type: 'string' },
        'preferencia-alimentar': { type: 'string', default: 'mesmo-exercicio' },
        limite: { type: 'string' },
        publica: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) {
      process.stderr.write(helpText(superpreferenceAgeOn(loadRuleBook(), supportedDatesToday().today)));
      return 64;
    }
    const formato = values.formato;
    if (formato !== 'tabela' && formato !== 'json' && formato !== 'csv') throw new Error(`--formato deve ser tabela, json ou csv (recebido: ${formato})`);
    const scope = scopeOf(values['preferencia-alimentar']);
    const dates = supportedDatesToday();
    const runDate = values.data === undefined ? dates.today : unwrap(dateFlag(values.data, '--data', dates.rodada));
    const limit = values.limite === undefined ? Infinity : Number(values.limite);
    if (!(limit > 0)) throw new Error(`--limite deve ser um número positivo (recebido: ${values.limite})`);

    const problem = inputProblem(positionals[0]!, 'arquivo');
    if (problem) throw new Error(problem);
    const rules = loadRuleBook();
    const outcome = await readPrecatoriosCsv(positionals[0]!, dates);
    const entes = selectEntes(withRpvLaws(outcome.entes, loadRpvLaws()), values.ente);
    const orders = entes.map((ente) => ({
      ente,
      order: buildPaymentOrder(byEnte(outcome.precatorios, ente.id), ente, runDate, rules, {
        ...DEFAULT_PAYMENT_ORDER_OPTIONS,
        alimentarPreferenceScope: scope,
      }),
      rpvCeilingBrl: rpvCeiling(ente, { transitoEm: runDate, expedidoEm: runDate }, rules).amountBrl,
    }));

    const options = { ...DEFAULT_PAYMENT_ORDER_OPTIONS, alimentarPreferenceScope: scope };
    const publica = values.publica === true;
    if (formato === 'json')
      process.stdout.write(
        `${JSON.stringify({ data: runDate, formato: outcome.format, entes: orders.map((o) => orderJson(o, options, publica)), rejeitadas: outcome.rejected }, null, 2)}\n`,
      );
    else if (formato === 'csv') process.stdout.write(toCsv(csvRows(orders, options, publica)));
    else process.stdout.write(orders.map((o) => orderTable(o, options, limit, publica)).join('\n'));

    reportRejected(outcome.rejected, outcome.rowsRead);
    return outcome.rejected.length > 0 ? EXIT_ROWS_REJECTED : 0;
  },
};

function scopeOf(text: string | undefined): AlimentarPreferenceScope {
  if (text === 'mesmo-exercicio') return 'SAME_BUDGET_YEAR';
  if (text === 'todos-os-anos') return 'ALL_YEARS';
  throw new Error(`--preferencia-alimentar deve ser mesmo-exercicio ou todos-os-anos (recebido: ${text})`);
}

function selectEntes(entes: EnteDevedor[], wanted: string | undefined): EnteDevedor[] {
  if (wanted === undefined) return entes;
  const key = normalize(wanted);
  const found = entes.filter((e) => normalize(e.id) === key || normalize(e.nome) === key);
  if (found.length === 0) throw new Error(`ente "${wanted}" não está no arquivo (entes: ${entes.map((e) => e.id).join(', ')})`);
  return found;
}

function byEnte(precatorios: readonly Precatorio[], enteId: string): Precatorio[] {
  return precatorios.filter((p) => p.enteId === enteId);
}

interface EnteOrder {
  readonly ente: EnteDevedor;
  readonly order: PaymentOrder;
  readonly rpvCeilingBrl: InstanceType<typeof import('../domain/money.ts').Dec>;
}

type Options = typeof DEFAULT_PAYMENT_ORDER_OPTIONS;

/** The public form drops the ground and its date (issue 15 §4): for age, the date is the 60th birthday. */
function orderJson({ ente, order, rpvCeilingBrl }: EnteOrder, options: Options, publica: boolean) {
  return {
    ente: { id: ente.id, nome: ente.nome, esfera: ente.esfera, regime: ente.regime },
    tetoRpv: toDecimalString(rpvCeilingBrl),
    tetoSuperpreferencia: toDecimalString(order.superpreferenceCapBrl),
    superpreferencia: order.superpreference.map((t) => ({
      posicao: t.position,
      numero: t.numero,
      posicaoCronologica: t.chronologicalPosition,
      orcamento: t.budgetYear,
      ...(publica ? {} : { motivo: t.ground, desde: t.groundSince }),
      valor: toDecimalString(t.amountBrl),
    })),
    cronologica: order.chronological.map((e) => ({
      posicao: e.position,
      numero: e.item.numero,
      orcamento: e.key.budgetYear,
      natureza: e.key.natureza,
      status: e.item.status,
      apresentacao: e.key.presentation.kind === 'timestamp' ? e.key.presentation.at : { ordemPublicada: e.key.presentation.ordem },
      valorRequisitado: toDecimalString(e.item.valorRequisitadoBrl),
      saldo: toDecimalString(e.saldoBrl),
      superpreferencia: toDecimalString(e.superpreferenceBrl),
      remanescente: toDecimalString(e.remainderBrl),
      explicacao: explainSortKey(e.key, options),
    })),
  };
}

function csvRows(orders: EnteOrder[], options: Options, publica: boolean): string[][] {
  const rows = [['ente_id', 'lista', 'posicao', 'numero', 'orcamento', 'natureza', 'status', 'valor', 'superpreferencia', 'remanescente', 'explicacao']];
  for (const { ente, order } of orders) {
    for (const t of order.superpreference) {
      rows.push([
        ente.id,
        'superpreferencia',
        String(t.position),
        t.numero,
        String(t.budgetYear),
        'alimentar',
        'ativo',
        toDecimalString(t.amountBrl),
        toDecimalString(t.amountBrl),
        '0.00',
        `${publica ? '' : `${t.ground} desde ${t.groundSince}; `}posição cronológica ${t.chronologicalPosition}`,
      ]);
    }
    for (const e of order.chronological) {
      rows.push([
        ente.id,
        'cronologica',
        String(e.position),
        e.item.numero,
        String(e.key.budgetYear),
        e.key.natureza,
        e.item.status,
        toDecimalString(e.saldoBrl),
        toDecimalString(e.superpreferenceBrl),
        toDecimalString(e.remainderBrl),
        explainSortKey(e.key, options),
      ]);
    }
  }
  return rows;
}

function orderTable({ ente, order, rpvCeilingBrl }: EnteOrder, options: Options, limit: number, publica: boolean): string {
  const more = (shown: number, total: number) => (total > shown ? `  … e mais ${total - shown} (use --formato csv ou json para a lista completa)\n` : '');
  const head =
    `${ente.nome} (${ente.id}) — regime ${ente.regime}, esfera ${ente.esfera}\n` +
    `  teto de RPV em ${order.runDate}: ${formatBrl(rpvCeilingBrl)} · teto da superpreferência por credor: ${formatBrl(order.superpreferenceCapBrl)}\n`;
  const superpref =
    order.superpreference.length === 0
      ? '  lista de superpreferência: vazia\n'
      : `  lista de superpreferência (${order.superpreference.length}):\n${renderTable(
          ['pos.', 'número', 'pos. cron.', 'orçamento', ...(publica ? [] : ['motivo', 'desde']), 'parcela'],
          order.superpreference
            .slice(0, limit)
            .map((t) => [
              String(t.position),
              t.numero,
              String(t.chronologicalPosition),
              String(t.budgetYear),
              ...(publica ? [] : [t.ground, t.groundSince]),
              formatBrl(t.amountBrl),
            ]),
        )}${more(Math.min(limit, order.superpreference.length), order.superpreference.length)}`;
  const chrono = `  lista cronológica (${order.chronological.length}):\n${renderTable(
    ['pos.', 'número', 'status', 'saldo', 'remanescente', 'por quê'],
    order.chronological
      .slice(0, limit)
      .map((e) => [String(e.position), e.item.numero, e.item.status, formatBrl(e.saldoBrl), formatBrl(e.remainderBrl), explainSortKey(e.key, options)]),
  )}${more(Math.min(limit, order.chronological.length), order.chronological.length)}`;
  return `${head}${superpref}${chrono}`;
}
