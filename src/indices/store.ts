import type { IndexName } from '../domain/indices/index-names.ts';
import type { IndexSeries } from '../domain/indices/series.ts';

/**
 * Where index series live between runs. Small and async on purpose: the storage issue backs it
 * with PGlite/PostgreSQL. Writers validate first (`buildSeries`/`mergeSeries`) and put whole,
 * already-valid series: a store never holds a series with a gap.
 */
export interface IndexStore {
  get(name: IndexName): Promise<IndexSeries | undefined>;
  /**
   * `acceptRevisions`: a stored month may get a different value (a revised publication). Stores
   * that guard revisions (indices/snapshot.ts `RegistryIndexStore`) refuse them without it.
   */
  put(series: readonly IndexSeries[], options?: PutOptions): Promise<void>;
  names(): Promise<IndexName[]>;
  /**
   * Read the named series and write what `compute` makes of them in one turn, taken one writer at a
   * time (SQL stores); `compute` may throw, and then nothing is written.
   */
  update?(names: readonly IndexName[], compute: (current: ReadonlyMap<IndexName, IndexSeries>) => readonly IndexSeries[]): Promise<void>;
  /** Where a series in use comes from, for stores over the shipped snapshot (indices/snapshot.ts). */
  origin?(name: IndexName): Promise<IndexOrigin | undefined>;
}

/** `snapshot`: data/indices, shipped with the product; `registro`: imported or synced into the registry. */
export type IndexOrigin = 'registro' | 'snapshot';

export interface PutOptions {
  readonly acceptRevisions?: boolean;
}

export class MemoryIndexStore implements IndexStore {
  readonly #series = new Map<IndexName, IndexSeries>();

  async get(name: IndexName): Promise<IndexSeries | undefined> {
    return this.#series.get(name);
  }

  /** All or nothing: every series given is stored in one step. */
  async put(series: readonly IndexSeries[]): Promise<void> {
    for (const s of series) this.#series.set(s.name, s);
  }

  async names(): Promise<IndexName[]> {
    return [...this.#series.keys()].sort();
  }
}
