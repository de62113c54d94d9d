import { parseArgs } from 'node:util';
import { streamPreparedCsv } from '../import/parallel-read.ts';
import type { StreamSummary } from '../import/read-csv.ts';
import { loadRpvLaws, withRpvLaws } from '../rules/load-rule-book.ts';
import { openConfiguredDatabase } from '../shell/environment.ts';
import { RegistryImport } from '../storage/registry-store.ts';
import { EXIT_ROWS_REJECTED } from './fila.ts';
import type { Command } from './main.ts';
import { reportRejected } from './output.ts';

const HELP = `uso: precatorios importar <arquivo.csv> [--usuario nome]
  Importa um CSV (formato do projeto ou lista do TJRJ) para o registro: PostgreSQL se DATABASE_URL
  estiver definido, senão o banco embutido em .data/pglite. Tudo numa transação: ou todas as linhas
  aceitas entram, ou nenhuma. Reimportar o mesmo arquivo não muda nada. Linhas rejeitadas vão para a
  saída de erro (linha, campo, motivo) e o código de saída é 2.
`;

export const importarCommand: Command = {
  summary: 'importa um CSV para o registro (transacional, idempotente)',
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { usuario: { type: 'string', default: 'cli' }, ajuda: { type: 'boolean', short: 'h' } } });
    if (values.ajuda || positionals.length !== 1) {
      process.stderr.write(HELP);
      return values.ajuda ? 0 : 64;
    }
    const started = Date.now();
    const laws = loadRpvLaws();
    const db = await openConfiguredDatabase();
    let outcome: StreamSummary;
    try {
      const counts = await db.transaction(async (tx) => {
        const run = new RegistryImport(tx, values.usuario);
        outcome = await streamPreparedCsv(positionals[0]!, async (batch) => {
          await run.addPrepared({ entes: withRpvLaws(batch.entes, laws), items: batch.items });
          process.stderr.write(`\rgravados ${run.written} precatórios (${Math.round((Date.now() - started) / 1000)} s)`);
        });
        return run.finish();
      });
      process.stderr.write(`\n${outcome!.rowsRead} linhas (${outcome!.format}): ${counts.inserted} novos, ${counts.updated} alterados, ${counts.unchanged} sem mudança (${db.kind}, ${Date.now() - started} ms)\n`);
    } finally {
      await db.close();
    }
    reportRejected(outcome!.rejected, outcome!.rowsRead);
    return outcome!.rejected.length > 0 ? EXIT_ROWS_REJECTED : 0;
  },
};
