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
 * Beneficiaries of each precatório read with the debtor's own statement (FIRST_BENEFICIARIO_PAGE).
 * Fewer than a page: that statement reads them as JSON arrays, which cost about three times the
 * text of the pages, and it runs in one go — with 4 097 of a large precatório it was the longest
 * block of the event loop in the build of its list (0.1–0.2 s, more with PGlite's code still cold,
 * issue 15 §3). Almost every precatório has far fewer; one with more gets the rest in pages.
 */
export const FIRST_BENEFICIARIOS = 256;

/**
 * The first beneficiaries of precatório `p` (a correlated subquery): one more than
 * FIRST_BENEFICIARIOS, so the caller can tell that more follow (morePagesAfter). In primary-key
 * order (b.id), which is the order beneficiaries always come in — the keyset of the next pages, and
 * the order tranches are granted in.
 */
export const FIRST_BENEFICIARIO_PAGE = `(select coalesce(json_agg(x.a order by x.id), '[]'::json) from
  (select b.id, ${BENEFICIARIO_ARRAY} as a from beneficiarios b ${BENEFICIARIO_GRANTS_JOIN}
   where b.precatorio_numero = p.numero order by b.id limit ${FIRST_BENEFICIARIOS + 1}) x)`;

/** Whether the beneficiaries FIRST_BENEFICIARIO_PAGE read are not all (readAllBeneficiaries reads the rest). */
export const morePagesAfter = (first: readonly BeneficiarioArray[]): boolean => first.length > FIRST_BENEFICIARIOS;

/** The fields of a page line that are not free text (BeneficiarioArray order: after credor, and after CPF). */
const AMOUNTS = 'b.titularidade, b.valor::text, b.pago::text, b.superpreferencia_paga::text';
const DATES = "coalesce(b.nascimento::text, ''), coalesce(g.doenca_grave_desde::text, ''), coalesce(g.deficiencia_desde::text, '')";

/** Free text, which may hold the page's separators (a tab, a line break) — rarely does. */
const FREE_TEXT = ['b.id', 'b.credor_id', 'b.nome', 'b.cpf'];
const HOLDS_SEPARATOR = `${FREE_TEXT.map((c) => `coalesce(strpos(${c}, E'\\t') + strpos(${c}, E'\\n'), 0)`).join(' + ')} > 0`;

/** The contratuais (R6.14, 0011) as JSON text, which never holds a raw tab or line break ('' is none). */
const CONTRATUAIS = `coalesce((${CONTRATUAIS_JSON})::text, '')`;
/** 12 fields: ids as they are, name and CPF after a '=' ('' is NULL). */
const PLAIN_LINE = `concat_ws(E'\\t', b.id, b.credor_id, ${AMOUNTS}, coalesce('=' || b.nome, ''), coalesce('=' || b.cpf, ''), ${DATES}, ${CONTRATUAIS})`;
/** 13 fields: the free text JSON-quoted ('' is NULL), so it holds no raw tab or line break, then an empty 13th that marks the line. */
const QUOTED_LINE = `concat_ws(E'\\t', to_json(b.id)::text, to_json(b.credor_id)::text, ${AMOUNTS}, coalesce(to_json(b.nome)::text, ''),
  coalesce(to_json(b.cpf)::text, ''), ${DATES}, ${CONTRATUAIS}, '')`;

/**
 * One page after `afterId` (the primary key (precatorio_numero, id) gives it as an index range), as
 * one text: a line per beneficiary, its fields (BeneficiarioArray order) separated by tabs. A line
 * whose free text holds a tab or a line break comes JSON-quoted (QUOTED_LINE); the others as they
 * are (PLAIN_LINE): quoting every line was a third of the page statement's cost (issue 15 §3).
 * Measured on 200 000 beneficiaries (PGlite, pages of 4096, a loaded machine, 6 alternating runs):
 * 0.40–0.56 s to read them all so, 0.50–0.77 s quoting every line; before, 1.0–1.7 s as json_agg
 * of arrays and 2.7–2.9 s as rows.
 */
const NEXT_PAGE = `select string_agg(case when ${HOLDS_SEPARATOR} then ${QUOTED_LINE} else ${PLAIN_LINE} end, E'\\n' order by b.id) as page
  from (select * from beneficiarios b where b.precatorio_numero = $1 and b.id > $2 order by b.id limit ${BENEFICIARIOS_PAGE}) b
  ${BENEFICIARIO_GRANTS_JOIN.replace('p.numero', '$1')}`;

/** How each kind of NEXT_PAGE line carries free text: a field that is never NULL, and one that may be. */
interface FreeText {
  required(field: string): string;
  optional(field: string): string | undefined;
}
const unquote = (field: string): string => (field.includes('\\') ? (JSON.parse(field) as string) : field.slice(1, -1));
const PLAIN: FreeText = { required: (field) => field, optional: (field) => (field === '' ? undefined : field.slice(1)) };
const QUOTED: FreeText = { required: unquote, optional: (field) => (field === '' ? undefined : unquote(field)) };
const date = (field: string): IsoDate | undefined => (field === '' ? undefined : (field as IsoDate));

/**
 * One line of NEXT_PAGE as a beneficiary (the fields of beneficiarioFromArray, without building its
 * array first: 200 000 arrays of 11 were a share of the read's garbage, issue 15 §3).
 */
function beneficiarioOfLine(line: string, amount: (text: string) => Beneficiario['valorBrl']): Beneficiario {
  const f = line.split('\t');
  const text = f.length === 12 ? PLAIN : f.length === 13 ? QUOTED : undefined;
  if (!text) throw new Error(`linha de beneficiário inesperada do banco (${f.length} campos)`);
  return {
    id: text.required(f[0]!),
    credorId: text.required(f[1]!),
    titularidade: f[2] as Beneficiario['titularidade'],
    valorBrl: amount(f[3]!),
    pagoBrl: amount(f[4]!),
    superpreferenciaPagaBrl: amount(f[5]!),
    nascimento: date(f[8]!),
    doencaGraveDesde: date(f[9]!),
    deficienciaDesde: date(f[10]!),
    nome: text.optional(f[6]!),
    cpf: text.optional(f[7]!),
    // R6.14 (migration 0011): JSON text (never a raw tab or line break), absent for nearly every beneficiary.
    contratuais: f[11] === '' ? undefined : contratuaisFromArray(JSON.parse(f[11]!) as ContratuaisArray),
  };
}

/**
 * Every beneficiary of a precatório whose first statement came back with more than
 * FIRST_BENEFICIARIOS (`first`, as read there): the rest is read page by page, yielding between pages. The pages are
 * separate statements, so the caller must check that the precatório's version did not move
 * meanwhile (every write to a precatório or its beneficiaries moves it) — see precatoriosWithVersions.
 */
export async function readAllBeneficiaries(
  db: Db,
  numero: string,
  first: readonly BeneficiarioArray[],
  amount: (text: string) => Beneficiario['valorBrl'],
): Promise<Beneficiario[]> {
  const all = first.slice(0, FIRST_BENEFICIARIOS).map((b) => beneficiarioFromArray(b, amount));
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
