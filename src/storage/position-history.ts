import type { Apresentacao, Natureza, StatusPrecatorio } from '../domain/precatorio.ts';
import type { Db } from './db.ts';

/** A precatório as one event's `after` snapshot records it: what places it in its list (R2.2). */
export interface LoggedState {
  readonly enteId: string | null;
  readonly status: StatusPrecatorio;
  readonly natureza: Natureza;
  readonly apresentacao: Apresentacao;
  readonly valorRequisitado: string;
}

/** One event of a precatório after the cutoff, in log order, with what it did. */
export interface LoggedChange {
  readonly numero: string;
  readonly kind: string;
  /** When it was written, in milliseconds since the epoch. */
  readonly atMs: number;
  readonly state: LoggedState;
  /** Face paid by this event (Σ beneficiaries' `pago` after − before), for payment events; else null. */
  readonly paidFace: string | null;
}

/**
 * What the log says changed in one debtor's list after `cutoff` (issue 18 §1): every event of its
 * precatórios at or after the instant, and, for each of those precatórios, its state as of the
 * cutoff (the snapshot of its last event before; absent when it was registered after). One
 * statement, one snapshot; at most `limit` + 1 events (the caller refuses more). Reads kinds and snapshots only — never `actor` nor a note — and leaves
 * out superpreference grants and revocations.
 */
export async function changesSince(
  db: Db,
  enteId: string,
  cutoff: string,
  limit = 200_000,
): Promise<{ changes: LoggedChange[]; stateAt: Map<string, LoggedState> }> {
  const { rows } = await db.query<{
    phase: 'antes' | 'depois';
    numero: string;
    kind: string;
    ente_id: string | null;
    status: StatusPrecatorio;
    natureza: Natureza;
    apresentacao: Apresentacao;
    valor: string;
    paid: string | null;
    ms: number;
  }>(
    `with changed as (
       select id, at, precatorio_numero, kind, ente_id, before, after from events
        where ente_id = $1 and precatorio_numero is not null and at >= $2::timestamptz
          -- A superpreference decision changes neither status nor key, and its date is staff-only
          -- (LGPD art. 11): it is not a change here, so no answer (nor a feed's timestamp) depends on it.
          and kind not in ('superpreferencia-concedida', 'superpreferencia-revogada')
        order by id limit $3
     ), prior as (
       select distinct on (e.precatorio_numero) e.precatorio_numero, e.kind, e.ente_id, e.after from events e
        where e.precatorio_numero in (select precatorio_numero from changed) and e.at < $2::timestamptz
        order by e.precatorio_numero, e.id desc
     )
     select 'antes' as phase, precatorio_numero as numero, kind, ente_id, after->>'status' as status, after->>'natureza' as natureza,
            after->'apresentacao' as apresentacao, after->>'valorRequisitado' as valor, null::text as paid, 0::float8 as ms, 0::bigint as id
       from prior
     union all
     select 'depois', precatorio_numero, kind, ente_id, after->>'status', after->>'natureza', after->'apresentacao', after->>'valorRequisitado',
            case when kind like 'pagamento-%' and jsonb_typeof(after->'beneficiarios') = 'array' and jsonb_typeof(before->'beneficiarios') = 'array'
                 then ((select coalesce(sum((b->>'pago')::numeric), 0) from jsonb_array_elements(after->'beneficiarios') b)
                     - (select coalesce(sum((b->>'pago')::numeric), 0) from jsonb_array_elements(before->'beneficiarios') b))::text end,
            (extract(epoch from at) * 1000)::float8, id
       from changed
     order by id`,
    [enteId, cutoff, limit + 1],
  );
  const stateOf = (r: (typeof rows)[number]): LoggedState => ({
    enteId: r.ente_id,
    status: r.status,
    natureza: r.natureza,
    apresentacao: r.apresentacao,
    valorRequisitado: r.valor,
  });
  const stateAt = new Map<string, LoggedState>();
  const changes: LoggedChange[] = [];
  for (const r of rows) {
    // A snapshot without what places a precatório (none is written so today) cannot be put back.
    if (!r.status || !r.natureza || !r.apresentacao || !r.valor) continue;
    if (r.phase === 'antes') stateAt.set(r.numero, stateOf(r));
    else changes.push({ numero: r.numero, kind: r.kind, atMs: Number(r.ms), state: stateOf(r), paidFace: r.paid });
  }
  return { changes, stateAt };
}

/** One precatório as of `cutoff`: the snapshot of its last event before it; undefined when it was registered after. */
export async function stateBefore(db: Db, numero: string, cutoff: string): Promise<LoggedState | undefined> {
  const { rows } = await db.query<{ ente_id: string | null; status: StatusPrecatorio; natureza: Natureza; apresentacao: Apresentacao; valor: string }>(
    `select ente_id, after->>'status' as status, after->>'natureza' as natureza, after->'apresentacao' as apresentacao, after->>'valorRequisitado' as valor
       from events where precatorio_numero = $1 and at < $2::timestamptz order by id desc limit 1`,
    [numero, cutoff],
  );
  const r = rows[0];
  if (!r || !r.status || !r.natureza || !r.apresentacao || !r.valor) return undefined;
  return { enteId: r.ente_id, status: r.status, natureza: r.natureza, apresentacao: r.apresentacao, valorRequisitado: r.valor };
}
