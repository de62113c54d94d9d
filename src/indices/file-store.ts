import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isIndexName, type IndexName } from '../domain/indices/index-names.ts';
import { type IndexSeries, buildSeries, seriesPoints } from '../domain/indices/series.ts';
import { describeSeriesError } from '../domain/indices/errors.ts';
import type { IndexStore } from './store.ts';

/**
 * TEMPORARY until the storage issue (PGlite/PostgreSQL): series kept between CLI runs in one JSON
 * file, `.data/indices.json` by default (gitignored). Written whole, through a temp file and a
 * rename, so a crash never leaves half a file; re-validated on every read.
 */
export const DEFAULT_INDEX_FILE = '.data/indices.json';

interface FileShape {
  readonly version: 1;
  readonly series: Record<string, { month: string; ratePct: string }[]>;
}

export class JsonFileIndexStore implements IndexStore {
  constructor(readonly path: string = DEFAULT_INDEX_FILE) {}

  #read(): Map<IndexName, IndexSeries> {
    const out = new Map<IndexName, IndexSeries>();
    if (!existsSync(this.path)) return out;
    const data = JSON.parse(readFileSync(this.path, 'utf8')) as FileShape;
    if (data.version !== 1) throw new Error(`${this.path}: versão desconhecida`);
    for (const [name, points] of Object.entries(data.series)) {
      if (!isIndexName(name)) throw new Error(`${this.path}: série desconhecida ${name}`);
      const built = buildSeries(name, points);
      if (!built.ok) throw new Error(`${this.path}: ${describeSeriesError(built.error)}`);
      out.set(name, built.value);
    }
    return out;
  }

  async get(name: IndexName): Promise<IndexSeries | undefined> {
    return this.#read().get(name);
  }

  async put(series: readonly IndexSeries[]): Promise<void> {
    const all = this.#read();
    for (const s of series) all.set(s.name, s);
    const shape: FileShape = { version: 1, series: Object.fromEntries([...all].sort(([a], [b]) => a.localeCompare(b)).map(([n, s]) => [n, seriesPoints(s)])) };
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(shape));
    renameSync(temp, this.path);
  }

  async names(): Promise<IndexName[]> {
    return [...this.#read().keys()].sort();
  }
}
