import { type IsoDate, isoDate } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import { INDEX_NAMES } from '../domain/indices/index-names.ts';
import type { IndexSeries } from '../domain/indices/series.ts';
import { Dec, type Money, money } from '../domain/money.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { EnteFunding, FundingSource } from '../domain/simulation/types.ts';
import type { Db } from './db.ts';
import { getEnte, precatoriosOfEnte } from './registry-store.ts';
import { SqlIndexStore } from './sql-index-store.ts';

/** One row of the `funding` table (migration 0001): what an ente pays towards its list from a date on. */
export interface FundingRow {
  readonly validFrom: IsoDate;
  readonly kind: FundingSource['kind'];
  /** Reais for 'dotacao-anual' and 'deposito-mensal'; percent of the RCL for 'percentual-rcl'. */
  readonly amount: Money;
  /**
   * Fraction to the chronological order: the legal minimum is checked by `setFunding`
   * (domain/rules/chronological-share.ts, R7.5); migration 0001's check (0.5 to 1) is only a backstop.
   */
  readonly chronologicalShare: Dec;
  readonly legalBasis: string;
}

export async function fundingRowsOf(db: Db, enteId: string): Promise<FundingRow[]> {
  const { rows } = await db.query<{ valid_from: string; kind: FundingSource['kind']; amount: string; chronological_share: string; legal_basis: string }>(
    `select valid_from::text as valid_from, kind, amount::text as amount, chronological_share::text as chronological_share, legal_basis
     from funding where ente_id = $1 order by valid_from, kind`,
    [enteId],
  );
  return rows.map((r) => ({
    validFrom: isoDate(r.valid_from),
    kind: r.kind,
    amount: money(r.amount),
    chronologicalShare: new Dec(r.chronological_share),
    legalBasis: r.legal_basis,
  }));
}

/** Writes (or replaces) one funding row. */
export async function putFunding(db: Db, enteId: string, row: FundingRow): Promise<void> {
  await db.query(
    `insert into funding (ente_id, valid_from, kind, amount, chronological_share, legal_basis) values ($1, $2, $3, $4, $5, $6)
     on conflict (ente_id, valid_from, kind) do update set amount = excluded.amount, chronological_share = excluded.chronological_share, legal_basis = excluded.legal_basis`,
    [enteId, row.validFrom, row.kind, row.amount.toFixed(2), row.chronologicalShare.toFixed(4), row.legalBasis],
  );
}

/**
 * The funding in force on `onDate`: the row with the latest `validFrom` ≤ `onDate` (several kinds on
 * that date: the first by kind name). Undefined when the ente has none. A % of the RCL still needs
 * the RCL itself, which the table does not hold: the caller adds it.
 */
export function fundingInForce(enteId: string, rows: readonly FundingRow[], onDate: IsoDate): EnteFunding | undefined {
  const row = rows.filter((r) => r.validFrom <= onDate).at(-1);
  if (!row) return undefined;
  const source: FundingSource =
    row.kind === 'dotacao-anual'
      ? { kind: row.kind, annualBrl: row.amount }
      : row.kind === 'deposito-mensal'
        ? { kind: row.kind, monthlyBrl: row.amount }
        : { kind: row.kind, pctOfRcl: row.amount };
  return { enteId, source, chronologicalShare: row.chronologicalShare, growthPctYear: new Dec(0) };
}

/**
 * Everything a simulation of one ente reads from the store; undefined when the ente does not exist.
 * Index series are read only when asked (the API keeps its own cached correction env).
 */
export async function simulationInputOf(
  db: Db,
  enteId: string,
  options: { readonly withSeries: boolean } = { withSeries: true },
): Promise<{ ente: EnteDevedor; precatorios: Precatorio[]; funding: FundingRow[]; series: IndexSeries[] } | undefined> {
  const found = await getEnte(db, enteId);
  if (!found) return undefined;
  const store = new SqlIndexStore(db);
  const series: IndexSeries[] = [];
  for (const name of options.withSeries ? INDEX_NAMES : []) {
    const s = await store.get(name);
    if (s) series.push(s);
  }
  return { ente: found.ente, precatorios: await precatoriosOfEnte(db, enteId), funding: await fundingRowsOf(db, enteId), series };
}
