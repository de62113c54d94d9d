import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Db } from './db.ts';

/**
 * Full backup and restore of the registry (issue 9). Every table is one NDJSON file: a header line
 * with the column names, then one JSON array per row holding each value as PostgreSQL prints it
 * under fixed session settings (UTC, ISO dates) — NUMERIC stays exact text, timestamps carry their
 * offset, and the same content prints the same bytes on PGlite and PostgreSQL. The content hash of
 * the registry is built from those bytes, so the test, the manifest and the CLI speak of one hash.
 */

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'precatorios-backup';
/** Rows per FETCH while reading, and at most this many rows (or ~1 MB) per INSERT while restoring. */
const PAGE_ROWS = 2000;
const BATCH_CHARS = 1_000_000;

/** A table as the catalog describes it; read from the database so a new migration is covered. */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly collatable: boolean }[];
  /** The primary key, or every column when there is none: the canonical row order. */
  readonly orderBy: readonly string[];
  readonly dependsOn: readonly string[];
}

const manifestSchema = z
  .object({
    formato: z.literal(FORMAT),
    versao: z.literal(1),
    criadoEm: z.string(),
    origem: z.enum(['pglite', 'postgres']),
    migracoes: z.array(z.string()),
    tabelas: z.array(
      z.object({
        tabela: z.string(),
        arquivo: z.string().regex(/^[a-z0-9_]+\.ndjson$/),
        linhas: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    ),
    hashConteudo: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type BackupManifest = z.infer<typeof manifestSchema>;

/** A backup or restore refused for a reason the user can act on (all reasons, one per line). */
export class BackupError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problemas:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'BackupError';
  }
}

/** Called after each page of rows (export) or each table (restore); awaited. */
export type Progress = (tabela: string, linhas: number) => void | Promise<void>;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Tables of the store's own bookkeeping, not of the registry: the migrations applied, the totals the
 * triggers keep (a restore rebuilds them) and the health probe's row (0004).
 */
const NOT_REGISTRY = ['schema_migrations', 'store_totals', 'store_probe'] as const;

/** The registry's tables (not NOT_REGISTRY), parents before children, ties by name. */
export async function registryTables(db: Db): Promise<TableInfo[]> {
  const { rows } = await db.query<{
    table_name: string;
    columns: { name: string; type: string; collatable: boolean }[];
    pk: string[] | null;
    deps: string[] | null;
  }>(
    `select c.relname as table_name,
       (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'collatable', a.attcollation <> 0) order by a.attnum)
          from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
       (select array_agg(a.attname::text order by k.ord) from pg_index i cross join unnest(i.indkey) with ordinality as k(attnum, ord)
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum where i.indrelid = c.oid and i.indisprimary) as pk,
       (select array_agg(distinct f.relname::text) from pg_constraint fk join pg_class f on f.oid = fk.confrelid
          where fk.conrelid = c.oid and fk.contype = 'f' and fk.confrelid <> c.oid) as deps
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname not in (${NOT_REGISTRY.map((t) => `'${t}'`).join(', ')})`,
  );
  const tables = rows.map(
    (r): TableInfo => ({ name: r.table_name, columns: r.columns, orderBy: r.pk ?? r.columns.map((c) => c.name), dependsOn: r.deps ?? [] }),
  );
  // Kahn's algorithm, always taking the smallest ready name: one deterministic order for files and hash.
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && t.dependsOn.every((d) => placed.has(d))).sort((a, b) => (a.name < b.name ? -1 : 1))[0];
    if (!ready)
      throw new Error(
        `dependência circular entre tabelas: ${tables
          .filter((t) => !placed.has(t.name))
          .map((t) => t.name)
          .join(', ')}`,
      );
    ordered.push(ready);
    placed.add(ready.name);
  }
  return ordered;
}

/** Fixed output settings for this transaction: the canonical text must not depend on the session. */
async function canonicalSession(tx: Db): Promise<void> {
  await tx.exec(
    `set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; set local extra_float_digits = 1; set local bytea_output = 'hex'`,
  );
}

/**
 * Streams one table's canonical lines, page by page, through a cursor over the whole ordered
 * result: one sort for the table (text keys in "C" order, so PGlite and PostgreSQL agree whatever
 * the database collation), never the whole table in memory. A keyset page per query would re-sort
 * on every page, since a `collate "C"` order cannot use the primary-key index.
 */
async function streamTable(tx: Db, table: TableInfo, onChunk: (text: string, rows: number) => Promise<void> | void): Promise<void> {
  const select = table.columns.map((c, i) => `${quote(c.name)}::text as c${i}`).join(', ');
  const byColumn = new Map(table.columns.map((c) => [c.name, c]));
  const order = table.orderBy.map((name) => `${quote(name)}${byColumn.get(name)?.collatable ? ' collate "C"' : ''}`).join(', ');
  await onChunk(`${JSON.stringify(table.columns.map((c) => c.name))}\n`, 0);
  await tx.query(`declare backup_rows no scroll cursor for select ${select} from ${quote(table.name)} order by ${order}`);
  for (;;) {
    const { rows } = await tx.query<Record<string, string | null>>(`fetch forward ${PAGE_ROWS} from backup_rows`);
    if (rows.length === 0) break;
    let text = '';
    for (const row of rows) text += `${JSON.stringify(table.columns.map((_, i) => row[`c${i}`] ?? null))}\n`;
    await onChunk(text, rows.length);
  }
  await tx.query('close backup_rows');
}

/** The registry's hash from the per-table hashes, in table order (the manifest's `hashConteudo`). */
function combineHashes(tables: readonly { readonly tabela: string; readonly sha256: string }[]): string {
  const hash = createHash('sha256');
  for (const t of tables) hash.update(`${t.tabela}\t${t.sha256}\n`);
  return hash.digest('hex');
}

/** Opens a read-only snapshot: every table read in it sees the same instant (repeatable read). */
function inSnapshot<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('set transaction isolation level repeatable read, read only');
    await canonicalSession(tx);
    return work(tx);
  });
}

async function hashTables(tx: Db): Promise<{ tabela: string; linhas: number; sha256: string }[]> {
  const result: { tabela: string; linhas: number; sha256: string }[] = [];
  for (const table of await registryTables(tx)) {
    const hash = createHash('sha256');
    let linhas = 0;
    await streamTable(tx, table, (text, rows) => {
      hash.update(text);
      linhas += rows;
    });
    result.push({ tabela: table.name, linhas, sha256: hash.digest('hex') });
  }
  return result;
}

/**
 * Canonical hash of the whole registry: every table ordered by primary key, every value as canonical
 * text. Equal on PGlite and PostgreSQL for equal content; any changed value, row or table changes it.
 */
export async function registryContentHash(db: Db): Promise<string> {
  return inSnapshot(db, async (tx) => combineHashes(await hashTables(tx)));
}

async function appliedMigrations(tx: Db): Promise<string[]> {
  return (await tx.query<{ version: string }>('select version from schema_migrations order by version')).rows.map((r) => r.version);
}

/**
 * Writes a full backup to `folder`, which must not exist or be empty. Files are written to a sibling
 * temporary folder and renamed into place at the end, so a failed export leaves no half backup.
 */
export function exportRegistry(db: Db, folder: string, progress?: Progress): Promise<BackupManifest> {
  return writeBackupFolder(folder, async (staging) => {
    const manifest = await inSnapshot(db, async (tx) => {
      const { rows } = await tx.query<{ at: string }>(`select now()::text as at`);
      const tabelas: BackupManifest['tabelas'] = [];
      for (const table of await registryTables(tx)) {
        const arquivo = `${table.name}.ndjson`;
        const out = createWriteStream(join(staging, arquivo), { mode: 0o600 });
        const hash = createHash('sha256');
        let linhas = 0;
        await streamTable(tx, table, async (text, n) => {
          hash.update(text);
          linhas += n;
          if (n > 0) await progress?.(table.name, linhas);
          if (!out.write(text)) await once(out, 'drain');
        });
        out.end();
        await once(out, 'finish');
        tabelas.push({ tabela: table.name, arquivo, linhas, sha256: hash.digest('hex') });
      }
      return {
        formato: FORMAT,
        versao: 1,
        criadoEm: rows[0]!.at,
        origem: db.kind,
        migracoes: await appliedMigrations(tx),
        tabelas,
        hashConteudo: combineHashes(tabelas),
      } satisfies BackupManifest;
    });
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  });
}

/**
 * Makes a new backup folder whole or not at all: `fill` writes the files into a private sibling
 * staging folder and returns their manifest; only then is the staging renamed into place, and on
 * any failure it is removed. Personal data (names, CPF, birth dates): readable by the owner only
 * (0700), like the database files. Used by the export and by the CLI receiving a live backup.
 */
export async function writeBackupFolder(folder: string, fill: (staging: string) => Promise<BackupManifest>): Promise<BackupManifest> {
  checkNewBackupFolder(folder);
  const staging = join(dirname(folder), `.${basename(folder)}.parcial-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  try {
    const manifest = await fill(staging);
    if (existsSync(folder)) rmdirSync(folder);
    renameSync(staging, folder);
    return manifest;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function readManifest(folder: string): BackupManifest {
  const path = join(folder, MANIFEST_FILE);
  if (!existsSync(path)) throw new BackupError([`${path} não existe: a pasta não é um backup completo (ou a exportação não terminou)`]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new BackupError([`${MANIFEST_FILE}: não é um JSON válido (arquivo corrompido)`]);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new BackupError(parsed.error.issues.map((i) => `${MANIFEST_FILE}, campo ${i.path.join('.') || '(raiz)'}: ${i.message}`));
  return parsed.data;
}

/** sha256 and row count (lines after the header) of a file, read as a stream. */
async function fileDigest(path: string): Promise<{ sha256: string; linhas: number }> {
  const hash = createHash('sha256');
  let newlines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
  }
  return { sha256: hash.digest('hex'), linhas: Math.max(0, newlines - 1) };
}

/** Every file against the manifest, before anything is written; all problems at once. */
async function verifyFiles(folder: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  for (const t of manifest.tabelas) {
    const path = join(folder, t.arquivo);
    if (!existsSync(path)) {
      problems.push(`arquivo ${t.arquivo} (tabela ${t.tabela}) não está na pasta`);
      continue;
    }
    const digest = await fileDigest(path);
    if (digest.sha256 !== t.sha256) problems.push(`arquivo ${t.arquivo}: sha256 não confere com o manifesto (arquivo alterado ou corrompido)`);
    else if (digest.linhas !== t.linhas) problems.push(`arquivo ${t.arquivo}: ${digest.linhas} linhas, o manifesto diz ${t.linhas}`);
  }
  if (combineHashes(manifest.tabelas) !== manifest.hashConteudo)
    problems.push(`${MANIFEST_FILE}: hashConteudo não confere com os hashes dos arquivos (manifesto alterado)`);
  if (problems.length > 0) throw new BackupError([...problems, 'nada foi gravado']);
}

/**
 * A backup folder as written by `exportRegistry`, checked whole: its manifest, and every file's
 * sha256 and row count against it. Throws a BackupError listing every problem.
 */
export async function verifyBackupFolder(folder: string): Promise<BackupManifest> {
  const manifest = readManifest(folder);
  await verifyFiles(folder, manifest);
  return manifest;
}

/** A backup never overwrites another: the target must not exist, or be an empty folder. */
export function checkNewBackupFolder(folder: string): void {
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    throw new BackupError([`a pasta ${folder} já existe e não está vazia; escolha uma pasta nova (um backup nunca sobrescreve outro)`]);
  }
}

/** Inserts one verified file in batches; re-hashes the bytes it reads, so a file changed since the check aborts the transaction. */
async function loadTable(tx: Db, table: TableInfo, path: string, expected: BackupManifest['tabelas'][number]): Promise<void> {
  const stream = createReadStream(path);
  const hash = createHash('sha256');
  stream.on('data', (chunk) => hash.update(chunk));
  const columns = table.columns.map((c) => c.name);
  const insert = `insert into ${quote(table.name)} (${columns.map(quote).join(', ')}) select ${table.columns.map((c, i) => `(e->>${i})::${c.type}`).join(', ')} from json_array_elements($1::json) as e`;
  let lineNo = 0;
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await tx.query(insert, [`[${batch.join(',')}]`]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BackupError([
        `arquivo ${expected.arquivo}, linhas ${lineNo - batch.length + 1}–${lineNo}: o banco recusou os valores (${reason}); nada foi gravado`,
      ]);
    }
    batch = [];
    chars = 0;
  };
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNo += 1;
    if (lineNo === 1) {
      if (line !== JSON.stringify(columns))
        throw new BackupError([
          `arquivo ${expected.arquivo}, linha 1: colunas ${line}, mas a tabela ${table.name} deste registro tem ${JSON.stringify(columns)}`,
        ]);
      continue;
    }
    const values: unknown = JSON.parse(line);
    if (!Array.isArray(values) || values.length !== columns.length || values.some((v) => v !== null && typeof v !== 'string')) {
      throw new BackupError([`arquivo ${expected.arquivo}, linha ${lineNo}: esperados ${columns.length} valores (texto ou null)`]);
    }
    batch.push(line);
    chars += line.length;
    if (batch.length >= PAGE_ROWS || chars >= BATCH_CHARS) await flush();
  }
  await flush();
  if (hash.digest('hex') !== expected.sha256 || lineNo - 1 !== expected.linhas) {
    throw new BackupError([`arquivo ${expected.arquivo} mudou durante a restauração; nada foi gravado`]);
  }
}

/** bigserial columns continue after the highest restored id, so new rows never collide. */
async function resetSequences(tx: Db, table: TableInfo): Promise<void> {
  for (const column of table.columns) {
    const { rows } = await tx.query<{ seq: string | null }>('select pg_get_serial_sequence($1, $2) as seq', [quote(table.name), column.name]);
    const seq = rows[0]?.seq;
    if (seq) await tx.query(`select setval($1::regclass, coalesce((select max(${quote(column.name)}) from ${quote(table.name)}), 0) + 1, false)`, [seq]);
  }
}

/**
 * A restore writes only into an empty registry. Checked inside the restore (tables locked) and, by
 * a server, before it takes in a whole backup only to refuse it.
 */
export async function checkEmptyRegistry(db: Db, tables?: readonly TableInfo[]): Promise<void> {
  const filled: string[] = [];
  for (const t of tables ?? (await registryTables(db))) if ((await db.query(`select 1 from ${quote(t.name)} limit 1`)).rows.length > 0) filled.push(t.name);
  if (filled.length > 0) {
    throw new BackupError([
      `o registro de destino não está vazio (há linhas em ${filled.join(', ')}); a restauração completa só grava num registro vazio — use outra PRECATORIOS_DATA_DIR ou outro banco. Nada foi gravado`,
    ]);
  }
}

export interface RestoreSummary {
  readonly tabelas: readonly { readonly tabela: string; readonly linhas: number }[];
  readonly hashConteudo: string;
}

/**
 * Restores a full backup into an EMPTY registry, in one transaction: the manifest and every file's
 * sha256 are checked first (a tampered backup is refused whole), the target must have the same
 * migrations and be empty, rows keep their ids, sequences continue after them, and the restored
 * registry's content hash must equal the manifest's before the transaction commits. Replacing a
 * non-empty registry is not offered: it would mean deleting the append-only event log.
 */
export async function restoreRegistry(db: Db, folder: string, progress?: Progress): Promise<RestoreSummary> {
  const manifest = readManifest(folder);
  await verifyFiles(folder, manifest);
  return db.transaction(async (tx) => {
    await canonicalSession(tx);
    const migrations = await appliedMigrations(tx);
    if (migrations.join(',') !== manifest.migracoes.join(',')) {
      throw new BackupError([
        `o backup foi feito com as migrações ${manifest.migracoes.join(', ') || '(nenhuma)'} e este registro tem ${migrations.join(', ')}; restaure com a versão do programa que fez o backup`,
      ]);
    }
    const tables = await registryTables(tx);
    const listed = new Map(manifest.tabelas.map((t) => [t.tabela, t]));
    const missing = tables.filter((t) => !listed.has(t.name)).map((t) => t.name);
    const extra = manifest.tabelas.filter((t) => !tables.some((x) => x.name === t.tabela)).map((t) => t.tabela);
    if (missing.length + extra.length > 0)
      throw new BackupError([`as tabelas do backup não são as deste registro (faltam: ${missing.join(', ') || '—'}; sobram: ${extra.join(', ') || '—'})`]);
    await tx.exec(`lock table ${tables.map((t) => quote(t.name)).join(', ')} in exclusive mode`);
    await checkEmptyRegistry(tx, tables);
    for (const table of tables) {
      const entry = listed.get(table.name)!;
      await loadTable(tx, table, join(folder, entry.arquivo), entry);
      await resetSequences(tx, table);
      await progress?.(table.name, entry.linhas);
    }
    const restored = await hashTables(tx);
    if (combineHashes(restored) !== manifest.hashConteudo) {
      throw new BackupError(['o conteúdo restaurado não reproduz o hash do backup; nada foi gravado']);
    }
    return { tabelas: restored.map(({ tabela, linhas }) => ({ tabela, linhas })), hashConteudo: manifest.hashConteudo };
  });
}
