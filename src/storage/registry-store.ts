import { money } from '../domain/money.ts';
import { hash } from 'node:crypto';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { morePagesAfter, readAllBeneficiaries } from './beneficiary-pages.ts';
import { precatorioChunksSql, precatoriosOfChunks } from './precatorio-lines.ts';
import { csvCell, csvLine } from './copy-csv.ts';
import type { Db } from './db.ts';
import {
  BENEFICIARIO_COLUMNS,
  type BeneficiarioRow,
  PRECATORIO_COLUMNS,
  type PrecatorioRow,
  TAX_FACT_COLUMNS,
  type RowReader,
  type RpvLawRow,
  beneficiarioFromArray,
  beneficiarioFromRow,
  contratuaisCells,
  precatorioFromRow,
  rpvLawAmount,
  rowReader,
  rpvLawsFromRows,
  taxFactCells,
} from './rows.ts';

export interface ImportCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface EnteSummary {
  readonly ente: EnteDevedor;
  readonly version: number;
  readonly precatorios: number;
  readonly abertos: number;
  readonly estoqueBrl: string;
  /** Paid and cancelled precatórios, and the amount paid on all of them (the staff desk's totals, issue 18 §2). */
  readonly pagos: number;
  readonly cancelados: number;
  readonly pagoBrl: string;
}

export interface EventRecord {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Characters that JSON must escape; most cells (números, dates, amounts, codes) have none. */
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

function jsonString(text: string): string {
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Columns an import writes, in the order of the prepared CSV lines (COPY, see Db.copyFrom). */
const PRECATORIO_COLUMNS_WRITTEN = [
  'numero',
  'ente_id',
  'regime',
  'natureza',
  'tributario',
  'apresentado_em',
  'ordem_publicada',
  'orcamento_publicado',
  'expedido_em',
  'data_base',
  'valor_requisitado',
  'processo_origem',
  'status',
  'honorarios_sucumbenciais',
  'import_hash',
] as const;
const BENEFICIARIO_COLUMNS_WRITTEN = [
  'precatorio_numero',
  'id',
  'credor_id',
  'titularidade',
  'valor',
  'pago',
  'superpreferencia_paga',
  'nome',
  'cpf',
  'nascimento',
  ...TAX_FACT_COLUMNS,
  'contratuais_pct',
  'contratuais_valor',
  'advogado_tipo',
  'advogado_nome',
  'advogado_documento',
];
const GRANT_COLUMNS_WRITTEN = ['precatorio_numero', 'beneficiario_id', 'ground', 'granted_on', 'decided_by'];
const EVENT_COLUMNS_WRITTEN = ['actor', 'kind', 'ente_id', 'precatorio_numero', 'after'];

async function copyLines(tx: Db, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length > 0) await tx.copyFrom(table, columns, lines.join('\n'));
}

/**
 * A precatório turned into the rows an import writes: CSV lines for COPY (plain strings, so a batch
 * can be prepared in a worker thread and cross to the thread that owns the database connection).
 */
export interface PreparedPrecatorio {
  readonly numero: string;
  readonly enteId: string;
  readonly hash: string;
  readonly row: string;
  readonly beneficiarios: readonly string[];
  readonly grants: readonly string[];
  readonly snapshot: string;
}

/** The five contratuais cells (migration 0011) of a beneficiary without them: all NULL. */
const NO_CONTRATUAIS = ','.repeat(5);

export function preparePrecatorio(p: Precatorio): PreparedPrecatorio {
  const a = p.apresentacao;
  // Each amount is printed once (Decimal#toFixed is costly) and every field goes into the rows
  // exactly once; the content hash is taken over those rows, so it covers everything an import
  // writes without a second rendering of the precatório.
  const valor = p.valorRequisitadoBrl.toFixed(2);
  const beneficiarios: string[] = [];
  const grants: string[] = [];
  // What the content hash covers: the beneficiary rows as before 0011 when they have no contratuais,
  // so a registry imported earlier sees the same file as unchanged (no spurious re-import).
  const hashed: string[] = [];
  for (const b of p.beneficiarios) {
    const line = csvLine([
      p.numero,
      b.id,
      b.credorId,
      b.titularidade,
      b.valorBrl.toFixed(2),
      b.pagoBrl.toFixed(2),
      b.superpreferenciaPagaBrl.toFixed(2),
      b.nome,
      b.cpf,
      b.nascimento,
      ...taxFactCells(b.tax),
    ]);
    const full = b.contratuais ? `${line},${csvLine(contratuaisCells(b.contratuais))}` : `${line}${NO_CONTRATUAIS}`;
    beneficiarios.push(full);
    hashed.push(b.contratuais ? full : line);
    // R3.4 §7: one ground per beneficiary (validatePrecatorio refuses both illness and disability).
    const ground = b.doencaGraveDesde ? 'doenca-grave' : b.deficienciaDesde ? 'deficiencia' : undefined;
    if (ground) grants.push(csvLine([p.numero, b.id, ground, b.doencaGraveDesde ?? b.deficienciaDesde, 'importação']));
  }
  const rowBody = csvLine([
    p.numero,
    p.enteId,
    p.regime,
    p.natureza,
    p.tributario,
    a.kind === 'registrada' ? a.apresentadoEm : null,
    a.kind === 'ordem-publicada' ? a.ordem : null,
    a.kind === 'ordem-publicada' ? a.budgetYear : null,
    p.expedidoEm,
    p.dataBase,
    valor,
    p.processoOrigem,
    p.status,
  ]);
  // R6.15 (0011): hashed only when set, like the contratuais, so earlier imports stay unchanged.
  const sucumbenciais = p.honorariosSucumbenciais === true;
  const hash = contentHash(`${rowBody}${sucumbenciais ? ',true' : ''}\n${hashed.join('\n')}\n${grants.join('\n')}`);
  return {
    numero: p.numero,
    enteId: p.enteId,
    hash,
    // The hash (base64url: no quote, no comma) is the last cell: `sameContent` leaves it out.
    row: `${rowBody},${sucumbenciais},${hash}`,
    beneficiarios,
    grants,
    snapshot: importSnapshotJson(p, valor),
  };
}

/** Rows per COPY: big enough to amortise round trips, small enough for PGlite's memory. */
export const IMPORT_BATCH_SIZE = 5000;

/**
 * On PGlite a statement holds this thread while it runs, so an import's statements are kept short
 * for the requests answered between them (app/payment-order-cache.ts): a COPY of 5 000 precatórios took
 * 0.2–1.4 s on a loaded 2-core machine, which every lookup during the import waited out. There is
 * no round trip to amortise in process.
 */
export const PGLITE_IMPORT_BATCH_SIZE = 500;

/** Precatórios written by one import from which the tables' statistics are refreshed at its end. */
const ANALYZE_AFTER_ROWS = 10_000;

/** A precatório of the file that the import did not write, and why (in Portuguese, for the report). */
export interface ImportRefusal {
  readonly numero: string;
  readonly motivo: string;
}

/**
 * Key of the transaction-level advisory lock that makes imports run one at a time, across
 * processes: two imports could otherwise both insert the same new número (one would fail on the
 * primary key) or lock the same precatórios in different orders (deadlock). A payment run holds it
 * shared (see payment-run.ts): runs go on side by side, an import waits for them and they for it.
 */
export const IMPORT_LOCK_KEY = 7_250_130_901;

/**
 * Writes an import inside the caller's transaction, batch by batch as the file streams in: entes,
 * then precatórios. A precatório whose content hash did not change is left alone (re-import is a
 * no-op); a new or changed one replaces its beneficiaries and imported grants and gets an event —
 * unless staff changed it since it was imported (payments, cessões, grants, cancelamento): then it
 * is refused and reported (`refused`), so a file never erases what staff registered. `finish`
 * applies changed ente data, bumps the touched entes' versions and returns the counts.
 *
 * Locks, so that concurrent staff writes never deadlock with an import: staff writes lock one
 * precatório and then its ente; the import locks the precatórios it replaces (in número order,
 * batch by batch) and takes ente row locks only in `finish`, after its last precatório lock.
 */
export class RegistryImport {
  #inserted = 0;
  #updated = 0;
  #unchanged = 0;
  /** Beneficiary rows written: one precatório may bring 200 000 (issue 15), which needs statistics too. */
  #beneficiariosWritten = 0;
  #serialised = false;
  readonly #refused: ImportRefusal[] = [];
  readonly #touchedEntes = new Set<string>();
  /** Entes whose name, esfera or regime the file changes: written in `finish` (see the class note). */
  readonly #enteChanges = new Map<string, EnteDevedor>();

  constructor(
    private readonly tx: Db,
    private readonly actor: string,
  ) {}

  async addBatch(batch: { readonly entes: readonly EnteDevedor[]; readonly precatorios: readonly Precatorio[] }): Promise<void> {
    await this.addPrepared({ entes: batch.entes, items: batch.precatorios.map(preparePrecatorio) });
  }

  /** The same, for rows already prepared (possibly in a worker thread, see import/parallel-read.ts). */
  async addPrepared(batch: { readonly entes: readonly EnteDevedor[]; readonly items: readonly PreparedPrecatorio[] }): Promise<void> {
    if (!this.#serialised) {
      // Waits for an import running elsewhere to commit or roll back.
      await this.tx.query('select pg_advisory_xact_lock($1)', [IMPORT_LOCK_KEY]);
      this.#serialised = true;
    }
    for (const ente of batch.entes) {
      const outcome = await upsertEnte(this.tx, ente, this.actor);
      if (outcome.dataChanged) this.#enteChanges.set(ente.id, ente);
      if (outcome.lawsChanged) this.#touchedEntes.add(ente.id);
    }
    const size = this.tx.kind === 'pglite' ? PGLITE_IMPORT_BATCH_SIZE : IMPORT_BATCH_SIZE;
    for (let start = 0; start < batch.items.length; start += size) {
      const slice = batch.items.slice(start, start + size);
      const { written: changed, refused } = await writePrecatorios(this.tx, slice);
      if (changed.length > 0) {
        const replaced = changed.filter((c) => !c.inserted).map((c) => c.item.numero);
        if (replaced.length > 0) await byIndex(this.tx, () => this.tx.query('delete from beneficiarios where precatorio_numero = any($1::text[])', [replaced]));
        const beneficiarios = changed.flatMap((c) => c.item.beneficiarios);
        this.#beneficiariosWritten += beneficiarios.length;
        await copyLines(this.tx, 'beneficiarios', BENEFICIARIO_COLUMNS_WRITTEN, beneficiarios);
        await copyLines(
          this.tx,
          'superpreference_grants',
          GRANT_COLUMNS_WRITTEN,
          changed.flatMap((c) => c.item.grants),
        );
        const actor = csvCell(this.actor);
        await copyLines(
          this.tx,
          'events',
          EVENT_COLUMNS_WRITTEN,
          changed.map(
            (c) => `${actor},${c.inserted ? 'importado' : 'reimportado'},${csvCell(c.item.enteId)},${csvCell(c.item.numero)},${csvCell(c.item.snapshot)}`,
          ),
        );
      }
      for (const c of changed) {
        if (c.inserted) this.#inserted += 1;
        else this.#updated += 1;
        this.#touchedEntes.add(c.item.enteId);
        // A precatório the file moves to another ente leaves its old ente's lists too.
        if (c.fromEnte) this.#touchedEntes.add(c.fromEnte);
      }
      this.#refused.push(...refused);
      this.#unchanged += slice.length - changed.length - refused.length;
    }
  }

  get written(): number {
    return this.#inserted + this.#updated + this.#unchanged + this.#refused.length;
  }

  /** The entes whose version `finish` moves: their lists change. */
  get touchedEntes(): ReadonlySet<string> {
    return this.#touchedEntes;
  }

  /** Precatórios of the file left as they are because staff changed them since their last import. */
  get refused(): readonly ImportRefusal[] {
    return this.#refused;
  }

  async finish(): Promise<ImportCounts> {
    for (const ente of this.#enteChanges.values()) {
      await this.tx.query('update entes set nome = $2, esfera = $3, regime = $4 where id = $1', [ente.id, ente.nome, ente.esfera, ente.regime]);
      await this.tx.query(`insert into events (actor, kind, ente_id, after) values ($1, 'ente-alterado', $2, $3::jsonb)`, [
        this.actor,
        ente.id,
        JSON.stringify({ nome: ente.nome, esfera: ente.esfera, regime: ente.regime }),
      ]);
      this.#touchedEntes.add(ente.id);
    }
    if (this.#touchedEntes.size > 0) await this.tx.query('update entes set version = version + 1 where id = any($1::text[])', [[...this.#touchedEntes]]);
    // Fresh planner statistics after a bulk load: PGlite never analyses by itself, and PostgreSQL's
    // autovacuum comes later — meanwhile an ente's list or a cross-check could pick a plan for an
    // empty table (seen: minutes instead of milliseconds after a 200 000-row import).
    // One table per statement: on PGlite each statement holds the thread (PGLITE_IMPORT_BATCH_SIZE).
    // Without statistics the keyset pages of a large precatório's beneficiaries (beneficiary-pages.ts)
    // are planned as a scan of all that follow plus a sort: 200 000 read in 7 s instead of 1.5 s.
    if (this.#inserted + this.#updated >= ANALYZE_AFTER_ROWS || this.#beneficiariosWritten >= ANALYZE_AFTER_ROWS) {
      // On PGlite a smaller sample (3 000 rows a table instead of 30 000): each ANALYZE held the
      // thread 0.3–1.6 s (100 000-row import, load 15), and row counts and key spreads — what keeps
      // the plans off a sequential scan — need no more.
      if (this.tx.kind === 'pglite') await this.tx.exec('set local default_statistics_target = 10');
      for (const table of ['precatorios', 'beneficiarios', 'superpreference_grants', 'events']) await this.tx.exec(`analyze ${table}`);
      if (this.tx.kind === 'pglite') await this.tx.exec('set local default_statistics_target to default');
    }
    return { inserted: this.#inserted, updated: this.#updated, unchanged: this.#unchanged };
  }
}

/**
 * What an import event records: enough to explain the position (status, natureza, presentation,
 * value, how many beneficiaries) — the full beneficiary detail is in the tables, and a million-row
 * import should not write it twice.
 */
/** The event's "after" of an import, as JSON text written by hand (one per precatório of a million-row file). */
function importSnapshotJson(p: Precatorio, valor: string): string {
  const a = p.apresentacao;
  const apresentacao =
    a.kind === 'registrada'
      ? `{"kind":"registrada","apresentadoEm":${jsonString(a.apresentadoEm)}}`
      : `{"kind":"ordem-publicada","ordem":${a.ordem},"budgetYear":${a.budgetYear}}`;
  return `{"status":"${p.status}","natureza":"${p.natureza}","apresentacao":${apresentacao},"valorRequisitado":"${valor}","beneficiarios":${p.beneficiarios.length}}`;
}

/** A whole registry already in memory (tests, the demo seed): one `RegistryImport`. */
export async function importRegistry(
  tx: Db,
  input: { readonly entes: readonly EnteDevedor[]; readonly precatorios: readonly Precatorio[] },
  actor: string,
): Promise<ImportCounts> {
  const run = new RegistryImport(tx, actor);
  await run.addBatch(input);
  return run.finish();
}

/**
 * A new ente is inserted now (its precatórios reference it); an existing one is only compared: a
 * change of name, esfera or regime is written by `finish` (row locks on entes come last, see
 * RegistryImport). RPV laws are upserted; a changed law moves the ente's version, because the RPV
 * ceiling and the superpreference cap of its cached lists depend on it.
 */
async function upsertEnte(tx: Db, ente: EnteDevedor, actor: string): Promise<{ dataChanged: boolean; lawsChanged: boolean }> {
  const { rows: inserted } = await tx.query('insert into entes (id, nome, esfera, regime) values ($1, $2, $3, $4) on conflict (id) do nothing returning id', [
    ente.id,
    ente.nome,
    ente.esfera,
    ente.regime,
  ]);
  let dataChanged = false;
  if (inserted.length > 0) {
    await tx.query(`insert into events (actor, kind, ente_id, after) values ($1, 'ente-criado', $2, $3::jsonb)`, [
      actor,
      ente.id,
      JSON.stringify({ nome: ente.nome, esfera: ente.esfera, regime: ente.regime }),
    ]);
  } else {
    const { rows } = await tx.query<{ changed: boolean }>(
      'select (nome, esfera, regime) is distinct from ($2::text, $3::text, $4::text) as changed from entes where id = $1',
      [ente.id, ente.nome, ente.esfera, ente.regime],
    );
    dataChanged = rows[0]?.changed === true;
  }
  let lawsChanged = false;
  for (const law of ente.rpvLaws ?? []) {
    const { rows } = await tx.query(
      `insert into rpv_laws (ente_id, valid_from, kind, amount, legal_basis) values ($1, $2, $3, $4, $5)
       on conflict (ente_id, valid_from) do update set kind = excluded.kind, amount = excluded.amount, legal_basis = excluded.legal_basis
         where (rpv_laws.kind, rpv_laws.amount, rpv_laws.legal_basis) is distinct from (excluded.kind, excluded.amount, excluded.legal_basis)
       returning ente_id`,
      [ente.id, law.validFrom, law.value.kind, rpvLawAmount(law.value), law.legalBasis],
    );
    if (rows.length > 0 && inserted.length === 0) lawsChanged = true;
  }
  return { dataChanged, lawsChanged };
}

/**
 * Content hash of what an import writes for one precatório (header, beneficiaries, grants): every
 * field, in a fixed order, joined by a separator that cannot occur in CSV cells. Built by hand
 * because JSON.stringify of the Decimal-laden object was a tenth of a million-row import.
 */
/** What an import compares to decide "unchanged": 132 bits of SHA-256 over the rows it would write. */
function contentHash(rows: string): string {
  return hash('sha256', rows, 'base64url').slice(0, 22);
}

/**
 * Runs a lookup of one batch by key (`= any($1)`) with sequential scans off. During an import the
 * tables grow by rows no statistics have seen (they are analysed only at its end), and the planner
 * then reads the whole table for each batch: 5 000 números against 200 000 new rows took 22 ms by
 * sequential scan and 10 ms by the primary key, and the scan grows with the table (measured on a
 * million-row import: 8.4 s in total for this lookup, up to 120 ms per batch). A key lookup of a
 * bounded batch never wants a full scan, so the setting is scoped to the statement.
 */
async function byIndex<T>(tx: Db, run: () => Promise<T>): Promise<T> {
  await tx.exec('set local enable_seqscan = off');
  // No `finally`: a failed statement aborts the transaction, which drops the setting with it.
  const result = await run();
  await tx.exec('set local enable_seqscan to default');
  return result;
}

/**
 * Inserts new precatórios and replaces changed ones that staff has not touched. Existing rows are
 * looked up first so that new rows take a plain INSERT (ON CONFLICT's speculative insertion costs
 * about twice as much) and unchanged ones are not written — nor locked — at all.
 */
async function writePrecatorios(
  tx: Db,
  batch: readonly PreparedPrecatorio[],
): Promise<{ written: { item: PreparedPrecatorio; inserted: boolean; fromEnte?: string }[]; refused: ImportRefusal[] }> {
  const { rows: existing } = await byIndex(tx, () =>
    tx.query<{ numero: string; import_hash: string | null }>('select numero, import_hash from precatorios where numero = any($1::text[])', [
      batch.map((p) => p.numero),
    ]),
  );
  const storedHash = new Map(existing.map((r) => [r.numero, r.import_hash]));
  const fresh = batch.filter((p) => !storedHash.has(p.numero));
  const candidates = batch.filter((p) => storedHash.has(p.numero) && storedHash.get(p.numero) !== p.hash);
  await copyLines(
    tx,
    'precatorios',
    PRECATORIO_COLUMNS_WRITTEN,
    fresh.map((p) => p.row),
  );
  const { replace, refused } = await lockReplaceable(tx, candidates);
  if (replace.length > 0) {
    // Changed rows go through a staging table (dropped at commit) and one UPDATE … FROM.
    await tx.query('create temp table if not exists import_staging (like precatorios including defaults) on commit drop');
    await tx.query('truncate import_staging');
    await copyLines(
      tx,
      'import_staging',
      PRECATORIO_COLUMNS_WRITTEN,
      replace.map((r) => r.item.row),
    );
    await tx.query(
      `update precatorios p set ${PRECATORIO_COLUMNS_WRITTEN.slice(1)
        .map((n) => `${n} = t.${n}`)
        .join(', ')}, version = p.version + 1, imported_version = p.version + 1
       from import_staging t where p.numero = t.numero`,
    );
  }
  return { written: [...fresh.map((item) => ({ item, inserted: true })), ...replace.map((r) => ({ ...r, inserted: false }))], refused };
}

/**
 * Locks the rows an import is about to replace (SELECT … FOR UPDATE, in número order) and keeps
 * those staff has not changed since their last import (`version = imported_version`). A staff write
 * that committed first moved `version`, so the precatório is refused; one that comes later waits for
 * the import to commit and then works on what it wrote. Either way nothing staff registered is lost.
 * A file that already shows the staff's changes (same content as the registry) is just unchanged.
 */
async function lockReplaceable(
  tx: Db,
  candidates: readonly PreparedPrecatorio[],
): Promise<{ replace: { item: PreparedPrecatorio; fromEnte: string }[]; refused: ImportRefusal[] }> {
  if (candidates.length === 0) return { replace: [], refused: [] };
  const { rows } = await byIndex(tx, () =>
    tx.query<{ numero: string; ente_id: string; version: string; imported_version: string | null }>(
      `select numero, ente_id, version::text as version, imported_version::text as imported_version from precatorios
     where numero = any($1::text[]) order by numero for update`,
      [candidates.map((p) => p.numero)],
    ),
  );
  const locked = new Map(rows.map((r) => [r.numero, r]));
  const replace: { item: PreparedPrecatorio; fromEnte: string }[] = [];
  const refused: ImportRefusal[] = [];
  for (const item of candidates) {
    const row = locked.get(item.numero);
    if (!row) throw new Error(`precatório ${item.numero} sumiu durante a importação`); // precatórios are never deleted
    if (row.version === row.imported_version) {
      replace.push({ item, fromEnte: row.ente_id });
      continue;
    }
    const stored = await findPrecatorio(tx, item.numero);
    if (stored && sameContent(preparePrecatorio(stored.precatorio), item)) {
      // Remember the file, so the next import of it takes the fast path; nothing else changes.
      await tx.query('update precatorios set import_hash = $2 where numero = $1', [item.numero, item.hash]);
      continue;
    }
    refused.push({ numero: item.numero, motivo: await refusalReason(tx, item.numero) });
  }
  return { replace, refused };
}

/** Same rows (the import hash aside) and the same beneficiaries and grants, in any order. */
function sameContent(a: PreparedPrecatorio, b: PreparedPrecatorio): boolean {
  const header = (row: string) => row.slice(0, row.lastIndexOf(','));
  const set = (rows: readonly string[]) => JSON.stringify([...rows].sort());
  return header(a.row) === header(b.row) && set(a.beneficiarios) === set(b.beneficiarios) && set(a.grants) === set(b.grants);
}

async function refusalReason(tx: Db, numero: string): Promise<string> {
  const { rows } = await tx.query<{ kind: string; n: string }>(
    `select kind, count(*)::text as n from events where precatorio_numero = $1 and kind not in ('importado', 'reimportado')
       and id > coalesce((select max(id) from events where precatorio_numero = $1 and kind in ('importado', 'reimportado')), 0)
     group by kind order by min(id)`,
    [numero],
  );
  const what = rows.length > 0 ? ` (${rows.map((r) => (r.n === '1' ? r.kind : `${r.kind} ×${r.n}`)).join(', ')})` : '';
  return (
    `precatório ${numero}: alterado pela equipe depois da última importação${what}; não foi sobrescrito, para não apagar pagamentos, ` +
    'cessões ou decisões já registrados — importe um arquivo que já traga essas alterações, ou altere-o pela API da equipe'
  );
}

export async function listEntes(db: Db): Promise<EnteSummary[]> {
  const { rows } = await db.query<{
    id: string;
    nome: string;
    esfera: EnteDevedor['esfera'];
    regime: EnteDevedor['regime'];
    version: string;
    total: string;
    abertos: string;
    estoque: string;
    pagos: string;
    cancelados: string;
    pago: string;
  }>(
    `select e.id, e.nome, e.esfera, e.regime, e.version::text as version,
            count(p.numero)::text as total,
            count(p.numero) filter (where p.status in ('ativo', 'suspenso'))::text as abertos,
            count(p.numero) filter (where p.status = 'pago')::text as pagos,
            count(p.numero) filter (where p.status = 'cancelado')::text as cancelados,
            coalesce((select sum(b.pago) from beneficiarios b join precatorios q on q.numero = b.precatorio_numero
                      where q.ente_id = e.id), 0)::text as pago,
            coalesce((select sum(b.valor - b.pago) from beneficiarios b join precatorios q on q.numero = b.precatorio_numero
                      where q.ente_id = e.id and q.status in ('ativo', 'suspenso')), 0)::text as estoque
     from entes e left join precatorios p on p.ente_id = e.id
     group by e.id order by e.nome`,
  );
  const laws = await rpvLawsByEnte(db);
  return rows.map((r) => ({
    ente: { id: r.id, nome: r.nome, esfera: r.esfera, regime: r.regime, rpvLaws: rpvLawsFromRows(laws.get(r.id) ?? []) },
    version: Number(r.version),
    precatorios: Number(r.total),
    abertos: Number(r.abertos),
    estoqueBrl: r.estoque,
    pagos: Number(r.pagos),
    cancelados: Number(r.cancelados),
    pagoBrl: money(r.pago).toFixed(2),
  }));
}

async function rpvLawsByEnte(db: Db, enteId?: string): Promise<Map<string, RpvLawRow[]>> {
  const { rows } = await db.query<RpvLawRow & { ente_id: string }>(
    `select ente_id, valid_from::text as valid_from, kind, amount::text as amount, legal_basis from rpv_laws
     ${enteId ? 'where ente_id = $1' : ''} order by ente_id, valid_from`,
    enteId ? [enteId] : [],
  );
  const byEnte = new Map<string, RpvLawRow[]>();
  for (const r of rows) byEnte.set(r.ente_id, [...(byEnte.get(r.ente_id) ?? []), r]);
  return byEnte;
}

/** An ente row with its RPV laws (as JSON objects of the same text columns as rpvLawsByEnte). */
const ENTE_COLUMNS = `e.id, e.nome, e.esfera, e.regime, e.version::text as version,
  (select coalesce(json_agg(json_build_object('valid_from', l.valid_from::text, 'kind', l.kind, 'amount', l.amount::text, 'legal_basis', l.legal_basis)
     order by l.valid_from), '[]'::json) from rpv_laws l where l.ente_id = e.id) as laws`;

type EnteRow = { id: string; nome: string; esfera: EnteDevedor['esfera']; regime: EnteDevedor['regime']; version: string; laws: RpvLawRow[] };

const enteFromRow = (row: EnteRow) => ({
  ente: { id: row.id, nome: row.nome, esfera: row.esfera, regime: row.regime, rpvLaws: rpvLawsFromRows(row.laws) },
  version: Number(row.version),
});

/** An ente and its RPV laws, in one statement. */
export async function getEnte(db: Db, id: string): Promise<{ ente: EnteDevedor; version: number } | undefined> {
  const { rows } = await db.query<EnteRow>(`select ${ENTE_COLUMNS} from entes e where e.id = $1`, [id]);
  return rows[0] && enteFromRow(rows[0]);
}

/**
 * An ente, its RPV laws and the version of every one of its precatórios (número → version), in one
 * statement — one snapshot, so the ente's version tells how new the precatório versions are. Read on
 * every refresh after a write (app/ente-source-cache.ts), so the versions come as one text: a third of
 * the client's cost of one row each for a large debtor. Números come JSON-quoted, so any text (a
 * legacy número with a line break or a quote) comes back intact.
 */
export async function enteWithVersions(db: Db, id: string): Promise<{ ente: EnteDevedor; version: number; versions: Map<string, number> } | undefined> {
  const { rows } = await db.query<EnteRow & { v: string | null }>(
    `select ${ENTE_COLUMNS},
            (select string_agg(p.version::text || ' ' || to_json(p.numero)::text, E'\\n') from precatorios p where p.ente_id = e.id) as v
     from entes e where e.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const versions = new Map<string, number>();
  for (const line of row.v ? row.v.split('\n') : []) {
    const space = line.indexOf(' ');
    const quoted = line.slice(space + 1);
    versions.set(quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1), Number(line.slice(0, space)));
  }
  return { ...enteFromRow(row), versions };
}

/** Every precatório of one ente, with beneficiaries and active grants. */
export async function precatoriosOfEnte(db: Db, enteId: string): Promise<Precatorio[]> {
  return (await precatoriosWithVersions(db, { enteId })).map((x) => x.precatorio);
}

/**
 * Precatórios with their versions — of one ente, or the given números — so that a cached list can
 * reload only what changed since it was built (app/payment-order-cache.ts).
 */
export async function precatoriosWithVersions(
  db: Db,
  of: { readonly enteId: string; readonly page?: { readonly after: string | null; readonly size: number } } | { readonly numeros: readonly string[] },
  reader: RowReader = rowReader(),
): Promise<{ version: number; precatorio: Precatorio; history: string }[]> {
  // A page: the debtor's next `size` precatórios after número `after`, compared and ordered in "C" as
  // the index precatorios_ente_numero is (migration 0008: so foreign-key checks never use it).
  const page = 'enteId' in of ? of.page : undefined;
  const [where, params]: [string, unknown[]] =
    'enteId' in of
      ? page
        ? ['p.ente_id = $1 and ($2::text is null or p.numero collate "C" > $2) order by p.numero collate "C" limit $3', [of.enteId, page.after, page.size]]
        : ['p.ente_id = $1', [of.enteId]]
      : ['p.numero = any($1::text[])', [of.numeros]];
  // One statement: each precatório with its beneficiaries (as JSON objects with the same text
  // columns) read in one snapshot, so a version always goes with its own content — and one round
  // trip for the reload after a write.
  // The public history (when and what, HISTORY_TEXT) comes along in the same snapshot, so a
  // server can answer a lookup from what it holds while an import has the connection (PGlite).
  // A precatório with more than FIRST_BENEFICIARIOS beneficiaries gets the rest in pages, yielding between
  // them (storage/beneficiary-pages.ts, issue 15 §3): separate statements, so its version is read
  // again afterwards and, if it moved, it is read again.
  // As chunks of text lines (storage/precatorio-lines.ts): PGlite decoded a row per precatório slowly.
  const rows = precatoriosOfChunks((await db.query<{ chunk: string | null }>(precatorioChunksSql(where), params)).rows);
  const { amount, text } = reader;
  const read: { version: number; precatorio: Precatorio; history: string }[] = [];
  const paged = new Map<string, number>();
  for (const row of rows) {
    const many = morePagesAfter(row.beneficiarios);
    const beneficiarios = many
      ? await readAllBeneficiaries(db, row.numero, row.beneficiarios, amount)
      : row.beneficiarios.map((b) => beneficiarioFromArray(b, amount, text));
    if (many) paged.set(row.numero, Number(row.version));
    // An import's events share one timestamp (the transaction's): most histories are the same text.
    read.push({ version: Number(row.version), precatorio: precatorioFromRow(row, beneficiarios, reader), history: row.history ? text(row.history) : '' });
  }
  if (paged.size === 0) return read;
  const { rows: now } = await db.query<{ numero: string; version: string }>(
    'select numero, version::text as version from precatorios where numero = any($1::text[])',
    [[...paged.keys()]],
  );
  const moved = new Set(paged.keys());
  for (const { numero, version } of now) if (paged.get(numero) === Number(version)) moved.delete(numero);
  if (moved.size === 0) return read;
  // Written to while its pages were read: read those again (one that left the ente stays out).
  const again = (await precatoriosWithVersions(db, { numeros: [...moved] }, reader)).filter((x) => !('enteId' in of) || x.precatorio.enteId === of.enteId);
  return [...read.filter((x) => !moved.has(x.precatorio.numero)), ...again];
}

/**
 * One precatório with its beneficiaries. Two statements on purpose (not precatoriosWithVersions'
 * one): with `forUpdate`, a statement that waited for the row lock rechecks the locked row only, so
 * beneficiaries read in that same statement could predate the write it waited for.
 */
export async function findPrecatorio(db: Db, numero: string, forUpdate = false): Promise<{ precatorio: Precatorio; version: number } | undefined> {
  const { rows } = await db.query<PrecatorioRow>(`select ${PRECATORIO_COLUMNS} from precatorios p where p.numero = $1${forUpdate ? ' for update' : ''}`, [
    numero,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const beneficiarios = await db.query<BeneficiarioRow>(`select ${BENEFICIARIO_COLUMNS} from beneficiarios b where b.precatorio_numero = $1 order by b.id`, [
    numero,
  ]);
  return { precatorio: precatorioFromRow(row, beneficiarios.rows.map(beneficiarioFromRow)), version: Number(row.version) };
}

/**
 * Where a precatório is (its ente and the ente's version), its own version and its event history,
 * in one statement — one round trip for a public lookup, and the history read in the same snapshot
 * as the version it belongs to. Undefined when the número is unknown.
 */
export async function locatePrecatorio(
  db: Db,
  numero: string,
): Promise<{ enteId: string; enteVersion: number; version: number; events: EventRecord[] } | undefined> {
  const { rows } = await db.query<{
    ente_id: string;
    ente_version: string;
    version: string;
    events: { id: number; at: string; actor: string; kind: string; before: unknown; after: unknown }[];
  }>(
    `select p.ente_id, e.version::text as ente_version, p.version::text as version,
            (select coalesce(json_agg(json_build_object('id', v.id, 'at', v.at::text, 'actor', v.actor, 'kind', v.kind, 'before', v.before, 'after', v.after) order by v.id), '[]'::json)
             from events v where v.precatorio_numero = p.numero) as events
     from precatorios p join entes e on e.id = p.ente_id where p.numero = $1`,
    [numero],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    enteId: row.ente_id,
    enteVersion: Number(row.ente_version),
    version: Number(row.version),
    events: row.events.map((e) => ({ ...e, id: Number(e.id) })),
  };
}

/** One event as public answers show it: when, and what kind. */
export type PublicEvent = Pick<EventRecord, 'at' | 'kind'>;

/**
 * A precatório's history as precatoriosWithVersions reads it (one `at<TAB>kind` line per event,
 * in order; `at` as locatePrecatorio prints it), back into events.
 */
export function historyFromText(text: string): PublicEvent[] {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return { at: line.slice(0, tab), kind: line.slice(tab + 1) };
  });
}

export async function eventsOf(db: Db, numero: string): Promise<EventRecord[]> {
  const { rows } = await db.query<{ id: string; at: string; actor: string; kind: string; before: unknown; after: unknown }>(
    'select e.id::text as id, e.at::text as at, e.actor, e.kind, e.before, e.after from events e where e.precatorio_numero = $1 order by e.id',
    [numero],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
