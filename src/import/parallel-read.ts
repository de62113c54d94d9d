import { Worker } from 'node:worker_threads';
import type { EnteDevedor } from '../domain/ente.ts';
import type { SupportedDates } from '../domain/supported-dates.ts';
import type { PreparedPrecatorio } from '../storage/registry-store.ts';
import { CsvFileError, type StreamSummary } from './read-csv.ts';

/** Batches the worker may prepare ahead of the database. */
const BATCHES_IN_FLIGHT = 3;
const READER_YOUNG_GENERATION_MB = 256;

type WorkerMessage =
  | { type: 'batch'; entes: EnteDevedor[]; items: string; bytesRead: number }
  | { type: 'done'; summary: StreamSummary }
  | { type: 'error'; fileError: boolean; message: string };

/**
 * Reads and prepares a CSV in a worker thread while this thread writes: parsing, validation and
 * row preparation (most of an import's CPU) run beside the database work instead of before it.
 * `onBatch` gets batches in file order, one at a time; a file-level problem rejects with
 * `CsvFileError`, and the caller's transaction then lands nothing. `dates`: the supported ranges on
 * the import's day (rows outside them are rejected, domain/supported-dates.ts).
 */
export function streamPreparedCsv(
  path: string,
  onBatch: (batch: { entes: EnteDevedor[]; items: PreparedPrecatorio[]; bytesRead: number }) => Promise<void>,
  dates: SupportedDates,
): Promise<StreamSummary> {
  // A large young generation: the reader makes millions of short-lived strings and decimals, and
  // with V8's default nursery a fifth of its time went to scavenges (measured: −10 % wall time).
  const worker = new Worker(new URL('./csv-worker-entry.mjs', import.meta.url), {
    workerData: { path, inFlight: BATCHES_IN_FLIGHT, dates },
    resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MB },
  });
  return new Promise<StreamSummary>((resolve, reject) => {
    let chain = Promise.resolve();
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error);
    };
    // The caller rolls back when this rejects: a batch still being written must finish first, or
    // its writes would land after the rollback (on PostgreSQL, on a connection back in the pool).
    const failAfterWrites = (error: Error) => void chain.then(() => fail(error));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'batch') {
        chain = chain
          .then(() => (failed ? undefined : onBatch({ entes: message.entes, items: unpackPrepared(message.items), bytesRead: message.bytesRead })))
          .then(() => worker.postMessage({ type: 'ack' }))
          .catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
      } else if (message.type === 'done') {
        chain.then(() => {
          if (!failed) resolve(message.summary);
          void worker.terminate();
        });
      } else {
        failAfterWrites(message.fileError ? new CsvFileError(message.message) : new Error(message.message));
      }
    });
    worker.on('error', failAfterWrites);
    worker.on('exit', (code) => {
      if (code !== 0 && !failed) failAfterWrites(new Error(`leitor do CSV terminou com código ${code}`));
    });
  });
}

// A batch crosses threads as one string: cloning a string is a copy, while cloning thousands of
// small objects was a tenth of a million-row import. Every field is written as `<length>:<text>`,
// so no character inside a cell (quotes, line breaks, control characters) can break the framing.
export function packPrepared(items: readonly PreparedPrecatorio[]): string {
  let text = '';
  const field = (value: string) => {
    text += `${value.length}:${value}`;
  };
  for (const it of items) {
    field(it.numero);
    field(it.enteId);
    field(it.hash);
    field(it.row);
    field(it.snapshot);
    text += `${it.beneficiarios.length};${it.grants.length};`;
    for (const b of it.beneficiarios) field(b);
    for (const g of it.grants) field(g);
  }
  return text;
}

export function unpackPrepared(text: string): PreparedPrecatorio[] {
  let pos = 0;
  const count = (end: string) => {
    const stop = text.indexOf(end, pos);
    const n = Number(text.slice(pos, stop));
    pos = stop + 1;
    return n;
  };
  const field = () => {
    const length = count(':');
    pos += length;
    return text.slice(pos - length, pos);
  };
  const items: PreparedPrecatorio[] = [];
  while (pos < text.length) {
    const numero = field();
    const enteId = field();
    const hash = field();
    const row = field();
    const snapshot = field();
    const nb = count(';');
    const ng = count(';');
    const beneficiarios = Array.from({ length: nb }, field);
    const grants = Array.from({ length: ng }, field);
    items.push({ numero, enteId, hash, row, beneficiarios, grants, snapshot });
  }
  return items;
}
