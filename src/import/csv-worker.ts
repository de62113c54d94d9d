// Worker thread: reads a CSV with the streaming importer and posts prepared batches (plain strings)
// to the thread that owns the database connection. At most `inFlight` batches wait for an ack, so
// memory stays bounded whatever the file size. See parallel-read.ts for the protocol.
import { parentPort, workerData } from 'node:worker_threads';
import { preparePrecatorio } from '../storage/registry-store.ts';
import { packPrepared } from './parallel-read.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import { CsvFileError, STREAM_BATCH_SIZE, streamPrecatoriosCsv } from './read-csv.ts';

const { path, inFlight, dates } = workerData as { path: string; inFlight: number; dates: SupportedDates };
const port = parentPort!;
let waiting = 0;
let release: (() => void) | undefined;
port.on('message', (message: { type: 'ack' }) => {
  if (message.type !== 'ack') return;
  waiting -= 1;
  release?.();
  release = undefined;
});

const plainEnte = (e: { id: string; nome: string; esfera: string; regime: string }) => ({ id: e.id, nome: e.nome, esfera: e.esfera, regime: e.regime });

try {
  const summary = await streamPrecatoriosCsv(
    path,
    async (batch) => {
      port.postMessage({
        type: 'batch',
        entes: batch.entes.map(plainEnte),
        items: packPrepared(batch.precatorios.map(preparePrecatorio)),
        bytesRead: batch.bytesRead,
      });
      waiting += 1;
      while (waiting >= inFlight) await new Promise<void>((resolve) => (release = resolve));
    },
    STREAM_BATCH_SIZE,
    dates,
  );
  port.postMessage({
    type: 'done',
    summary: {
      format: summary.format,
      rowsRead: summary.rowsRead,
      accepted: summary.accepted,
      entes: summary.entes.map(plainEnte),
      rejected: summary.rejected,
    },
  });
} catch (error) {
  port.postMessage({ type: 'error', fileError: error instanceof CsvFileError, message: error instanceof Error ? error.message : String(error) });
}
