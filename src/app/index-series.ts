import { z } from 'zod';
import { INDEX_NAMES, type IndexName, isIndexName } from '../domain/indices/index-names.ts';
import { describeSeriesError } from '../domain/indices/errors.ts';
import { type IndexSeries, buildSeries, seriesPoints } from '../domain/indices/series.ts';
import { RegistryIndexStore } from '../indices/snapshot.ts';
import type { IndexStore } from '../indices/store.ts';
import type { Db } from '../storage/db.ts';
import { StoreError } from '../storage/errors.ts';
import { SqlIndexStore } from '../storage/sql-index-store.ts';

/**
 * Index series as they travel over the API (GET /api/indices/:serie answers one, POST /api/indices
 * stores several): percent per month as decimal text, month by month. `indices importar` and
 * `indices sincronizar` read and validate (src/indices) in the CLI in both modes and store through
 * an IndexStore — the registry's table here, or the server's API (`remoteIndexStore`).
 */
export const seriesJsonSchema = z.strictObject({
  serie: z.string().refine(isIndexName, 'série desconhecida'),
  valores: z
    .array(z.strictObject({ mes: z.string(), taxaPct: z.string() }))
    .min(1)
    .max(2400),
});
export const storeSeriesBody = z.strictObject({
  series: z.array(seriesJsonSchema).min(1).max(INDEX_NAMES.length),
  /** A month already stored may change (a revised publication); refused without it (issue 16 §3). */
  aceitarRevisoes: z.boolean().optional(),
});

export function seriesJson(s: IndexSeries) {
  return { serie: s.name, valores: seriesPoints(s).map((p) => ({ mes: p.month, taxaPct: p.ratePct })) };
}

/** Validated again where it is stored: a store never holds a series with a gap (indices/store.ts). */
export function seriesFromJson(j: z.infer<typeof seriesJsonSchema>): IndexSeries {
  const built = buildSeries(
    j.serie as IndexName,
    j.valores.map((v) => ({ month: v.mes, ratePct: v.taxaPct })),
  );
  if (!built.ok) throw new StoreError('invalido', 'series', describeSeriesError(built.error));
  return built.value;
}

/**
 * Use case of POST /api/indices: every given series merged into the one in use (the registry's over
 * the shipped snapshot), in one transaction; a changed stored month is refused unless
 * `acceptRevisions`, a hole always (RegistryIndexStore) — the same rule as the local registry.
 * Answers the series as now stored.
 */
export async function storeIndexSeries(
  db: Db,
  snapshot: readonly IndexSeries[],
  series: readonly z.infer<typeof seriesJsonSchema>[],
  acceptRevisions: boolean,
): Promise<IndexSeries[]> {
  const built = series.map(seriesFromJson);
  const store = new RegistryIndexStore(new SqlIndexStore(db), snapshot);
  await store.put(built, { acceptRevisions });
  const stored: IndexSeries[] = [];
  for (const s of built) stored.push((await store.get(s.name))!);
  return stored;
}

/** The server's series through its API; `put` as a staff identity. */
export function remoteIndexStore(
  call: (path: string, init?: RequestInit) => Promise<Response>,
  failure: (res: Response, what: string) => Promise<Error>,
): IndexStore {
  const store: IndexStore = {
    async get(name) {
      const res = await call(`/api/indices/${name}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, `série ${name}`);
      const body = (await res.json()) as { serie?: unknown; valores?: unknown };
      const parsed = seriesJsonSchema.safeParse({ serie: body.serie, valores: body.valores });
      if (!parsed.success) throw new Error(`série ${name}: resposta do servidor fora do contrato (${parsed.error.issues[0]?.message})`);
      return seriesFromJson(parsed.data);
    },
    async put(series, options = {}) {
      const res = await call('/api/indices', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ series: series.map(seriesJson), ...(options.acceptRevisions ? { aceitarRevisoes: true } : {}) }),
      });
      if (!res.ok) throw await failure(res, 'gravação das séries');
    },
    async origin(name) {
      const res = await call(`/api/indices/${name}`);
      if (res.status === 404) return undefined;
      if (!res.ok) throw await failure(res, `série ${name}`);
      const { origem } = (await res.json()) as { origem?: unknown };
      return origem === 'registro' || origem === 'snapshot' ? origem : undefined;
    },
    async names() {
      const found: IndexName[] = [];
      for (const name of INDEX_NAMES) if (await store.get(name)) found.push(name);
      return found.sort();
    },
  };
  return store;
}
