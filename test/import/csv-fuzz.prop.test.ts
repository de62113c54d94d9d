// Goal (issue 9, "Bad input"): CSV imports as court exports really look — UTF-8 with and without BOM
// and Windows-1252, `;` or `,`, Brazilian and ISO numbers and dates, quoted cells with line breaks,
// empty lines, unnamed empty columns, shuffled columns, formula text — with corruptions injected at
// known rows. Laws: never an exception other than CsvFileError, never a hang; every corrupted row is
// reported at the line where it starts, naming the field, with a reason in Portuguese; every row of
// a rejected precatório is reported and no other row is; every other precatório lands exactly once
// with exactly the values generated (formula text byte-exact, never evaluated).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { CsvFileError, type StreamSummary, streamPrecatoriosCsv } from '../../src/import/read-csv.ts';
import { canonical } from '../support/canonical.ts';
import { type CourtFile, type CorruptionKind, corruptionsArb, courtDataArb, renderCourtFile, renderStyleArb } from './csv-fuzz-court.ts';

const dir = mkdtempSync(join(tmpdir(), 'csv-fuzz-'));
const path = join(dir, 'export.csv');

/** A run that takes longer than this is a hang (files here are at most a few kB, or 2 MB). */
const RUN_TIMEOUT_MS = 10_000;

type Outcome = { refused: string } | { summary: StreamSummary; landed: Precatorio[] };

async function importFile(bytes: Buffer, batchSize: number): Promise<Outcome> {
  writeFileSync(path, bytes);
  const landed: Precatorio[] = [];
  try {
    const summary = await streamPrecatoriosCsv(
      path,
      async (batch) => {
        landed.push(...batch.precatorios);
      },
      batchSize,
    );
    return { summary, landed };
  } catch (error) {
    // Any other exception fails the property: bad input must never crash the importer.
    if (error instanceof CsvFileError) return { refused: error.message };
    throw error;
  }
}

/** Words of csv-parse's or JavaScript's own messages: none may reach the user. */
const NOT_PORTUGUESE = /Invalid|Quote|record|undefined|NaN|\[object|Error:/;

function expectOutcome(file: CourtFile, outcome: Outcome): void {
  if (file.refusal) {
    expect('refused' in outcome ? outcome.refused : 'aceito').toMatch(file.refusal);
    return;
  }
  if ('refused' in outcome) throw new Error(`arquivo recusado sem motivo: ${outcome.refused}`);
  const { summary, landed } = outcome;
  for (const expected of file.errors) {
    const found = summary.rejected.filter((r) => r.line === expected.line && r.field === expected.field);
    expect(
      found.map((r) => r.reason),
      `linha ${expected.line}, campo ${expected.field}`,
    ).toContainEqual(expect.stringMatching(expected.reason));
  }
  expect(new Set(summary.rejected.map((r) => r.line))).toEqual(file.failedLines);
  for (const r of summary.rejected) expect(r.reason).not.toMatch(NOT_PORTUGUESE);
  expect(landed.map(canonical)).toEqual(file.landed.map(canonical));
  expect(summary.accepted).toBe(file.landed.length);
  expect(summary.rowsRead).toBe(file.rows);
}

const ROW_CORRUPTIONS: CorruptionKind[] = ['missing-cell', 'extra-cell', 'bad-number', 'bad-date', 'nul', 'control', 'duplicate'];

describe('CSV import of court exports (fuzz)', () => {
  it('reports exactly the corrupted rows and lands every other precatório once, exactly', async () => {
    let cases = 0;
    let refused = 0;
    let withErrors = 0;
    await fc.assert(
      fc.asyncProperty(
        courtDataArb(10),
        renderStyleArb,
        corruptionsArb(ROW_CORRUPTIONS, 3),
        fc.integer({ min: 1, max: 6 }),
        async (data, style, corruptions, batchSize) => {
          const file = renderCourtFile(data, style, corruptions);
          const outcome = await importFile(file.bytes, batchSize);
          expectOutcome(file, outcome);
          cases += 1;
          if (file.refusal) refused += 1;
          else if (file.errors.length > 0) withErrors += 1;
        },
      ),
      { numRuns: 1500, seed: 20261123, timeout: RUN_TIMEOUT_MS },
    );
    console.log(
      `exportações de tribunal: ${cases} arquivos, ${refused} recusados inteiros, ${withErrors} com linhas rejeitadas, ${cases - refused - withErrors} limpos`,
    );
    // The generator reaches every kind of outcome, not only the easy one.
    expect(refused).toBeGreaterThan(50);
    expect(withErrors).toBeGreaterThan(300);
    expect(cases - refused - withErrors).toBeGreaterThan(300);
  });

  it('a quote left open at the end of the file refuses the file whole, without hanging', async () => {
    await fc.assert(
      fc.asyncProperty(
        courtDataArb(4),
        renderStyleArb,
        fc.string({ unit: fc.constantFrom('a', ';', ',', '\n', ' '), maxLength: 200 }),
        async (data, style, tail) => {
          const file = renderCourtFile(data, style);
          const text = `${file.bytes.toString('latin1')}${style.lineEnd}`;
          // The open quote starts a record on the line after the rendered file's last line.
          const line = text.split(/\r\n|\n|\r/).length;
          const broken = Buffer.concat([file.bytes, Buffer.from(`${style.lineEnd}"${tail}`)]);
          const outcome = await importFile(broken, 5);
          expect('refused' in outcome ? outcome.refused : 'aceito').toMatch(
            new RegExp(`^CSV malformado: linha ${line}: aspas abertas e nunca fechadas até o fim do arquivo; nada foi importado$`),
          );
        },
      ),
      { numRuns: 200, seed: 7, timeout: RUN_TIMEOUT_MS },
    );
  });

  it('a 1 MB cell rejects its row ("campo acima de 1000 caracteres"), and only its precatório', async () => {
    await fc.assert(
      fc.asyncProperty(courtDataArb(4), renderStyleArb, corruptionsArb(['big-field', 'bad-number', 'nul'], 3), async (data, style, corruptions) => {
        const file = renderCourtFile(data, style, [{ kind: 'big-field', row: 0, pick: 0 }, ...corruptions]);
        expectOutcome(file, await importFile(file.bytes, 3));
      }),
      { numRuns: 12, seed: 11, timeout: RUN_TIMEOUT_MS },
    );
  });
});
