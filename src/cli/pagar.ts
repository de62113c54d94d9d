import type { IsoDate } from '../domain/dates.ts';
import { parseAmount } from '../import/fields.ts';
import { type PaidRun, paymentRunJson } from '../app/payment-run.ts';
import type { Command } from './main.ts';
import { ZERO } from '../domain/money.ts';
import { formatBrl, renderTable, warnDeprecatedUsuario, parseCommandArgs, usageError } from './output.ts';
import { dateFlag } from './date-options.ts';
import { withRegistry } from './with-registry.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';

const HELP = `uso: precatorios pagar --ente X --valor V [--data AAAA-MM-DD] [--formato tabela|json] [--limite N]
  Rodada de pagamento da equipe: paga a fila do ente com o valor disponível, na ordem da lei (R3.8),
  pelo valor devido na data do pagamento (liquidação: correção desde a data-base, R5.15–R5.17, R6.1):
  primeiro as parcelas superpreferenciais (até o teto por credor), depois a lista cronológica; o
  último alcançado pode ser pago em parte e mantém a posição (R2.8). Suspensos não recebem; no regime
  geral, só os precatórios de orçamento até o ano da data. Tudo numa transação: ou todos os pagamentos
  da rodada são gravados (cada um com o seu evento, mais um evento "rodada-de-pagamento"), ou nenhum.
  Cada pagamento liquidado retém IRRF e previdência pelos fatos tributários do beneficiário no
  registro (regime, NM do RRA, vínculo, previdência: colunas opcionais da importação, R6.6–R6.13) e
  mostra bruto, IRRF, previdência e líquido; sem os fatos, diz por que não houve retenção. O número
  de cada pagamento (campo pagamento do JSON) abre o seu documento: precatorios documento.
  Grava no banco configurado (DATABASE_URL ou .data/pglite), em nome do usuário do sistema que rodou
  o comando (local:<usuário>). --usuario foi descontinuado (o nome digitado não prova quem pagou): é
  aceito e ignorado.
  --valor     valor disponível em reais (1234.56 ou 1.234,56), em centavos
  --data      data do pagamento (AAAA-MM-DD ou DD/MM/AAAA), nunca futura; padrão: hoje em Belém.
              Exige os índices publicados até o mês anterior (a falta é nomeada: série e mês)
  --limite    na tabela, mostra só os N primeiros pagamentos (padrão 50; os totais contam todos)
  --previa    mostra a rodada sem gravar nada: a mesma rodada, desfeita no fim (o que a confirmação
              gravaria, com as mesmas recusas); rode de novo sem --previa para confirmar
`;

export const pagarCommand: Command = {
  summary: 'rodada de pagamento de um ente com um valor disponível (transacional)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      ente: { type: 'string' },
      valor: { type: 'string' },
      data: { type: 'string' },
      usuario: { type: 'string' },
      formato: { type: 'string', default: 'tabela' },
      limite: { type: 'string', default: '50' },
      previa: { type: 'boolean', default: false },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    if (positionals.length > 0) return usage(`argumento(s) a mais: ${positionals.join(' ')}`);
    warnDeprecatedUsuario(values.usuario);
    const enteId = values.ente;
    if (!enteId) return usage('informe o ente (--ente)');
    if (values.valor === undefined) return usage('informe o valor disponível (--valor)');
    const amount = parseAmount(values.valor);
    if (!amount.ok) return usage(`--valor: ${amount.error}`);
    if (!amount.value.isPositive() || amount.value.isZero()) return usage(`--valor: o valor disponível deve ser maior que zero (recebido: ${values.valor})`);
    if (!amount.value.times(100).isInteger()) {
      return usage(
        `--valor: use no máximo duas casas decimais, em centavos (recebido: ${values.valor}; para milhar, escreva com vírgula nos centavos, como 10.005,00)`,
      );
    }
    const dates = supportedDatesToday();
    let paidOn: IsoDate = dates.today;
    if (values.data !== undefined) {
      // A payment run is a run date (its lists) and a payment date (a recorded fact: not future).
      const date = dateFlag(values.data, '--data', dates.rodada, dates.registro);
      if (!date.ok) return usage(date.error);
      paidOn = date.value;
    }
    if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
    const limit = Number(values.limite);
    if (!Number.isInteger(limit) || limit < 1) return usage(`--limite deve ser um inteiro positivo (recebido: ${values.limite})`);

    return withRegistry(async (registry) => {
      // Progress on stderr, like `importar`; nothing is committed until the last payment is written.
      const mode = values.previa ? 'previa' : 'gravar';
      const plan = await registry.runPayment(
        { enteId, availableBrl: amount.value, paidOn },
        (written, total) => {
          if (written % 10 === 0 || written === total) process.stderr.write(`\rgravados ${written} de ${total} pagamentos`);
        },
        mode,
      );
      if (mode === 'previa') process.stderr.write(`prévia: nada foi gravado (${registry.kind}); sem --previa, a rodada grava estes pagamentos\n`);
      else if (plan.items.length > 0) process.stderr.write(`\nrodada gravada (${registry.kind})\n`);
      process.stdout.write(values.formato === 'json' ? `${JSON.stringify(paymentRunJson(plan), null, 2)}\n` : render(plan, limit));
      return 0;
    });
  },
};

const usage = (message: string): number => usageError(HELP, message);

/** How the amounts were valued (R6.1): on the payment date, or at face value and why. */
function liquidationNote(plan: PaidRun): string {
  const month = plan.items.find((i) => i.liquidation)?.liquidation?.month;
  const liquidated = month
    ? `\nValores liquidados em ${month.slice(5)}/${month.slice(0, 4)}: devido = valor corrigido desde a data-base menos os pagamentos anteriores corrigidos (R5.15); componentes do que cada pagamento quitou (R6.3); saldo após em valor da data.\n`
    : '';
  const face = (plan.faceValued ?? []).map((f) => `  ${f.numero}: ${f.motivo}\n`).join('');
  return liquidated + (face ? `Pagos pelo valor de face, sem liquidação:\n${face}` : '') + retentionNote(plan);
}

/**
 * The withholding of the run (R6.6–R6.13): totals, and the reasons payments carry none — each reason
 * once, with how many payments it covers (a run pays thousands).
 */
function retentionNote(plan: PaidRun): string {
  let irrf = ZERO;
  let previdencia = ZERO;
  let net = ZERO;
  const reasons = new Map<string, number>();
  for (const r of plan.retentions) {
    if ('withholding' in r) {
      irrf = irrf.plus(r.withholding.irrfBrl);
      previdencia = previdencia.plus(r.withholding.previdenciaBrl);
      net = net.plus(r.withholding.netBrl);
    } else reasons.set(r.motivo, (reasons.get(r.motivo) ?? 0) + 1);
  }
  const withheld = plan.retentions.length - [...reasons.values()].reduce((a, b) => a + b, 0);
  const totals =
    withheld > 0 ? `Retenções (${withheld} pagamento(s)): IRRF ${formatBrl(irrf)}  previdência ${formatBrl(previdencia)}  líquido ${formatBrl(net)}\n` : '';
  return totals + [...reasons].map(([motivo, n]) => `  ${n} pagamento(s) sem retenção — ${motivo}\n`).join('');
}

function render(plan: PaidRun, limit: number): string {
  const title = `Rodada de pagamento — ${plan.enteId}, ${plan.runDate}\n\n`;
  if (plan.items.length === 0) {
    return `${title}Nada a pagar: o ente não tem saldo pagável nesta data (suspensos e, no regime geral, orçamentos futuros esperam). Nada foi gravado.\n`;
  }
  const rows = plan.items.slice(0, limit).map((i, n) => {
    const r = plan.retentions[n];
    const w = r && 'withholding' in r ? r.withholding : undefined;
    return [
      String(n + 1),
      i.kind === 'superpreferencia' ? 'superpreferência' : 'cronológica',
      String(i.position),
      String(i.chronologicalPosition),
      i.numero,
      i.beneficiarioId,
      i.liquidation ? formatBrl(i.liquidation.owedBrl) : 'face',
      formatBrl(i.amountBrl),
      i.liquidation ? formatBrl(i.liquidation.paid.principal) : '',
      i.liquidation ? formatBrl(i.liquidation.paid.jurosMora) : '',
      i.liquidation ? formatBrl(i.liquidation.paid.selic) : '',
      i.liquidation ? formatBrl(i.liquidation.paid.jurosEc136) : '',
      w ? formatBrl(w.irrfBrl) : '',
      w ? formatBrl(w.previdenciaBrl) : '',
      w ? formatBrl(w.netBrl) : '',
      formatBrl(i.balanceAfterBrl),
    ];
  });
  const more = plan.items.length > limit ? `  … e mais ${plan.items.length - limit} pagamento(s) (use --limite ou --formato json)\n` : '';
  const partial = plan.partial
    ? `Pago em parte: ${plan.partial.numero} (posição ${plan.partial.chronologicalPosition}), resta ${formatBrl(plan.partial.remainingBrl)}; mantém a posição (R2.8)\n`
    : '';
  return (
    title +
    renderTable(
      [
        '#',
        'lista',
        'pos.',
        'pos. cronol.',
        'número',
        'beneficiário',
        'devido na data',
        'pago',
        'principal',
        'juros de mora',
        'SELIC',
        'juros EC 136',
        'IRRF',
        'previdência',
        'líquido',
        'saldo após',
      ],
      rows,
    ) +
    more +
    liquidationNote(plan) +
    `\nDisponível: ${formatBrl(plan.availableBrl)}  pago: ${formatBrl(plan.paidBrl)}  sobra: ${formatBrl(plan.leftoverBrl)}\n` +
    `${plan.items.length} pagamento(s) (${plan.items.filter((i) => i.kind === 'superpreferencia').length} de superpreferência), ` +
    `${plan.settled.length} precatório(s) quitado(s); saldo pagável antes da rodada: ${formatBrl(plan.payableBrl)}\n` +
    partial
  );
}
