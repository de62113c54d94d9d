import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type SeriesError, describeSeriesError } from '../domain/indices/errors.ts';
import { INDEX_NAMES, type IndexName } from '../domain/indices/index-names.ts';
import { type IndexSeries, buildSeries } from '../domain/indices/series.ts';
import { type Result, err, ok } from '../domain/result.ts';
import type { IndexStore, PutOptions } from './store.ts';

/** A file-level problem of a folder import (wrong header), or a series error. */
export type FolderError =
  | SeriesError
  | { readonly kind: 'bad-header'; readonly file: string; readonly header: string }
  /** No known series file at all: a mistyped folder must not look like an import of nothing (issue 18 §4). */
  | { readonly kind: 'no-series'; readonly dir: string };

export interface FolderSeries {
  readonly series: IndexSeries[];
  /** Known names with no file in the folder. */
  readonly absent: IndexName[];
}

/**
 * Reads every known series of a folder of `month,rate_pct` CSVs named as in
 * ../shared/data/indices (`ipca_e.csv`, `ipca.csv`, `selic.csv`, `tr.csv`, `poupanca.csv`,
 * `inpc.csv`) plus an optional `juros_poupanca.csv` (percent, R5.7). Other files are ignored.
 * Every error of every file is returned; nothing is half-read.
 */
export function readIndexFolder(dir: string): Result<FolderSeries, FolderError[]> {
  if (!existsSync(dir)) throw new Error(`pasta não encontrada: ${dir}`);
  const series: IndexSeries[] = [];
  const absent: IndexName[] = [];
  const errors: FolderError[] = [];
  for (const name of INDEX_NAMES) {
    const file = join(dir, `${name}.csv`);
    if (!existsSync(file)) {
      absent.push(name);
      continue;
    }
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const header = (text.split(/\r?\n/, 1)[0] ?? '').trim();
    if (header !== 'month,rate_pct') {
      errors.push({ kind: 'bad-header', file: `${name}.csv`, header });
      continue;
    }
    const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
    const built = buildSeries(
      name,
      rows.map((r) => ({ month: r['month'] ?? '', ratePct: r['rate_pct'] ?? '' })),
    );
    if (built.ok) series.push(built.value);
    else errors.push(built.error);
  }
  if (errors.length === 0 && series.length === 0) errors.push({ kind: 'no-series', dir });
  return errors.length > 0 ? err(errors) : ok({ series, absent });
}

/**
 * Folder import into a store: validates every file first, then writes all series in one `put`
 * (a registry store refuses revised values unless `acceptRevisions`, indices/snapshot.ts).
 */
export async function importIndexFolder(dir: string, store: IndexStore, options: PutOptions = {}): Promise<Result<FolderSeries, FolderError[]>> {
  const read = readIndexFolder(dir);
  if (read.ok) await store.put(read.value.series, options);
  return read;
}

export function describeFolderError(error: FolderError): string {
  if (error.kind === 'bad-header') return `${error.file}: cabeçalho "${error.header}", esperado "month,rate_pct"`;
  if (error.kind === 'no-series') return `${error.dir}: nenhuma série de índice (esperados ${INDEX_NAMES.map((n) => `${n}.csv`).join(', ')})`;
  return describeSeriesError(error);
}
