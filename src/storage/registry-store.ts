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
  precatorioSnapshot,
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

/** Rows per INSERT … SELECT FROM unnest(…): big enough to amortise round trips, small enough for PGlite. */
export const IMPORT_BATCH_SIZE = 2000;

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
      await replaceBeneficiarios(this.tx, written);
      await this.tx.query(
        `insert into events (actor, kind, ente_id, precatorio_numero, after)
         select $1, k, e, n, a from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) as t(k, e, n, a)`,
        [this.actor, changed.map((c) => (c.inserted ? 'importado' : 'reimportado')), written.map((p) => p.enteId), written.map((p) => p.numero), written.map((p) => JSON.stringify(precatorioSnapshot(p)))],
      );
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

/** Content hash of what an import writes for one precatório (header, beneficiaries, grants). */
export function importHashOf(p: Precatorio): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('base64url').slice(0, 22);
}

async function upsertPrecatorios(tx: Db, batch: readonly Precatorio[]): Promise<{ numero: string; inserted: boolean }[]> {
  const col = <T>(f: (p: Precatorio) => T) => batch.map(f);
  const { rows } = await tx.query<{ numero: string; inserted: boolean }>(
    `insert into precatorios (numero, ente_id, regime, natureza, tributario, apresentado_em, ordem_publicada, orcamento_publicado,
                              expedido_em, data_base, valor_requisitado, processo_origem, status, import_hash)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::int[], $8::int[],
                          $9::date[], $10::text[], $11::numeric[], $12::text[], $13::text[], $14::text[])
     on conflict (numero) do update set
       ente_id = excluded.ente_id, regime = excluded.regime, natureza = excluded.natureza, tributario = excluded.tributario,
       apresentado_em = excluded.apresentado_em, ordem_publicada = excluded.ordem_publicada,
       orcamento_publicado = excluded.orcamento_publicado, expedido_em = excluded.expedido_em, data_base = excluded.data_base,
       valor_requisitado = excluded.valor_requisitado, processo_origem = excluded.processo_origem, status = excluded.status,
       import_hash = excluded.import_hash, version = precatorios.version + 1
     where precatorios.import_hash is distinct from excluded.import_hash
     returning numero, (xmax = 0) as inserted`,
    [
      col((p) => p.numero), col((p) => p.enteId), col((p) => p.regime), col((p) => p.natureza), col((p) => p.tributario),
      col((p) => (p.apresentacao.kind === 'registrada' ? p.apresentacao.apresentadoEm : null)),
      col((p) => (p.apresentacao.kind === 'ordem-publicada' ? p.apresentacao.ordem : null)),
      col((p) => (p.apresentacao.kind === 'ordem-publicada' ? p.apresentacao.budgetYear : null)),
      col((p) => p.expedidoEm ?? null), col((p) => p.dataBase ?? null), col((p) => p.valorRequisitadoBrl.toFixed(2)),
      col((p) => p.processoOrigem ?? null), col((p) => p.status), col(importHashOf),
    ],
  );
  return rows;
}

async function replaceBeneficiarios(tx: Db, precatorios: readonly Precatorio[]): Promise<void> {
  if (precatorios.length === 0) return;
  await tx.query('delete from beneficiarios where precatorio_numero = any($1::text[])', [precatorios.map((p) => p.numero)]);
  const rows = precatorios.flatMap((p) => p.beneficiarios.map((b) => ({ p, b })));
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await tx.query(
    `insert into beneficiarios (precatorio_numero, id, credor_id, titularidade, valor, pago, superpreferencia_paga, nome, cpf, nascimento)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[], $9::text[], $10::date[])`,
    [
      col((r) => r.p.numero), col((r) => r.b.id), col((r) => r.b.credorId), col((r) => r.b.titularidade),
      col((r) => r.b.valorBrl.toFixed(2)), col((r) => r.b.pagoBrl.toFixed(2)), col((r) => r.b.superpreferenciaPagaBrl.toFixed(2)),
      col((r) => r.b.nome ?? null), col((r) => r.b.cpf ?? null), col((r) => r.b.nascimento ?? null),
    ],
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
