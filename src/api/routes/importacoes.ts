import type { Db } from '../../storage/db.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { type ImportProgress, type ImportReport, importCsv, importReportJson } from '../../app/import-csv.ts';
import { CsvFileError } from '../../import/read-csv.ts';
import { StorageFailure } from '../../storage/storage-errors.ts';
import type { AppDeps } from '../app.ts';
import { requireStaff } from '../auth.ts';
import { ApiError, errorAnswer } from '../errors.ts';
import { saveUpload, tooLarge } from '../upload.ts';
import type { Wire, importacaoProgressoLine, importacaoResponse } from '../response-schemas.ts';

/** Asked for with `Accept`: progress lines while the import writes, then its report (or its error). */
export const IMPORT_PROGRESS_TYPE = 'application/x-ndjson';

/**
 * One line of the progress stream: `{"gravados": N, "bytesLidos": B, "bytesTotal": T}` after each
 * batch (precatórios written, as the local `importar` prints them; bytes of the file read of its
 * size: the desk's progress bar), then exactly one `{"relatorio": …}` or `{"erro": …, "status": N}`.
 */
export type ImportProgressLine = Wire<typeof importacaoProgressoLine>;

/**
 * Staff import (issue 15 §1): the CSV is the request body (text/csv), streamed to a private
 * temporary file and imported from there in one transaction by the same use case as the local
 * `importar`. Plain callers get the report as JSON; the CLI asks for IMPORT_PROGRESS_TYPE and gets
 * the progress as it happens, like the local mode prints it.
 */
export function importacoesRoutes(deps: AppDeps, maxBytes: number) {
  const app = new Hono<{ Variables: { actor: string } }>();
  const refuse = () => tooLarge(maxBytes, 'o arquivo', 'servir --limite-importacao ou PRECATORIOS_LIMITE_IMPORTACAO, em MiB');

  app.post('/', requireStaff(deps.staff), async (c) => {
    const dir = await mkdtemp(join(tmpdir(), 'importacao-'));
    const cleanup = () => rm(dir, { recursive: true, force: true });
    const path = join(dir, 'arquivo.csv');
    // The upload is taken in before the answer starts: a refused one is a plain 413 or 400.
    await saveUpload(c.req.raw, path, maxBytes, refuse).catch(async (error: unknown) => {
      await cleanup();
      throw error;
    });
    // The server's lists of what the import changes are prepared before its COMMIT (issue 15 §3).
    const prepareLists = (tx: Db, entes: ReadonlySet<string>) => deps.queues.prepare(tx, entes);
    const run = (onBatch?: (written: number, progress: ImportProgress) => void): Promise<ImportReport> =>
      importCsv(deps.db, { path, actor: c.get('actor'), rpvLaws: deps.rpvLaws, dates: deps.dates(), prepareLists, ...(onBatch ? { onBatch } : {}) }).catch(
        (error: unknown) => {
          if (error instanceof CsvFileError) throw new ApiError(422, 'arquivo-invalido', 'arquivo', error.message);
          throw error;
        },
      );
    if (!(c.req.header('accept') ?? '').includes(IMPORT_PROGRESS_TYPE)) {
      try {
        return c.json(importReportJson(await run()) satisfies Wire<typeof importacaoResponse>);
      } finally {
        await cleanup();
      }
    }
    // From here the status line is sent: the outcome travels as the stream's last line.
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: ImportProgressLine) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            // The client went away: the import still ends (commits or rolls back) on its own.
          }
        };
        try {
          send({
            relatorio: importReportJson(
              await run((written, progress) => send({ gravados: written, bytesLidos: progress.bytesRead, bytesTotal: progress.bytesTotal })),
            ),
          });
        } catch (error) {
          const answer = errorAnswer(error, 'POST /api/importacoes', deps.log);
          // The caller is authenticated staff: a storage failure is told whole (it names the folder).
          send({ status: answer.status, ...answer.body, motivo: error instanceof StorageFailure ? error.message : answer.body.motivo });
        } finally {
          await cleanup();
          try {
            controller.close();
          } catch {
            // already cancelled by the client
          }
        }
      },
    });
    return c.body(body, 200, { 'content-type': IMPORT_PROGRESS_TYPE, 'cache-control': 'no-store' });
  });

  return app;
}
