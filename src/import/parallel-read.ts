import { Worker } from 'node:worker_threads';
import type { EnteDevedor } from '../domain/ente.ts';
import type { PreparedPrecatorio } from '../storage/registry-store.ts';
import { CsvFileError, type StreamSummary } from './read-csv.ts';

/** Batches the worker may prepare ahead of the database. */
const BATCHES_IN_FLIGHT = 3;

type WorkerMessage =
  | { type: 'batch'; entes: EnteDevedor[]; items: PreparedPrecatorio[] }
  | { type: 'done'; summary: StreamSummary }
  | { type: 'error'; fileError: boolean; message: string };

/**
 * Reads and prepares a CSV in a worker thread while this thread writes: parsing, validation and
 * row preparation (most of an import's CPU) run beside the database work instead of before it.
 * `onBatch` gets batches in file order, one at a time; a file-level problem rejects with
 * `CsvFileError`, and the caller's transaction then lands nothing.
 */
export function streamPreparedCsv(
  path: string,
  onBatch: (batch: { entes: EnteDevedor[]; items: PreparedPrecatorio[] }) => Promise<void>,
): Promise<StreamSummary> {
  const worker = new Worker(new URL('./csv-worker-entry.mjs', import.meta.url), { workerData: { path, inFlight: BATCHES_IN_FLIGHT } });
  return new Promise<StreamSummary>((resolve, reject) => {
    let chain = Promise.resolve();
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'batch') {
        chain = chain
          .then(() => (failed ? undefined : onBatch({ entes: message.entes, items: message.items })))
          .then(() => worker.postMessage({ type: 'ack' }))
          .catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
      } else if (message.type === 'done') {
        chain.then(() => {
          if (!failed) resolve(message.summary);
          void worker.terminate();
        });
      } else {
        fail(message.fileError ? new CsvFileError(message.message) : new Error(message.message));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && !failed) fail(new Error(`leitor do CSV terminou com código ${code}`));
    });
  });
}
