import { parseArgs } from 'node:util';
import { streamPreparedCsv } from '../import/parallel-read.ts';
import type { StreamSummary } from '../import/read-csv.ts';
import { loadRpvLaws, withRpvLaws } from '../rules/load-rule-book.ts';
import { localActor, openConfiguredDatabase } from '../shell/environment.ts';
import { supportedDatesToday } from '../shell/supported-dates-today.ts';
import { restoreRegistry } from '../storage/backup.ts';
import type { Db } from '../storage/db.ts';
import { type ImportRefusal, RegistryImport } from '../storage/registry-store.ts';
import { EXIT_ROWS_REJECTED } from './fila.ts';
import type { Command } from './main.ts';
import { renderTable, reportRejected, warnDeprecatedUsuario } from './output.ts';

const HELP = `uso: precatorios importar <arquivo.csv>
       precatorios importar --completo <pasta>
  Importa um CSV (formato do projeto ou lista do TJRJ) para o registro: PostgreSQL se DATABASE_URL
  estiver definido, senão o banco embutido em .data/pglite. Tudo numa transação: ou todas as linhas
  aceitas entram, ou nenhuma. Reimportar o mesmo arquivo não muda nada. Linhas rejeitadas vão para a
  saída de erro (linha, campo, motivo) e o código de saída é 2.
  --completo <pasta>  restaura um backup de "precatorios exportar --completo" num registro VAZIO,
                      numa transação: confere o manifesto e o sha256 de cada arquivo antes de gravar
                      (backup alterado ou corrompido: nada é gravado), mantém os ids e confere, antes
                      de confirmar, que o hash do conteúdo restaurado é o do backup.
  Os eventos gravados levam como autor o usuário do sistema que rodou o comando (local:<usuário>).
  --usuario foi descontinuado: o nome digitado não prova quem importou; é aceito e ignorado.
`;

export const importarCommand: Command = {
  summary: 'importa um CSV para o registro (transacional, idempotente), ou um backup completo (--completo)',
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { usuario: { type: 'string' }, completo: { type: 'string' }, ajuda: { type: 'boolean', short: 'h' } } });
    } catch (error) {
      process.stderr.write(`opções inválidas (${error instanceof Error ? error.message.split('\n')[0] : String(error)})\n${HELP}`);
      return 64;
    }
    const { values, positionals } = parsed;
    warnDeprecatedUsuario(values.usuario);
    if (values.ajuda || positionals.length !== (values.completo === undefined ? 1 : 0)) {
      process.stderr.write(HELP);
      return values.ajuda ? 0 : 64;
    }
    if (values.completo !== undefined) {
      const db = await openConfiguredDatabase();
      try {
        return await restoreBackup(db, values.completo);
      } finally {
        await db.close();
      }
    }
    const started = Date.now();
    const laws = loadRpvLaws();
    const db = await openConfiguredDatabase();
    let outcome: StreamSummary;
    let refused: readonly ImportRefusal[] = [];
    try {
      const counts = await db.transaction(async (tx) => {
        const run = new RegistryImport(tx, localActor());
        outcome = await streamPreparedCsv(positionals[0]!, async (batch) => {
          await run.addPrepared({ entes: withRpvLaws(batch.entes, laws), items: batch.items });
          process.stderr.write(`\rgravados ${run.written} precatórios (${Math.round((Date.now() - started) / 1000)} s)`);
        }, supportedDatesToday(started));
        return { ...(await run.finish()), refused: run.refused };
      });
      process.stderr.write(`\n${outcome!.rowsRead} linhas (${outcome!.format}): ${counts.inserted} novos, ${counts.updated} alterados, ${counts.unchanged} sem mudança${counts.refused.length > 0 ? `, ${counts.refused.length} recusados` : ''} (${db.kind}, ${Date.now() - started} ms)\n`);
      // Changed by staff since their last import: not overwritten (issue 9), each said once.
      refused = counts.refused;
      for (const r of refused) process.stderr.write(`recusado: ${r.motivo}\n`);
    } finally {
      await db.close();
    }
    reportRejected(outcome!.rejected, outcome!.rowsRead);
    return outcome!.rejected.length > 0 || refused.length > 0 ? EXIT_ROWS_REJECTED : 0;
  },
};

/** `importar --completo`: the whole registry from a backup folder (src/storage/backup.ts). */
async function restoreBackup(db: Db, folder: string): Promise<number> {
  const started = Date.now();
  const summary = await restoreRegistry(db, folder, (tabela, linhas) => {
    process.stderr.write(`restaurada ${tabela}: ${linhas} linhas\n`);
  });
  process.stdout.write(`backup ${folder} restaurado (${db.kind}, ${Date.now() - started} ms)\n`);
  process.stdout.write(renderTable(['tabela', 'linhas'], summary.tabelas.map((t) => [t.tabela, String(t.linhas)])));
  process.stdout.write(`hash do conteúdo (sha256): ${summary.hashConteudo}\n`);
  return 0;
}
