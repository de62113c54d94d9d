import type { RegistryClient } from '../app/registry-client.ts';
import { money } from '../domain/money.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { dateFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { formatBrl, parseCommandArgs, renderTable, usageError } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios acordo edital --ente X --numero N --abertura AAAA-MM-DD --encerramento AAAA-MM-DD [--desagio-maximo 0.4] [--parcela 0.5] [--fundamento "Lei…"]
       precatorios acordo habilitar --edital ID --precatorio NUM --beneficiario B --desagio 0.2 --data AAAA-MM-DD
       precatorios acordo chamar --edital ID --data AAAA-MM-DD [--confirmar] [--formato tabela|json]
  Acordos diretos do regime especial (ADCT art. 102 §1º; R7.6, R7.7; Lei PA 7.482/2010).
  edital     abre o edital do ente: prazo de habilitação e deságio máximo (padrão e teto 0.4 = 40 %)
  habilitar  habilita o credor (precatório + beneficiário) com o deságio que aceita, no prazo e até o
             limite do edital
  chamar     chama os habilitados na ordem cronológica original contra o saldo da conta de acordos na
             data: cada acordo paga o devido na data × (1 − deságio), com retenções, quita o crédito e
             debita a conta de acordos; para no primeiro que o saldo não cobre. Sem --confirmar é só a
             prévia; com --confirmar grava (um evento por passo).
  Grava no banco configurado ou, com um servir aberto sobre ele, pela API desse servidor.
`;

const FRACTION = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;

export const acordoCommand: Command = {
  summary: 'acordos diretos: edital, habilitação e chamada na ordem da lista (R7.6, R7.7)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      ente: { type: 'string' },
      numero: { type: 'string' },
      abertura: { type: 'string' },
      encerramento: { type: 'string' },
      'desagio-maximo': { type: 'string' },
      parcela: { type: 'string' },
      fundamento: { type: 'string' },
      edital: { type: 'string' },
      precatorio: { type: 'string' },
      beneficiario: { type: 'string' },
      desagio: { type: 'string' },
      data: { type: 'string' },
      confirmar: { type: 'boolean', default: false },
      formato: { type: 'string', default: 'tabela' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values: v, positionals } = parsed.value;
    const [action, ...extra] = positionals;
    if (extra.length > 0) return usage(`argumento(s) a mais: ${extra.join(' ')}`);
    const dates = supportedDatesToday();
    const fraction = (flag: string, value: string | undefined) =>
      value === undefined || FRACTION.test(value) ? undefined : `${flag}: fração entre 0 e 1 com até 6 casas decimais, como 0.4 (recebido: ${value})`;
    if (action === 'edital') {
      if (!v.ente) return usage('informe o ente (--ente)');
      if (!v.numero) return usage('informe o número do edital (--numero)');
      if (v.abertura === undefined || v.encerramento === undefined) return usage('informe o prazo de habilitação (--abertura e --encerramento)');
      const abertura = dateFlag(v.abertura, '--abertura', dates.contaEspecial);
      if (!abertura.ok) return usage(abertura.error);
      const encerramento = dateFlag(v.encerramento, '--encerramento', dates.contaEspecial);
      if (!encerramento.ok) return usage(encerramento.error);
      const bad = fraction('--desagio-maximo', v['desagio-maximo']) ?? fraction('--parcela', v.parcela);
      if (bad) return usage(bad);
      const input = {
        enteId: v.ente,
        numero: v.numero,
        abertura: abertura.value,
        encerramento: encerramento.value,
        desagioMaximo: v['desagio-maximo'],
        parcelaAcordos: v.parcela,
        fundamento: v.fundamento,
      };
      return withRegistry(async (registry) => {
        const e = await acordosOf(registry).edital(input);
        process.stdout.write(`edital ${e.numero} (id ${e.id}) aberto para ${e.ente}: ${e.abertura} a ${e.encerramento}, deságio máximo ${e.desagioMaximo}\n`);
        return 0;
      });
    }
    if (action === 'habilitar') {
      if (!v.edital) return usage('informe o edital (--edital)');
      if (!v.precatorio) return usage('informe o precatório (--precatorio)');
      if (!v.beneficiario) return usage('informe o beneficiário (--beneficiario)');
      if (v.desagio === undefined) return usage('informe o deságio aceito (--desagio, fração como 0.2)');
      const bad = fraction('--desagio', v.desagio);
      if (bad) return usage(bad);
      if (v.data === undefined) return usage('informe a data da habilitação (--data)');
      const date = dateFlag(v.data, '--data', dates.contaEspecial);
      if (!date.ok) return usage(date.error);
      const input = { editalId: v.edital, numero: v.precatorio, beneficiarioId: v.beneficiario, desagio: v.desagio, date: date.value };
      return withRegistry(async (registry) => {
        const h = await acordosOf(registry).habilitar(input);
        process.stdout.write(`habilitado: ${h.precatorio} (${h.beneficiario}) com deságio ${h.desagio} no edital ${h.edital}\n`);
        return 0;
      });
    }
    if (action === 'chamar') {
      if (!v.edital) return usage('informe o edital (--edital)');
      if (v.data === undefined) return usage('informe a data dos pagamentos (--data)');
      const date = dateFlag(v.data, '--data', dates.contaEspecial);
      if (!date.ok) return usage(date.error);
      if (v.formato !== 'tabela' && v.formato !== 'json') return usage(`--formato deve ser tabela ou json (recebido: ${v.formato})`);
      const input = { editalId: v.edital, date: date.value, confirm: v.confirmar === true };
      const json = v.formato === 'json';
      return withRegistry(async (registry) => {
        const r = await acordosOf(registry).chamada(input);
        if (json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return 0;
        }
        process.stdout.write(
          `${r.confirmado ? 'acordos pagos' : 'prévia (nada gravado; --confirmar grava)'} — edital ${r.edital}, ${r.ente}, ${r.data}; saldo da conta de acordos ${formatBrl(money(r.saldoAcordo))}\n${renderTable(
            ['precatório', 'beneficiário', 'devido', 'deságio', 'renúncia', 'pago'],
            r.acordos.map((a) => [a.precatorio, a.beneficiario, formatBrl(money(a.devido)), a.desagio, formatBrl(money(a.renuncia)), formatBrl(money(a.pago))]),
          )}${r.paradoEm ? `parou em ${r.paradoEm.precatorio} (${r.paradoEm.beneficiario}): ${formatBrl(money(r.paradoEm.pago))} não cabe no saldo restante\n` : ''}saldo restante ${formatBrl(money(r.saldoRestante))}\n`,
        );
        return 0;
      });
    }
    return usage(action === undefined ? 'informe a ação: edital, habilitar ou chamar' : `ação desconhecida: ${action}`);
  },
};

function acordosOf(registry: RegistryClient) {
  const a = registry.acordos;
  if (!a) throw new Error('este registro não oferece acordos diretos');
  return a;
}

const usage = (message: string): number => usageError(HELP, message);
