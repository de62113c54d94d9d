import { setImmediate as nextTurn } from 'node:timers/promises';
import type { IsoDate } from '../domain/dates.ts';
import type { Beneficiario } from '../domain/precatorio.ts';
import type { Db } from './db.ts';
import {
  BENEFICIARIO_ARRAY,
  BENEFICIARIO_GRANTS_JOIN,
  type BeneficiarioArray,
  CONTRATUAIS_JSON,
  type ContratuaisArray,
  beneficiarioFromArray,
  contratuaisFromArray,
} from './rows.ts';

/**
 * Beneficiaries read per statement. A precatório may have hundreds of thousands (issue 15 §3: one
 * of 200 000 built its list in one 1.3 s statement — on PGlite, which runs in this thread, every
 * other request waited for it). So one statement reads at most this many of one precatório, and
 * the rest come in keyset pages with a turn of the event loop between them: a page costs a few tens
 * of milliseconds, which is about the longest another request waits (the list build pauses as often,
 * domain/queue/live-order.ts STEP_SIZE).
 */
export const BENEFICIARIOS_PAGE = 4096;

/**
 * The first page of the beneficiaries of precatório `p` (a correlated subquery): one more than a
 * page, so the caller can tell that more follow. In primary-key order (b.id), which is the order
 * beneficiaries always come in — the keyset of the next pages, and the order tranches are granted in.
 */
export const FIRST_BENEFICIARIO_PAGE = `(select coalesce(json_agg(x.a order by x.id), '[]'::json) from
  (select b.id, ${BENEFICIARIO_ARRAY} as a from beneficiarios b ${BENEFICIARIO_GRANTS_JOIN}
   where b.precatorio_numero = p.numero order by b.id limit ${BENEFICIARIOS_PAGE + 1}) x)`;

/**
 * One page after `afterId` (the primary key (precatorio_numero, id) gives it as an index range), as
 * one text: a line per beneficiary, its fields (BeneficiarioArray order) separated by tabs. Free text
 * (ids, name, CPF) comes JSON-quoted, so it never holds a raw tab or line break, and '' is NULL.
 * Measured on 200 000 beneficiaries (PGlite, pages of 4096): 0.49-0.55 s of CPU to read them all this
 * way, against 1.0-1.7 s as json_agg of arrays and 2.7-2.9 s as rows.
 */
const NEXT_PAGE = `select string_agg(concat_ws(E'\\t', to_json(b.id)::text, to_json(b.credor_id)::text, b.titularidade, b.valor::text, b.pago::text,
    b.superpreferencia_paga::text, coalesce(to_json(b.nome)::text, ''), coalesce(to_json(b.cpf)::text, ''), coalesce(b.nascimento::text, ''),
    coalesce(g.doenca_grave_desde::text, ''), coalesce(g.deficiencia_desde::text, ''), coalesce((${CONTRATUAIS_JSON})::text, '')), E'\\n' order by b.id) as page
  from (select * from beneficiarios b where b.precatorio_numero = $1 and b.id > $2 order by b.id limit ${BENEFICIARIOS_PAGE}) b
  ${BENEFICIARIO_GRANTS_JOIN.replace('p.numero', '$1')}`;

/** A JSON-quoted text field of NEXT_PAGE ('' is NULL); most need no unescaping. */
const quoted = (field: string): string | null => (field === '' ? null : field.includes('\\') ? (JSON.parse(field) as string) : field.slice(1, -1));
const plain = (field: string): string | null => (field === '' ? null : field);

/**
 * One line of NEXT_PAGE as a beneficiary (the fields of beneficiarioFromArray, without building its
 * array first: 200 000 arrays of 11 were a share of the read's garbage, issue 15 §3).
 */
function beneficiarioOfLine(line: string, amount: (text: string) => Beneficiario['valorBrl']): Beneficiario {
  const f = line.split('\t');
  if (f.length !== 12) throw new Error(`linha de beneficiário inesperada do banco (${f.length} campos)`);
  return {
    id: quoted(f[0]!)!,
    credorId: quoted(f[1]!)!,
    titularidade: f[2] as Beneficiario['titularidade'],
    valorBrl: amount(f[3]!),
    pagoBrl: amount(f[4]!),
    superpreferenciaPagaBrl: amount(f[5]!),
    nascimento: (plain(f[8]!) ?? undefined) as IsoDate | undefined,
    doencaGraveDesde: (plain(f[9]!) ?? undefined) as IsoDate | undefined,
    deficienciaDesde: (plain(f[10]!) ?? undefined) as IsoDate | undefined,
    nome: quoted(f[6]!) ?? undefined,
    cpf: quoted(f[7]!) ?? undefined,
    // R6.14 (migration 0011): JSON text, absent for nearly every beneficiary.
    contratuais: f[11] === '' ? undefined : contratuaisFromArray(JSON.parse(f[11]!) as ContratuaisArray),
  };
}

/**
 * Every beneficiary of a precatório whose first statement came back with more than a page
 * (`first`, as read there): the rest is read page by page, yielding between pages. The pages are
 * separate statements, so the caller must check that the precatório's version did not move
 * meanwhile (every write to a precatório or its beneficiaries moves it) — see precatoriosWithVersions.
 */
export async function readAllBeneficiaries(
  db: Db,
  numero: string,
  first: readonly BeneficiarioArray[],
  amount: (text: string) => Beneficiario['valorBrl'],
): Promise<Beneficiario[]> {
  const all = first.slice(0, BENEFICIARIOS_PAGE).map((b) => beneficiarioFromArray(b, amount));
  let last = all.at(-1)?.id;
  while (last !== undefined) {
    await nextTurn();
    const { rows } = await db.query<{ page: string | null }>(NEXT_PAGE, [numero, last]);
    const lines = rows[0]?.page?.split('\n') ?? [];
    for (const line of lines) all.push(beneficiarioOfLine(line, amount));
    last = lines.length === BENEFICIARIOS_PAGE ? all.at(-1)!.id : undefined;
  }
  return all;
}
