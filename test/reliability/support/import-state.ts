import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../../../src/cli/output.ts';
import { generateTjpaDemo } from '../../../src/demo/tjpa-demo.ts';
import { Dec } from '../../../src/domain/money.ts';
import { loadRpvLaws } from '../../../src/rules/load-rule-book.ts';
import type { Db } from '../../../src/storage/db.ts';

/** What a whole import of the file must leave, computed from the CSV text itself (not by the importer). */
export interface BigCsv {
  readonly path: string;
  readonly rows: number;
  readonly precatorios: number;
  readonly entes: number;
  /** RPV laws the import attaches to the file's entes (data/rules/rpv-laws.csv). */
  readonly rpvLaws: number;
  readonly grants: number;
  /** Σ valor_beneficiario over every row, and Σ valor_requisitado over one row per precatório. */
  readonly beneficiariosBrl: string;
  readonly requisitadoBrl: string;
}

/**
 * The seeded TJPA demo scaled up until it has at least `minRows` rows (one per beneficiary),
 * written once into `dir` in the project CSV format. ~5 s for 200 000 rows.
 */
export function writeBigCsv(dir: string, minRows: number, seed: number): BigCsv {
  let scale = minRows / 7000;
  let rows = generateTjpaDemo(seed, scale);
  while (rows.length - 1 < minRows) rows = generateTjpaDemo(seed, (scale *= 1.05));
  const header = rows[0]!;
  const col = (name: string) => header.indexOf(name);
  const [numero, ente, requisitado, valor, doenca, deficiencia] = [
    'numero',
    'ente_id',
    'valor_requisitado',
    'valor_beneficiario',
    'doenca_grave_desde',
    'deficiencia_desde',
  ].map(col) as [number, number, number, number, number, number];
  const seen = new Set<string>();
  let beneficiarios = new Dec(0);
  let requisitados = new Dec(0);
  let grants = 0;
  for (const row of rows.slice(1)) {
    beneficiarios = beneficiarios.plus(row[valor]!);
    if (row[doenca] || row[deficiencia]) grants++;
    if (!seen.has(row[numero]!)) {
      seen.add(row[numero]!);
      requisitados = requisitados.plus(row[requisitado]!);
    }
  }
  const enteIds = new Set(rows.slice(1).map((r) => r[ente]!));
  const laws = loadRpvLaws();
  const path = join(dir, 'grande.csv');
  writeFileSync(path, toCsv(rows));
  return {
    path,
    rows: rows.length - 1,
    precatorios: seen.size,
    entes: enteIds.size,
    rpvLaws: [...enteIds].reduce((n, id) => n + (laws.get(id)?.length ?? 0), 0),
    grants,
    beneficiariosBrl: beneficiarios.toFixed(2),
    requisitadoBrl: requisitados.toFixed(2),
  };
}

/**
 * Fresh planner statistics before the cross-checks: a store copied from a template, or written by a
 * killed child, still has the statistics of empty tables, and PostgreSQL then plans the anti-joins
 * below as nested loops over 10⁵ rows (minutes instead of a second). PGlite has no autovacuum.
 */
export async function analyze(db: Db): Promise<void> {
  await db.exec('analyze precatorios, beneficiarios, superpreference_grants, payments, events');
}

/** Counts and NUMERIC sums of an import, read in one statement, plus the cross-checks between tables. */
export interface ImportState {
  readonly migrations: number;
  readonly precatorios: number;
  readonly beneficiarios: number;
  readonly grants: number;
  readonly entes: number;
  readonly rpvLaws: number;
  readonly beneficiariosBrl: string;
  readonly requisitadoBrl: string;
  readonly importedEvents: number;
  readonly enteEvents: number;
  readonly events: number;
  /** Σ valorRequisitado as recorded in the 'importado' events: the log agrees with the tables. */
  readonly eventsRequisitadoBrl: string;
  /** Rows that point at nothing, or precatórios without what must come with them. */
  readonly orphans: {
    readonly beneficiarios: number;
    readonly grants: number;
    readonly events: number;
    readonly precatoriosWithoutBeneficiario: number;
    readonly precatoriosWithoutEvent: number;
    readonly valueMismatch: number;
  };
}

export async function importState(db: Db): Promise<ImportState> {
  await analyze(db);
  const { rows } = await db.query<Record<string, string>>(`
    select
      (select count(*) from schema_migrations)::text as migrations,
      (select count(*) from precatorios)::text as precatorios,
      (select count(*) from beneficiarios)::text as beneficiarios,
      (select count(*) from superpreference_grants)::text as grants,
      (select count(*) from entes)::text as entes,
      (select count(*) from rpv_laws)::text as rpv_laws,
      (select coalesce(sum(valor), 0) from beneficiarios)::text as beneficiarios_brl,
      (select coalesce(sum(valor_requisitado), 0) from precatorios)::text as requisitado_brl,
      (select count(*) from events where kind = 'importado')::text as imported_events,
      (select count(*) from events where kind = 'ente-criado')::text as ente_events,
      (select count(*) from events)::text as events,
      (select coalesce(sum((after->>'valorRequisitado')::numeric), 0) from events where kind = 'importado')::text as events_requisitado_brl,
      (select count(*) from beneficiarios b where not exists (select 1 from precatorios p where p.numero = b.precatorio_numero))::text as orphan_beneficiarios,
      (select count(*) from superpreference_grants g where not exists (select 1 from beneficiarios b where b.precatorio_numero = g.precatorio_numero and b.id = g.beneficiario_id))::text as orphan_grants,
      (select count(*) from events e where e.precatorio_numero is not null and not exists (select 1 from precatorios p where p.numero = e.precatorio_numero))::text as orphan_events,
      (select count(*) from precatorios p where not exists (select 1 from beneficiarios b where b.precatorio_numero = p.numero))::text as without_beneficiario,
      (select count(*) from precatorios p where not exists (select 1 from events e where e.precatorio_numero = p.numero and e.kind = 'importado'))::text as without_event,
      (select count(*) from precatorios p where p.valor_requisitado <> (select sum(b.valor) from beneficiarios b where b.precatorio_numero = p.numero))::text as value_mismatch`);
  const r = rows[0]!;
  const n = (k: string) => Number(r[k]);
  return {
    migrations: n('migrations'),
    precatorios: n('precatorios'),
    beneficiarios: n('beneficiarios'),
    grants: n('grants'),
    entes: n('entes'),
    rpvLaws: n('rpv_laws'),
    beneficiariosBrl: new Dec(r['beneficiarios_brl']!).toFixed(2),
    requisitadoBrl: new Dec(r['requisitado_brl']!).toFixed(2),
    importedEvents: n('imported_events'),
    enteEvents: n('ente_events'),
    events: n('events'),
    eventsRequisitadoBrl: new Dec(r['events_requisitado_brl']!).toFixed(2),
    orphans: {
      beneficiarios: n('orphan_beneficiarios'),
      grants: n('orphan_grants'),
      events: n('orphan_events'),
      precatoriosWithoutBeneficiario: n('without_beneficiario'),
      precatoriosWithoutEvent: n('without_event'),
      valueMismatch: n('value_mismatch'),
    },
  };
}

const NO_ORPHANS = { beneficiarios: 0, grants: 0, events: 0, precatoriosWithoutBeneficiario: 0, precatoriosWithoutEvent: 0, valueMismatch: 0 };

/** The state of an empty, migrated store: nothing of the import, not even its entes or events. */
export function emptyState(migrations: number): ImportState {
  return {
    migrations,
    precatorios: 0,
    beneficiarios: 0,
    grants: 0,
    entes: 0,
    rpvLaws: 0,
    beneficiariosBrl: '0.00',
    requisitadoBrl: '0.00',
    importedEvents: 0,
    enteEvents: 0,
    events: 0,
    eventsRequisitadoBrl: '0.00',
    orphans: NO_ORPHANS,
  };
}

/**
 * The state of a store holding the whole file: every count and sum from the CSV text, and the
 * event log agreeing with the tables (one event per ente and per precatório, nothing else).
 */
export function wholeState(file: BigCsv, migrations: number): ImportState {
  return {
    migrations,
    precatorios: file.precatorios,
    beneficiarios: file.rows,
    grants: file.grants,
    entes: file.entes,
    rpvLaws: file.rpvLaws,
    beneficiariosBrl: file.beneficiariosBrl,
    requisitadoBrl: file.requisitadoBrl,
    importedEvents: file.precatorios,
    enteEvents: file.entes,
    events: file.precatorios + file.entes,
    eventsRequisitadoBrl: file.requisitadoBrl,
    orphans: NO_ORPHANS,
  };
}
