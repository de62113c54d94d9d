import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Beneficiario } from '../domain/precatorio.ts';
import type { Db } from './db.ts';
import { BENEFICIARIO_ARRAY, BENEFICIARIO_GRANTS_JOIN, type BeneficiarioArray, beneficiarioFromArray } from './rows.ts';

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

/** One page after `afterId`: the primary key (precatorio_numero, id) gives it as an index range. */
const NEXT_PAGE = `select json_agg(x.a order by x.id) as page from
  (select b.id, ${BENEFICIARIO_ARRAY} as a from beneficiarios b ${BENEFICIARIO_GRANTS_JOIN.replace('p.numero', '$1')}
   where b.precatorio_numero = $1 and b.id > $2 order by b.id limit ${BENEFICIARIOS_PAGE}) x`;

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
    const { rows } = await db.query<{ page: BeneficiarioArray[] | null }>(NEXT_PAGE, [numero, last]);
    const page = rows[0]?.page ?? [];
    for (const b of page) all.push(beneficiarioFromArray(b, amount));
    last = page.length === BENEFICIARIOS_PAGE ? page.at(-1)![0] : undefined;
  }
  return all;
}
