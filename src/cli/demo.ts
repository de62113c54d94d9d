import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SEED, generateTjpaDemo } from '../demo/tjpa-demo.ts';
import type { Command } from './main.ts';
import { toCsv } from './output.ts';

export const DEFAULT_DEMO_PATH = '.data/tjpa-demo.csv';

const HELP = `uso: precatorios demo [--saida ${DEFAULT_DEMO_PATH}] [--semente N] [--escala 1]
  Gera o CSV do registro de demonstração: devedores do TJPA, precatórios, beneficiários e pessoas
  fictícios, reprodutíveis pela semente. --escala multiplica o tamanho (0 a 1000; 1 = 4 915 precatórios).
`;

export const demoCommand: Command = {
  summary: 'gera o registro de demonstração (devedores do TJPA, dados fictícios e reprodutíveis)',
  help: () => HELP,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        saida: { type: 'string', default: DEFAULT_DEMO_PATH },
        semente: { type: 'string', default: String(DEMO_SEED) },
        escala: { type: 'string', default: '1' },
      },
    });
    const seed = Number(values.semente);
    const scale = Number(values.escala);
    if (!Number.isInteger(seed)) throw new Error(`--semente deve ser um inteiro (recebido: ${values.semente})`);
    if (!(scale > 0 && scale <= 1000)) throw new Error(`--escala deve estar entre 0 e 1000 (recebido: ${values.escala})`);
    const rows = generateTjpaDemo(seed, scale);
    mkdirSync(dirname(values.saida), { recursive: true });
    writeFileSync(values.saida, toCsv(rows));
    const precatorios = new Set(rows.slice(1).map((r) => r[0])).size;
    process.stderr.write(`demo: ${precatorios} precatórios, ${rows.length - 1} linhas (semente ${seed}) em ${values.saida}\n`);
    return 0;
  },
};
