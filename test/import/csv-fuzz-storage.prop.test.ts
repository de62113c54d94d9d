// Goal (issue 9, "Bad input"), at the store: an import runs in one transaction as `importar` runs it
// (db.transaction + RegistryImport + the worker-thread reader). Laws: when the file is refused as a
// whole, the store is unchanged — every table, byte for byte, even after batches were written; when
// it is accepted, each precatório reads back exactly as generated, and importing it again changes
// nothing. On PGlite, and on PostgreSQL when DATABASE_URL is set (test/support/backends.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { streamPreparedCsv } from '../../src/import/parallel-read.ts';
import { CsvFileError, type StreamSummary, streamPrecatoriosCsv } from '../../src/import/read-csv.ts';
import type { Db } from '../../src/storage/db.ts';
import { type ImportCounts, RegistryImport, findPrecatorio } from '../../src/storage/registry-store.ts';
import { BACKENDS } from '../support/backends.ts';
import { canonical } from '../support/canonical.ts';
import { corruptionsArb, courtDataArb, renderCourtFile, renderStyleArb } from './csv-fuzz-court.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';

const dir = mkdtempSync(join(tmpdir(), 'csv-fuzz-store-'));
const path = join(dir, 'export.csv');
let db: Db;

/** Every table of the store, rows in a fixed order, hashed: equal hashes = unchanged store. */
async function storeHash(): Promise<string> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const hash = createHash('sha256');
  for (const { name } of tables) {
    const { rows } = await db.query<{ content: string | null }>(`select string_agg(t::text, E'\\n' order by t::text) as content from "${name}" t`);
    hash.update(`${name}\n${rows[0]?.content ?? ''}\n`);
  }
  return hash.digest('hex');
}

type Reader = 'worker' | 'batches-of-2';

/** Batches written by the last import, refused or not. */
let batchesWritten = 0;

/** As `precatorios importar` does it; `batches-of-2` writes before the end of a small file. */
async function importFile(reader: Reader): Promise<{ summary: StreamSummary; counts: ImportCounts }> {
  batchesWritten = 0;
  return db.transaction(async (tx) => {
    const run = new RegistryImport(tx, 'fuzz');
    const summary =
      reader === 'worker'
        ? await streamPreparedCsv(
            path,
            async (batch) => {
              await run.addPrepared({ entes: batch.entes, items: batch.items });
              batchesWritten += 1;
            },
            supportedDatesToday(),
          )
        : await streamPrecatoriosCsv(
            path,
            async (batch) => {
              await run.addBatch(batch);
              batchesWritten += 1;
            },
            2,
          );
    return { summary, counts: await run.finish() };
  });
}

/** Beneficiaries come back ordered by id. */
const sorted = (p: Precatorio): Precatorio => ({ ...p, beneficiarios: [...p.beneficiarios].sort((a, b) => (a.id < b.id ? -1 : 1)) });

describe.each(BACKENDS)('CSV import into the store (fuzz) on $name', (backend) => {
  let opened: Db & { dispose(): Promise<void> };
  beforeAll(async () => {
    opened = await backend.open();
    db = opened;
  }, 60_000);
  afterAll(async () => {
    await opened?.dispose();
  });

  it('a refused file leaves every table unchanged; an accepted one reads back exactly and re-imports as a no-op', async () => {
    let refusals = 0;
    let refusalsAfterWrites = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        courtDataArb(8),
        renderStyleArb,
        corruptionsArb(['duplicate', 'duplicate', 'nul', 'bad-number', 'missing-cell'], 2),
        fc.constantFrom<Reader>('worker', 'batches-of-2'),
        async (data, style, corruptions, reader) => {
          const file = renderCourtFile(data, style, corruptions);
          writeFileSync(path, file.bytes);
          const before = await storeHash();
          if (file.refusal) {
            // Nothing else than CsvFileError may escape, and nothing may stay behind.
            const error = await importFile(reader).then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(error).toBeInstanceOf(CsvFileError);
            expect((error as Error).message).toMatch(file.refusal);
            expect(await storeHash()).toBe(before);
            refusals += 1;
            if (batchesWritten > 0) refusalsAfterWrites += 1;
            return;
          }
          const { summary } = await importFile(reader);
          expect(new Set(summary.rejected.map((r) => r.line))).toEqual(file.failedLines);
          for (const p of file.landed) {
            expect(canonical(sorted((await findPrecatorio(db, p.numero))!.precatorio))).toEqual(canonical(sorted(p)));
          }
          const after = await storeHash();
          const again = await importFile(reader);
          expect(again.counts).toEqual({ inserted: 0, updated: 0, unchanged: file.landed.length });
          expect(await storeHash()).toBe(after);
          accepted += 1;
        },
      ),
      { numRuns: 24, seed: 20261124, timeout: 30_000 },
    );
    console.log(
      `importação no banco (${backend.name}): ${refusals} arquivos recusados (${refusalsAfterWrites} depois de lotes gravados), ${accepted} aceitos e reimportados`,
    );
    expect(refusals).toBeGreaterThan(3);
    // Some refusals came after batches had reached the database: the rollback, not luck, kept it clean.
    expect(refusalsAfterWrites).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(10);
  }, 120_000);
});
