import { Dec, money } from '../domain/money.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { amountOption } from './amount-options.ts';
import { dateFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { formatBrl, parseCommandArgs, usageError, renderTable } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios plano mostrar --ente X [--ano AAAA] [--data AAAA-MM-DD] [--rcl V] [--estoque V] [--formato tabela|json]
       precatorios plano rcl --ente X --exercicio AAAA --valor V --fonte "RREO 6º bim." [--estoque-mora V]
       precatorios plano parcelamentos --ente X [--formato tabela|json]
  Plano anual da EC 136 (CF art. 100 §§23–24; R7.8) e inadimplência (ADCT 103–104; R7.9).
  mostrar  RCL do exercício anterior, estoque em mora, faixa (inciso I–IX), limite anual, depósito
           mensal (limite ÷ 12, truncado ao centavo) e, mês a mês até --data (padrão: hoje), as
           parcelas devidas × os depósitos da conta especial: o valor não liberado marca o ente
           inadimplente. --rcl e --estoque: hipótese (nada é gravado). --ano: padrão o ano de --data.
  rcl      registra ou corrige a RCL de um exercício com a fonte (e, se publicado, o estoque em mora em
           1º/01 do exercício seguinte, de todas as listas); um evento com antes e depois.
  parcelamentos  precatórios acima de 15 % dos precatórios do seu ano orçamentário (CF art. 100
           §20; R7.10): 15 % no ano e o restante em 5 parcelas anuais iguais; a rodada de pagamento
           e a projeção de um ente em regime geral só pagam pela lista as parcelas já vencidas.
  Grava no banco configurado (DATABASE_URL ou .data/pglite), ou pela API de um servir aberto sobre ele.
  Valores em reais: 1234.56, 1.234,56 ou R$ 1.234,56.
`;

export const planoCommand: Command = {
  summary: 'plano da EC 136: RCL, limite por faixa, depósito mensal e inadimplência (R7.8, R7.9); parcelamentos do CF §20 (R7.10)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      ente: { type: 'string' },
      ano: { type: 'string' },
      data: { type: 'string' },
      rcl: { type: 'string' },
      estoque: { type: 'string' },
      formato: { type: 'string', default: 'tabela' },
      exercicio: { type: 'string' },
      valor: { type: 'string' },
      fonte: { type: 'string' },
      'estoque-mora': { type: 'string' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    const [action, ...extra] = positionals;
    if (extra.length > 0) return usage(`argumento(s) a mais: ${extra.join(' ')}`);
    if (!values.ente) return usage('informe o ente (--ente)');
    const enteId = values.ente;
    const dates = supportedDatesToday();
    if (action === 'rcl') {
      const ex = values.exercicio;
      if (ex === undefined || !/^\d{4}$/.test(ex)) return usage(`--exercicio: informe o ano da RCL com 4 algarismos (recebido: ${ex ?? 'nada'})`);
      if (values.valor === undefined) return usage('informe a RCL (--valor)');
      const rcl = amountOption(values.valor, '--valor');
      if (!rcl.ok) return usage(rcl.error);
      if (!rcl.value.greaterThan(0)) return usage(`--valor: a RCL deve ser maior que zero (recebido: ${values.valor})`);
      const stock = values['estoque-mora'] === undefined ? undefined : amountOption(values['estoque-mora'], '--estoque-mora');
      if (stock && !stock.ok) return usage(stock.error);
      const fonte = values.fonte?.trim() ?? '';
      if (fonte === '' || fonte.length > 500) return usage('informe a fonte da RCL (--fonte, 1 a 500 caracteres: RREO, lei, ofício)');
      return withRegistry(async (registry) => {
        const r = await registry.ec136.recordRcl({ enteId, exercicio: Number(ex), rcl: rcl.value, estoqueMora: stock?.ok ? stock.value : undefined, fonte });
        process.stdout.write(
          `RCL de ${r.exercicio} registrada para ${enteId}: ${formatBrl(money(r.rcl))}${r.estoqueMora === null ? '' : `; estoque em mora ${formatBrl(money(r.estoqueMora))}`} (fonte: ${r.fonte})\n`,
        );
        return 0;
      });
    }
    if (action === 'parcelamentos') {
      if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
      const json = values.formato === 'json';
      return withRegistry(async (registry) => {
        const r = await registry.parcelamentosCf20(enteId);
        if (json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return 0;
        }
        const regime = r.ente.regime === 'geral' ? '' : ' — regime especial: a conta especial paga o estoque inteiro, a lista não é retida (R7.1)';
        if (r.itens.length === 0) {
          process.stdout.write(`Parcelamentos do CF §20 — ${r.ente.nome}: nenhum precatório acima de 15 % do seu ano orçamentário${regime}\n`);
          return 0;
        }
        process.stdout.write(
          `Parcelamentos do CF §20 — ${r.ente.nome} (${r.itens.length})${regime}\n\n${renderTable(
            ['número', 'orçamento', 'valor', 'base do ano', '% da base', 'parcelas'],
            r.itens.map((i) => [
              i.numero,
              String(i.orcamento),
              formatBrl(money(i.valor)),
              formatBrl(money(i.baseDoExercicio)),
              `${new Dec(i.fracaoDaBase).times(100).toFixed(2).replace('.', ',')} %`,
              i.parcelas.map((x) => `${x.ano}: ${formatBrl(money(x.valor))}`).join('; '),
            ]),
          )}\n${r.itens[0]!.fundamento}\n`,
        );
        return 0;
      });
    }
    if (action === 'mostrar') {
      if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
      const asOf = values.data === undefined ? { ok: true as const, value: dates.today } : dateFlag(values.data, '--data', dates.rodada);
      if (!asOf.ok) return usage(asOf.error);
      const ano = values.ano === undefined ? Math.max(2025, Number(asOf.value.slice(0, 4))) : Number(values.ano);
      if (values.ano !== undefined && (!/^\d{4}$/.test(values.ano) || ano < 2025 || ano > 2100))
        return usage(`--ano: os limites da EC 136 valem para os planos de 2025 a 2100 (recebido: ${values.ano})`);
      const rcl = values.rcl === undefined ? undefined : amountOption(values.rcl, '--rcl');
      if (rcl && !rcl.ok) return usage(rcl.error);
      if (rcl?.ok && !rcl.value.greaterThan(0)) return usage(`--rcl: a RCL deve ser maior que zero (recebido: ${values.rcl})`);
      const estoque = values.estoque === undefined ? undefined : amountOption(values.estoque, '--estoque');
      if (estoque && !estoque.ok) return usage(estoque.error);
      const json = values.formato === 'json';
      return withRegistry(async (registry) => {
        const p = await registry.ec136.plan({
          enteId,
          ano,
          asOf: asOf.value,
          rcl: rcl?.ok ? rcl.value : undefined,
          estoque: estoque?.ok ? estoque.value : undefined,
        });
        if (json) {
          process.stdout.write(`${JSON.stringify(p, null, 2)}\n`);
          return 0;
        }
        if (p.rcl === null || !('inadimplencia' in p)) {
          process.stdout.write(`Plano EC 136 de ${ano} — ${enteId}: ${'motivo' in p ? p.motivo : 'sem RCL'}\n`);
          return 0;
        }
        const d = p.inadimplencia;
        process.stdout.write(
          `Plano EC 136 de ${p.ano} — ${p.ente}${p.hipotese ? ' (hipótese)' : ''}
RCL de ${p.rcl.exercicio}: ${formatBrl(money(p.rcl.valor))} (${p.rcl.fonte})
estoque em mora em 1º/01/${p.ano}: ${formatBrl(money(p.estoqueEmMora.valor))} (${p.estoqueEmMora.fonte})
estoque ÷ RCL = ${p.razaoEstoqueRcl} → inciso ${p.inciso}: ${p.percentualRcl} % da RCL
limite anual ${formatBrl(money(p.limiteAnual))}; plano ${formatBrl(money(p.planoAnual))}; depósito mensal ${formatBrl(money(p.depositoMensal))}
${d.inadimplente ? `INADIMPLENTE: valor não liberado ${formatBrl(money(d.valorNaoLiberado))} (R7.9)` : 'em dia com o plano (R7.9)'}

${renderTable(
  ['mês', 'vencimento', 'devido acumulado', 'depositado', 'falta'],
  d.meses.map((m) => [m.mes, m.vencimento, formatBrl(money(m.devidoAcumulado)), formatBrl(money(m.depositadoAcumulado)), formatBrl(money(m.falta))]),
)}`,
        );
        return 0;
      });
    }
    return usage(action === undefined ? 'informe a ação: mostrar, rcl ou parcelamentos' : `ação desconhecida: ${action}`);
  },
};

const usage = (message: string): number => usageError(HELP, message);
