import { Dec } from '../domain/money.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { dateFlag } from './date-options.ts';
import type { Command } from './main.ts';
import { parseCommandArgs, usageError } from './output.ts';
import { withRegistry } from './with-registry.ts';

const HELP = `uso: precatorios ente salvar --id X --nome "…" --esfera uniao|estadual|municipal --regime geral|especial
       precatorios ente lei-rpv --ente X --desde AAAA-MM-DD --tipo salarios-minimos|valor-fixo|teto-rgps [--valor V] --fundamento "Lei …"
  Devedores mantidos pela equipe (issue 17 §5). Cada mudança é um evento com antes e depois e as
  listas e tetos seguem na leitura seguinte (versão do ente).
  salvar   cria o ente ou altera nome, esfera e regime (o regime de um ente com precatórios vem da importação)
  lei-rpv  lei de RPV vigente desde --desde (R4.2): --valor é o múltiplo de salários mínimos ou os reais
           (1234.56); sem --valor para teto-rgps
  Grava no banco configurado (DATABASE_URL ou .data/pglite), ou pela API de um servir aberto sobre ele.
`;

export const enteCommand: Command = {
  summary: 'devedores mantidos pela equipe: cria/altera o ente e registra leis de RPV (issue 17 §5)',
  help: () => HELP,
  async run(args) {
    const parsed = parseCommandArgs(args, {
      id: { type: 'string' },
      nome: { type: 'string' },
      esfera: { type: 'string' },
      regime: { type: 'string' },
      ente: { type: 'string' },
      desde: { type: 'string' },
      tipo: { type: 'string' },
      valor: { type: 'string' },
      fundamento: { type: 'string' },
    });
    if (!parsed.ok) return usage(parsed.message);
    const { values, positionals } = parsed.value;
    const [action, ...extra] = positionals;
    if (extra.length > 0) return usage(`argumento(s) a mais: ${extra.join(' ')}`);
    if (action === 'salvar') {
      for (const o of ['id', 'nome', 'esfera', 'regime'] as const) if (!values[o]) return usage(`informe --${o}`);
      const input = { id: values.id!, nome: values.nome!, esfera: values.esfera!, regime: values.regime! };
      return withRegistry(async (registry) => {
        const r = await registry.entes.save(input);
        process.stdout.write(`ente ${r.ente.id} ${r.criado ? 'criado' : 'salvo'}: ${r.ente.nome} (${r.ente.esfera}, regime ${r.ente.regime})\n`);
        return 0;
      });
    }
    if (action === 'lei-rpv') {
      for (const o of ['ente', 'desde', 'tipo', 'fundamento'] as const) if (!values[o]) return usage(`informe --${o}`);
      const date = dateFlag(values.desde!, '--desde', supportedDatesToday().expedicao);
      if (!date.ok) return usage(date.error);
      if (values.valor !== undefined && !/^\d{1,14}(\.\d{1,4})?$/.test(values.valor))
        return usage(`--valor: use 40 ou 15000.00, sem sinal (recebido: ${values.valor})`);
      const input = {
        enteId: values.ente!,
        validFrom: date.value,
        kind: values.tipo!,
        amount: values.valor === undefined ? undefined : new Dec(values.valor),
        legalBasis: values.fundamento!,
      };
      return withRegistry(async (registry) => {
        const law = await registry.entes.rpvLaw(input);
        process.stdout.write(
          `lei de RPV de ${input.enteId} desde ${law.vigenteDesde}: ${law.tipo}${law.valor === null ? '' : ` ${law.valor}`} (${law.fundamento})\n`,
        );
        return 0;
      });
    }
    return usage(action === undefined ? 'informe a ação: salvar ou lei-rpv' : `ação desconhecida: ${action}`);
  },
};

const usage = (message: string): number => usageError(HELP, message);
