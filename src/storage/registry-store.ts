import { createHash } from 'node:crypto';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import type { Db } from './db.ts';
import {
  BENEFICIARIO_COLUMNS,
  type BeneficiarioRow,
  PRECATORIO_COLUMNS,
  type PrecatorioRow,
  type RpvLawRow,
  beneficiarioFromRow,
  precatorioFromRow,
  rpvLawAmount,
  rpvLawsFromRows,
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
}

export interface EventRecord {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Many rows as one JSON parameter, read by `json_to_recordset` (the same SQL on PGlite and
 * PostgreSQL). Native JSON.stringify plus PostgreSQL's JSON parser cost a fraction of binding one
 * array per column, which pg escapes element by element.
 */
function recordset(types: readonly string[], rows: readonly (readonly unknown[])[], param = 1): { from: string; select: string; value: string } {
  const names = types.map((_, i) => `c${i}`);
  return {
    from: `json_to_recordset($${param}::json) as t(${names.map((n, i) => `${n} ${types[i]}`).join(', ')})`,
    select: names.map((n) => `t.${n}`).join(', '),
    value: JSON.stringify(rows.map((r) => Object.fromEntries(r.map((v, i) => [names[i], v])))),
  };
}

/** Rows per INSERT … SELECT FROM unnest(…): big enough to amortise round trips, small enough for PGlite. */
export const IMPORT_BATCH_SIZE = 5000;

/**
 * Writes an import inside the caller's transaction, batch by batch as the file streams in: entes,
 * then precatórios. A precatório whose content hash did not change is left alone (re-import is a
 * no-op); a new or changed one replaces its beneficiaries and imported grants and gets an event.
 * `finish` bumps the touched entes' versions and returns the counts.
 */
export class RegistryImport {
  #inserted = 0;
  #updated = 0;
  #unchanged = 0;
  readonly #touchedEntes = new Set<string>();

  constructor(
    private readonly tx: Db,
    private readonly actor: string,
  ) {}

  async addBatch(batch: { readonly entes: readonly EnteDevedor[]; readonly precatorios: readonly Precatorio[] }): Promise<void> {
    for (const ente of batch.entes) await upsertEnte(this.tx, ente, this.actor);
    for (let start = 0; start < batch.precatorios.length; start += IMPORT_BATCH_SIZE) {
      const slice = batch.precatorios.slice(start, start + IMPORT_BATCH_SIZE);
      const changed = await upsertPrecatorios(this.tx, slice);
      const byNumero = new Map(slice.map((p) => [p.numero, p]));
      const written = changed.map((c) => byNumero.get(c.numero)!);
      await replaceBeneficiarios(this.tx, written, changed.filter((c) => !c.inserted).map((c) => c.numero));
      const events = recordset(['text', 'text', 'text', 'jsonb'], changed.map((c, i) => [c.inserted ? 'importado' : 'reimportado', written[i]!.enteId, c.numero, importSnapshot(written[i]!)]), 2);
      await this.tx.query(`insert into events (actor, kind, ente_id, precatorio_numero, after) select $1, ${events.select} from ${events.from}`, [this.actor, events.value]);
      for (const c of changed) {
        if (c.inserted) this.#inserted += 1;
        else this.#updated += 1;
        this.#touchedEntes.add(byNumero.get(c.numero)!.enteId);
      }
      this.#unchanged += slice.length - changed.length;
    }
  }

  get written(): number {
    return this.#inserted + this.#updated + this.#unchanged;
  }

  async finish(): Promise<ImportCounts> {
    if (this.#touchedEntes.size > 0) await this.tx.query('update entes set version = version + 1 where id = any($1::text[])', [[...this.#touchedEntes]]);
    return { inserted: this.#inserted, updated: this.#updated, unchanged: this.#unchanged };
  }
}

/**
 * What an import event records: enough to explain the position (status, natureza, presentation,
 * value, how many beneficiaries) — the full beneficiary detail is in the tables, and a million-row
 * import should not write it twice.
 */
function importSnapshot(p: Precatorio): Record<string, unknown> {
  return { status: p.status, natureza: p.natureza, apresentacao: p.apresentacao, valorRequisitado: p.valorRequisitadoBrl.toFixed(2), beneficiarios: p.beneficiarios.length };
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

async function upsertEnte(tx: Db, ente: EnteDevedor, actor: string): Promise<void> {
  const { rows } = await tx.query<{ inserted: boolean; changed: boolean }>(
    `insert into entes (id, nome, esfera, regime) values ($1, $2, $3, $4)
     on conflict (id) do update set nome = excluded.nome, esfera = excluded.esfera, regime = excluded.regime, version = entes.version + 1
       where (entes.nome, entes.esfera, entes.regime) is distinct from (excluded.nome, excluded.esfera, excluded.regime)
     returning (xmax = 0) as inserted, true as changed`,
    [ente.id, ente.nome, ente.esfera, ente.regime],
  );
  if (rows.length > 0) {
    await tx.query(`insert into events (actor, kind, ente_id, after) values ($1, $2, $3, $4::jsonb)`, [
      actor, rows[0]!.inserted ? 'ente-criado' : 'ente-alterado', ente.id, JSON.stringify({ nome: ente.nome, esfera: ente.esfera, regime: ente.regime }),
    ]);
  }
  if (ente.rpvLaws) {
    for (const law of ente.rpvLaws) {
      await tx.query(
        `insert into rpv_laws (ente_id, valid_from, kind, amount, legal_basis) values ($1, $2, $3, $4, $5)
         on conflict (ente_id, valid_from) do update set kind = excluded.kind, amount = excluded.amount, legal_basis = excluded.legal_basis`,
        [ente.id, law.validFrom, law.value.kind, rpvLawAmount(law.value), law.legalBasis],
      );
    }
  }
}

/**
 * Content hash of what an import writes for one precatório (header, beneficiaries, grants): every
 * field, in a fixed order, joined by a separator that cannot occur in CSV cells. Built by hand
 * because JSON.stringify of the Decimal-laden object was a tenth of a million-row import.
 */
export function importHashOf(p: Precatorio): string {
  const a = p.apresentacao;
  const parts: (string | number | boolean | undefined)[] = [
    p.numero, p.enteId, p.regime, p.natureza, p.tributario, a.kind,
    a.kind === 'registrada' ? a.apresentadoEm : `${a.ordem}/${a.budgetYear}`,
    p.expedidoEm, p.dataBase, p.valorRequisitadoBrl.toFixed(2), p.processoOrigem, p.status,
  ];
  for (const b of p.beneficiarios) {
    parts.push(b.id, b.credorId, b.titularidade, b.valorBrl.toFixed(2), b.pagoBrl.toFixed(2), b.superpreferenciaPagaBrl.toFixed(2),
      b.nascimento, b.doencaGraveDesde, b.deficienciaDesde, b.nome, b.cpf);
  }
  return createHash('sha256').update(parts.map((x) => (x === undefined ? '' : String(x))).join('\u001f')).digest('base64url').slice(0, 22);
}

/**
 * Inserts new precatórios and updates changed ones. Existing rows are looked up first so that new
 * rows take a plain INSERT (ON CONFLICT's speculative insertion costs about twice as much) and
 * unchanged ones are not written at all.
 */
async function upsertPrecatorios(tx: Db, batch: readonly Precatorio[]): Promise<{ numero: string; inserted: boolean }[]> {
  const hashes = batch.map(importHashOf);
  const { rows: existing } = await tx.query<{ numero: string; import_hash: string | null }>(
    'select numero, import_hash from precatorios where numero = any($1::text[])', [batch.map((p) => p.numero)],
  );
  const storedHash = new Map(existing.map((r) => [r.numero, r.import_hash]));
  const fresh: number[] = [];
  const changed: number[] = [];
  batch.forEach((p, i) => {
    if (!storedHash.has(p.numero)) fresh.push(i);
    else if (storedHash.get(p.numero) !== hashes[i]) changed.push(i);
  });
  const columns = (indexes: number[]) => {
    const col = <T>(f: (p: Precatorio, i: number) => T) => indexes.map((i) => f(batch[i]!, i));
    return [
      col((p) => p.numero), col((p) => p.enteId), col((p) => p.regime), col((p) => p.natureza), col((p) => p.tributario),
      col((p) => (p.apresentacao.kind === 'registrada' ? p.apresentacao.apresentadoEm : null)),
      col((p) => (p.apresentacao.kind === 'ordem-publicada' ? p.apresentacao.ordem : null)),
      col((p) => (p.apresentacao.kind === 'ordem-publicada' ? p.apresentacao.budgetYear : null)),
      col((p) => p.expedidoEm ?? null), col((p) => p.dataBase ?? null), col((p) => p.valorRequisitadoBrl.toFixed(2)),
      col((p) => p.processoOrigem ?? null), col((p) => p.status), col((_p, i) => hashes[i]!),
    ];
  };
  const input = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::int[], $8::int[],
                       $9::date[], $10::text[], $11::numeric[], $12::text[], $13::text[], $14::text[])
                 as t(numero, ente_id, regime, natureza, tributario, apresentado_em, ordem_publicada, orcamento_publicado,
                      expedido_em, data_base, valor_requisitado, processo_origem, status, import_hash)`;
  if (fresh.length > 0) {
    const rows = fresh.map((i) => {
      const p = batch[i]!;
      const a = p.apresentacao;
      return [p.numero, p.enteId, p.regime, p.natureza, p.tributario, a.kind === 'registrada' ? a.apresentadoEm : null,
        a.kind === 'ordem-publicada' ? a.ordem : null, a.kind === 'ordem-publicada' ? a.budgetYear : null, p.expedidoEm ?? null,
        p.dataBase ?? null, p.valorRequisitadoBrl.toFixed(2), p.processoOrigem ?? null, p.status, hashes[i]!];
    });
    const set = recordset(['text', 'text', 'text', 'text', 'boolean', 'timestamptz', 'int', 'int', 'date', 'text', 'numeric', 'text', 'text', 'text'], rows);
    await tx.query(
      `insert into precatorios (numero, ente_id, regime, natureza, tributario, apresentado_em, ordem_publicada, orcamento_publicado,
                                expedido_em, data_base, valor_requisitado, processo_origem, status, import_hash)
       select ${set.select} from ${set.from}`,
      [set.value],
    );
  }
  if (changed.length > 0) {
    await tx.query(
      `update precatorios p set ente_id = t.ente_id, regime = t.regime, natureza = t.natureza, tributario = t.tributario,
         apresentado_em = t.apresentado_em, ordem_publicada = t.ordem_publicada, orcamento_publicado = t.orcamento_publicado,
         expedido_em = t.expedido_em, data_base = t.data_base, valor_requisitado = t.valor_requisitado,
         processo_origem = t.processo_origem, status = t.status, import_hash = t.import_hash, version = p.version + 1
       from ${input} where p.numero = t.numero`,
      columns(changed),
    );
  }
  return [...fresh.map((i) => ({ numero: batch[i]!.numero, inserted: true })), ...changed.map((i) => ({ numero: batch[i]!.numero, inserted: false }))];
}

async function replaceBeneficiarios(tx: Db, precatorios: readonly Precatorio[], replaced: readonly string[]): Promise<void> {
  if (precatorios.length === 0) return;
  if (replaced.length > 0) await tx.query('delete from beneficiarios where precatorio_numero = any($1::text[])', [replaced]);
  const rows = precatorios.flatMap((p) => p.beneficiarios.map((b) => ({ p, b })));
  const set = recordset(['text', 'text', 'text', 'text', 'numeric', 'numeric', 'numeric', 'text', 'text', 'date'], rows.map(({ p, b }) => [
    p.numero, b.id, b.credorId, b.titularidade, b.valorBrl.toFixed(2), b.pagoBrl.toFixed(2), b.superpreferenciaPagaBrl.toFixed(2),
    b.nome ?? null, b.cpf ?? null, b.nascimento ?? null,
  ]));
  await tx.query(
    `insert into beneficiarios (precatorio_numero, id, credor_id, titularidade, valor, pago, superpreferencia_paga, nome, cpf, nascimento)
     select ${set.select} from ${set.from}`,
    [set.value],
  );
  const grants = rows.flatMap(({ p, b }) => [
    ...(b.doencaGraveDesde ? [{ numero: p.numero, id: b.id, ground: 'doenca-grave', on: b.doencaGraveDesde }] : []),
    ...(b.deficienciaDesde ? [{ numero: p.numero, id: b.id, ground: 'deficiencia', on: b.deficienciaDesde }] : []),
  ]);
  if (grants.length === 0) return;
  // R3.4 §7: one ground per beneficiary (the unique index allows one active grant). When a file
  // gives both conditions, the earliest becomes the grant — the one the core would choose.
  const earliest = new Map<string, (typeof grants)[number]>();
  for (const g of grants) {
    const key = `${g.numero}\u0000${g.id}`;
    const known = earliest.get(key);
    if (!known || g.on < known.on) earliest.set(key, g);
  }
  const kept = [...earliest.values()];
  await tx.query(
    `insert into superpreference_grants (precatorio_numero, beneficiario_id, ground, granted_on, decided_by)
     select n, b, g, d, 'importação' from unnest($1::text[], $2::text[], $3::text[], $4::date[]) as t(n, b, g, d)`,
    [kept.map((g) => g.numero), kept.map((g) => g.id), kept.map((g) => g.ground), kept.map((g) => g.on)],
  );
}

export async function listEntes(db: Db): Promise<EnteSummary[]> {
  const { rows } = await db.query<{ id: string; nome: string; esfera: EnteDevedor['esfera']; regime: EnteDevedor['regime']; version: string; total: string; abertos: string; estoque: string }>(
    `select e.id, e.nome, e.esfera, e.regime, e.version::text as version,
            count(p.numero)::text as total,
            count(p.numero) filter (where p.status in ('ativo', 'suspenso'))::text as abertos,
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

export async function getEnte(db: Db, id: string): Promise<{ ente: EnteDevedor; version: number } | undefined> {
  const { rows } = await db.query<{ id: string; nome: string; esfera: EnteDevedor['esfera']; regime: EnteDevedor['regime']; version: string }>(
    'select id, nome, esfera, regime, version::text as version from entes where id = $1', [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const laws = (await rpvLawsByEnte(db, id)).get(id) ?? [];
  return { ente: { id: row.id, nome: row.nome, esfera: row.esfera, regime: row.regime, rpvLaws: rpvLawsFromRows(laws) }, version: Number(row.version) };
}

/** Every precatório of one ente, with beneficiaries and active grants. */
export async function precatoriosOfEnte(db: Db, enteId: string): Promise<Precatorio[]> {
  const precatorios = await db.query<PrecatorioRow>(`select ${PRECATORIO_COLUMNS} from precatorios p where p.ente_id = $1`, [enteId]);
  const beneficiarios = await db.query<BeneficiarioRow>(
    `select ${BENEFICIARIO_COLUMNS} from beneficiarios b join precatorios p on p.numero = b.precatorio_numero where p.ente_id = $1 order by b.precatorio_numero, b.id`,
    [enteId],
  );
  return assemble(precatorios.rows, beneficiarios.rows);
}

export async function findPrecatorio(db: Db, numero: string, forUpdate = false): Promise<{ precatorio: Precatorio; version: number } | undefined> {
  const { rows } = await db.query<PrecatorioRow>(`select ${PRECATORIO_COLUMNS} from precatorios p where p.numero = $1${forUpdate ? ' for update' : ''}`, [numero]);
  const row = rows[0];
  if (!row) return undefined;
  const beneficiarios = await db.query<BeneficiarioRow>(`select ${BENEFICIARIO_COLUMNS} from beneficiarios b where b.precatorio_numero = $1 order by b.id`, [numero]);
  return { precatorio: assemble([row], beneficiarios.rows)[0]!, version: Number(row.version) };
}

function assemble(precatorios: PrecatorioRow[], beneficiarios: BeneficiarioRow[]): Precatorio[] {
  const byNumero = new Map<string, BeneficiarioRow[]>();
  for (const b of beneficiarios) {
    const list = byNumero.get(b.precatorio_numero);
    if (list) list.push(b);
    else byNumero.set(b.precatorio_numero, [b]);
  }
  return precatorios.map((p) => precatorioFromRow(p, (byNumero.get(p.numero) ?? []).map(beneficiarioFromRow)));
}

export async function eventsOf(db: Db, numero: string): Promise<EventRecord[]> {
  const { rows } = await db.query<{ id: string; at: string; actor: string; kind: string; before: unknown; after: unknown }>(
    'select e.id::text as id, e.at::text as at, e.actor, e.kind, e.before, e.after from events e where e.precatorio_numero = $1 order by e.id', [numero],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
