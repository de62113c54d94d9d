import { readFileSync } from 'node:fs';
import { money } from '../domain/money.ts';
import { parseAmount } from '../import/fields.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { dateFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { formatBrl, parseCommandArgs, usageError, renderTable, reportRejected } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios deposito registrar --ente X --data AAAA-MM-DD --valor V --documento "extrato…"
       precatorios deposito importar <arquivo.csv> [--ente X]
       precatorios deposito extrato --ente X [--formato tabela|json]
  Conta especial do ente (regime especial, ADCT 101; R7.1–R7.5). Cada depósito entra na conta, é
  repartido com as listas do TRT/TRF (R7.3; sem ato do Comitê Gestor registrado, tudo fica no TJ) e
  dividido entre a conta da ordem cronológica — pelo menos o mínimo do ADCT 102 (50 %), ou a parcela
  do plano (financiamento registrado) — e a conta de acordos, só para entes com acordo regulamentado
  (Estado do Pará, Belém). Grava no banco configurado (DATABASE_URL ou .data/pglite) em nome do
  usuário do sistema (local:<usuário>); com um servir aberto sobre ele, pela API desse servidor
  (PRECATORIOS_TOKEN: o token de um usuário da equipe; vazio, a credencial local do servidor).
  registrar  um depósito; --valor em reais (1234.56 ou 1.234,56), --data nunca futura
  importar   CSV com colunas ente;data;valor;documento (ou , como separador; sem "ente" se --ente):
             tudo ou nada — cada linha recusada é relatada com linha e campo; pelo servidor, um
             ente por arquivo (--ente obrigatório)
  extrato    saldos e lançamentos (conta, tipo, sentido, data, valor, documento)
`;

export const depositoCommand: Command = {
  summary: 'conta especial: registra e importa depósitos, mostra o extrato (R7.1–R7.5)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      ente: { type: 'string' },
      data: { type: 'string' },
      valor: { type: 'string' },
      documento: { type: 'string' },
      formato: { type: 'string', default: 'tabela' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    const [action, file, ...extra] = positionals;
    if (extra.length > 0 || (action !== 'importar' && file !== undefined)) return usage(`argumento(s) a mais: ${[file, ...extra].filter(Boolean).join(' ')}`);
    const dates = supportedDatesToday();
    if (action === 'registrar') {
      if (!values.ente) return usage('informe o ente (--ente)');
      if (values.data === undefined) return usage('informe a data do depósito (--data)');
      const date = dateFlag(values.data, '--data', dates.contaEspecial);
      if (!date.ok) return usage(date.error);
      if (values.valor === undefined) return usage('informe o valor (--valor)');
      const amount = parseAmount(values.valor);
      if (!amount.ok) return usage(`--valor: ${amount.error}`);
      if (!amount.value.greaterThan(0)) return usage(`--valor: o depósito deve ser maior que zero (recebido: ${values.valor})`);
      const document = values.documento?.trim() ?? '';
      if (document === '' || document.length > 500) return usage('informe o comprovante (--documento, 1 a 500 caracteres)');
      const enteId = values.ente;
      return withRegistry(async (registry) => {
        const r = await registry.specialAccount.deposit({ enteId, date: date.value, amount: amount.value, document });
        process.stdout.write(
          `depósito de ${formatBrl(amount.value)} registrado em ${date.value} (${enteId})\n${renderTable(
            ['conta', 'tipo', 'sentido', 'valor', 'destino'],
            r.lancamentos.map((e) => [e.conta, e.tipo, e.sentido, formatBrl(money(e.valor)), e.destino ?? '']),
          )}saldos: cronológica ${formatBrl(money(r.saldos.cronologica))}, acordos ${formatBrl(money(r.saldos.acordo))}\n`,
        );
        return 0;
      });
    }
    if (action === 'importar') {
      if (file === undefined) return usage('informe o arquivo CSV');
      let csv: string;
      try {
        csv = readFileSync(file, 'utf8');
      } catch (error) {
        return usage(`não foi possível ler ${file}: ${(error as Error).message}`);
      }
      return withRegistry(async (registry) => {
        const r = await registry.specialAccount.importDeposits(csv, values.ente);
        if (!r.ok) {
          reportRejected(r.errors, csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
          process.stderr.write('nenhum depósito foi gravado\n');
          return 1;
        }
        process.stdout.write(`${r.recorded} depósito(s) importado(s), total ${formatBrl(r.total)}\n`);
        return 0;
      });
    }
    if (action === 'extrato') {
      if (!values.ente) return usage('informe o ente (--ente)');
      if (values.formato !== 'tabela' && values.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${values.formato})`);
      const enteId = values.ente;
      const json = values.formato === 'json';
      return withRegistry(async (registry) => {
        const s = await registry.specialAccount.statement(enteId);
        if (json) {
          process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
          return 0;
        }
        process.stdout.write(
          `Conta especial — ${s.ente.nome} (${s.ente.id})\nsaldos: cronológica ${formatBrl(money(s.saldos.cronologica))}, acordos ${formatBrl(money(s.saldos.acordo))}\n\n${renderTable(
            ['data', 'conta', 'tipo', 'sentido', 'valor', 'documento'],
            s.lancamentos.map((e) => [e.data, e.conta, e.tipo, e.sentido, formatBrl(money(e.valor)), e.documento]),
          )}`,
        );
        return 0;
      });
    }
    return usage(action === undefined ? 'informe a ação: registrar, importar ou extrato' : `ação desconhecida: ${action}`);
  },
};

const usage = (message: string): number => usageError(HELP, message);
