import type { Command } from './main.ts';
import { parseCommandArgs, usageError } from './output.ts';
import { dateFlag } from './date-options.ts';
import { withRegistry } from './with-registry.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';

const HELP = `uso: precatorios mudancas <numero> [--desde AAAA-MM-DD] [--formato texto|json]
  Por que a posição do precatório mudou (issue 18 §1): a posição na lista publicada ao fim do dia
  --desde e na lista publicada hoje, e cada movimento com o motivo — precatórios à frente pagos por
  inteiro (ordem cronológica, acordo ou parcela superpreferencial), cancelados, novos ou corrigidos
  por importação, ou a correção do próprio —, lidos do registro de eventos. Só contagens e valores:
  nenhum número de outro precatório nem dado de pessoa. É a mesma resposta pública da API.
  --desde    o dia da lista anterior (AAAA-MM-DD ou DD/MM/AAAA, até hoje); padrão: 30 dias antes de hoje
  --formato  texto (padrão) ou json
`;

export const mudancasCommand: Command = {
  summary: 'por que a posição de um precatório mudou desde uma lista anterior',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, { desde: { type: 'string' }, formato: { type: 'string', default: 'texto' } });
    if (!parsed.ok) return usageError(HELP, parsed.message);
    const { values, positionals } = parsed.value;
    const numero = positionals[0];
    if (!numero || positionals.length > 1) return usageError(HELP, 'informe um número de precatório');
    const formato = values.formato;
    if (formato !== 'texto' && formato !== 'json') return usageError(HELP, `--formato deve ser texto ou json (recebido: ${formato})`);
    const desde = values.desde === undefined ? undefined : dateFlag(values.desde, '--desde', supportedDatesToday().registro);
    if (desde && !desde.ok) {
      process.stderr.write(`erro: ${desde.error}\n`);
      return 1;
    }
    return withRegistry(async (registry) => {
      const answer = await registry.positionChanges(numero, desde?.value);
      if (!answer) {
        process.stderr.write(`erro: precatório ${numero} não encontrado\n`);
        return 1;
      }
      if (formato === 'json') process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      else {
        const lines = [
          answer.resumo,
          ...answer.motivos.map((m) => `  - ${m.descricao}.`),
          ...(answer.superpreferencias ? [answer.superpreferencias] : []),
          answer.observacao,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    });
  },
};
