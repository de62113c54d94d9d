import { parseArgs } from 'node:util';
import type { ImportReport } from '../app/import-csv.ts';
import type { RegistryClient } from '../app/registry-client.ts';
import { EXIT_ROWS_REJECTED } from './fila.ts';
import type { Command } from './main.ts';
import { inputProblem, renderTable, reportRejected, warnDeprecatedUsuario, parseOptions } from './output.ts';
import { withRegistry } from './with-registry.ts';

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
  help: () => HELP,
  async run(args) {
    const parsed = parseOptions(() =>
      parseArgs({
        args,
        allowPositionals: true,
        options: { usuario: { type: 'string' }, completo: { type: 'string' } },
      }),
    );
    if (!parsed.ok) {
      process.stderr.write(`${parsed.message}\n${HELP}`);
      return 64;
    }
    const { values, positionals } = parsed.value;
    warnDeprecatedUsuario(values.usuario);
    if (positionals.length !== (values.completo === undefined ? 1 : 0)) {
      process.stderr.write(HELP);
      return 64;
    }
    const folder = values.completo;
    const problem = folder === undefined ? inputProblem(positionals[0]!, 'arquivo') : inputProblem(folder, 'pasta');
    if (problem) {
      process.stderr.write(`erro: ${problem}\n`);
      return 1;
    }
    if (folder !== undefined) return withRegistry((registry) => restoreBackup(registry, folder));
    return withRegistry(async (registry) => {
      const started = Date.now();
      const r = await registry.importCsv(positionals[0]!, (written, progress) => {
        const pct = progress.bytesTotal > 0 ? ` — ${Math.floor((progress.bytesRead * 100) / progress.bytesTotal)} % do arquivo lido` : '';
        process.stderr.write(`\rgravados ${written} precatórios${pct} (${Math.round((Date.now() - started) / 1000)} s)`);
      });
      return reportImport(r, registry.kind, started);
    });
  },
};

function reportImport(r: ImportReport, kind: RegistryClient['kind'], started: number): number {
  process.stderr.write(
    `\n${r.rowsRead} linhas (${r.format}): ${r.inserted} novos, ${r.updated} alterados, ${r.unchanged} sem mudança${r.refused.length > 0 ? `, ${r.refused.length} recusados` : ''} (${kind}, ${Date.now() - started} ms)\n`,
  );
  // Changed by staff since their last import: not overwritten (issue 9), each said once.
  for (const x of r.refused) process.stderr.write(`recusado: ${x.motivo}\n`);
  reportRejected(r.rejected, r.rowsRead);
  return r.rejected.length > 0 || r.refused.length > 0 ? EXIT_ROWS_REJECTED : 0;
}

/** `importar --completo`: the whole registry from a backup folder (src/storage/backup.ts). */
async function restoreBackup(registry: RegistryClient, folder: string): Promise<number> {
  const started = Date.now();
  const summary = await registry.restoreBackup(folder, (tabela, linhas) => {
    process.stderr.write(`restaurada ${tabela}: ${linhas} linhas\n`);
  });
  process.stdout.write(`backup ${folder} restaurado (${registry.kind}, ${Date.now() - started} ms)\n`);
  process.stdout.write(
    renderTable(
      ['tabela', 'linhas'],
      summary.tabelas.map((t) => [t.tabela, String(t.linhas)]),
    ),
  );
  process.stdout.write(`hash do conteúdo (sha256): ${summary.hashConteudo}\n`);
  return 0;
}
