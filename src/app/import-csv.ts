import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { RpvLaw } from '../domain/rules/rpv.ts';
import type { Timeline } from '../domain/rules/timeline.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import { streamPreparedCsv } from '../import/parallel-read.ts';
import type { CsvFormat } from '../import/types.ts';
import { withRpvLaws } from '../rules/load-rule-book.ts';
import type { Db } from '../storage/db.ts';
import { RegistryImport } from '../storage/registry-store.ts';

export interface ImportCsvInput {
  /** The CSV on disk (the API writes the request body to a private temporary file first). */
  readonly path: string;
  /** Who imports: the authenticated login, or `local:<os user>` for the CLI on its own store. */
  readonly actor: string;
  readonly rpvLaws: ReadonlyMap<string, Timeline<RpvLaw>>;
  /** The date ranges the rules support today (domain/supported-dates.ts): rows outside are refused. */
  readonly dates: SupportedDates;
  /** After each batch is written (the CLI and the desk show progress); `written` counts precatórios. */
  readonly onBatch?: (written: number, progress: ImportProgress) => void;
  /**
   * A server's lists of the entes the import changes, prepared inside the transaction before its
   * COMMIT (QueueService.prepare), so no read waits for their rebuild after it.
   */
  readonly prepareLists?: (tx: Db, enteIds: ReadonlySet<string>) => Promise<PreparedLists>;
}

/** What a server prepared inside an import's transaction (api/queue-service.ts prepare): in use once it commits. */
export interface PreparedLists {
  /** The transaction committed: what was prepared becomes current. */
  commit(): void;
  /** It rolled back (or its COMMIT failed): nothing it read was ever committed. */
  discard(): void;
}

/** How far the reader is: bytes of the file parsed so far (the rows written are behind them) of its size. */
export interface ImportProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

/** What an import did, in the words of its report (the API answer and the CLI's lines are this). */
export interface ImportReport {
  readonly format: CsvFormat;
  readonly rowsRead: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows the reader refused, with line, field and reason; the rest of the file is imported. */
  readonly rejected: readonly { readonly line: number; readonly field: string; readonly reason: string }[];
  /** Precatórios changed by staff since their last import: not overwritten (issue 9). */
  readonly refused: readonly { readonly numero: string; readonly motivo: string }[];
}

/**
 * The import use case (issue 15 §2: one function for POST /api/importacoes and `precatorios
 * importar`): the file is read and prepared in a worker while this thread writes, all in ONE
 * transaction — every accepted row lands or none (a file-level problem, CsvFileError, rolls back).
 */
export async function importCsv(db: Db, input: ImportCsvInput): Promise<ImportReport> {
  const laws = new Map(input.rpvLaws);
  // A missing or unreadable file is the reader's to report (CsvFileError), in its words.
  const bytesTotal = await stat(input.path).then(
    (s) => s.size,
    () => 0,
  );
  let prepared: PreparedLists | undefined;
  const outcome = db.transaction(async (tx) => {
    const run = new RegistryImport(tx, input.actor);
    const summary = await streamPreparedCsv(
      input.path,
      async (batch) => {
        await run.addPrepared({ entes: withRpvLaws(batch.entes, laws), items: batch.items });
        input.onBatch?.(run.written, { bytesRead: Math.min(batch.bytesRead, bytesTotal), bytesTotal });
      },
      input.dates,
    );
    const counts = await run.finish();
    prepared = await input.prepareLists?.(tx, run.touchedEntes);
    return {
      format: summary.format,
      rowsRead: summary.rowsRead,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      rejected: summary.rejected.map((r) => ({ line: r.line, field: r.field, reason: r.reason })),
      refused: run.refused.map((r) => ({ numero: r.numero, motivo: r.motivo })),
    };
  });
  // Settled before the caller hears of it: committed, the prepared lists are current at once.
  outcome.then(
    () => prepared?.commit(),
    () => prepared?.discard(),
  );
  return outcome;
}

/** The report as POST /api/importacoes answers it. */
export function importReportJson(r: ImportReport) {
  return {
    formato: r.format,
    linhasLidas: r.rowsRead,
    novos: r.inserted,
    alterados: r.updated,
    semMudanca: r.unchanged,
    rejeitadas: r.rejected.map((x) => ({ linha: x.line, campo: x.field, motivo: x.reason })),
    recusados: r.refused.map((x) => ({ numero: x.numero, motivo: x.motivo })),
  };
}

/** The API answer's contract: what the CLI through the server reads back. */
export const importReportSchema = z.object({
  formato: z.enum(['projeto', 'tjrj']),
  linhasLidas: z.number().int().nonnegative(),
  novos: z.number().int().nonnegative(),
  alterados: z.number().int().nonnegative(),
  semMudanca: z.number().int().nonnegative(),
  rejeitadas: z.array(z.object({ linha: z.number().int(), campo: z.string(), motivo: z.string() })),
  recusados: z.array(z.object({ numero: z.string(), motivo: z.string() })),
});

export function importReportFromJson(j: z.infer<typeof importReportSchema>): ImportReport {
  return {
    format: j.formato,
    rowsRead: j.linhasLidas,
    inserted: j.novos,
    updated: j.alterados,
    unchanged: j.semMudanca,
    rejected: j.rejeitadas.map((x) => ({ line: x.linha, field: x.campo, reason: x.motivo })),
    refused: j.recusados,
  };
}
