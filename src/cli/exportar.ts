import { parseArgs } from 'node:util';
import { withRegistry } from './with-registry.ts';
import type { Command } from './main.ts';
import { renderTable, parseOptions } from './output.ts';

const HELP = `uso: precatorios exportar --completo <pasta>
  Copia o registro inteiro (entes, leis de RPV, financiamento, precatórios, beneficiários,
  superpreferências, pagamentos, cessões, penhoras, séries de índices e o log de eventos) para uma
  pasta nova: um arquivo NDJSON por tabela (valores como texto exato: dinheiro em NUMERIC, datas ISO
  com fuso) e um manifest.json com as migrações, o número de linhas e o sha256 de cada arquivo e o
  hash do conteúdo do registro. Tudo é lido num só retrato consistente do banco (PostgreSQL se
  DATABASE_URL estiver definido, senão .data/pglite). A pasta não pode existir com arquivos.
  Contém dados pessoais (nomes, CPF, nascimento): guarde o backup como o próprio banco.
  Para restaurar num registro vazio: precatorios importar --completo <pasta>
`;

export const exportarCommand: Command = {
  summary: 'exporta o registro inteiro para uma pasta (backup completo)',
  help: () => HELP,
  async run(args) {
    const parsed = parseOptions(() => parseArgs({ args, options: { completo: { type: 'string' } } }));
    if (!parsed.ok) {
      process.stderr.write(`${parsed.message}\n${HELP}`);
      return 64;
    }
    const folder = parsed.value.values.completo;
    if (!folder) {
      process.stderr.write(HELP);
      return 64;
    }
    const started = Date.now();
    return withRegistry(async (registry) => {
      const manifest = await registry.exportBackup(folder, (tabela, linhas) => {
        process.stderr.write(`\r${`exportando ${tabela}: ${linhas} linhas`.padEnd(50)}`);
      });
      process.stderr.write(`\n`);
      process.stdout.write(`backup completo em ${folder} (${registry.kind}, migrações ${manifest.migracoes.join(', ')}, ${Date.now() - started} ms)\n`);
      process.stdout.write(
        renderTable(
          ['tabela', 'linhas'],
          manifest.tabelas.map((t) => [t.tabela, String(t.linhas)]),
        ),
      );
      process.stdout.write(`hash do conteúdo (sha256): ${manifest.hashConteudo}\n`);
      return 0;
    });
  },
};
