import type { Context } from 'hono';
import type { IsoDate } from '../domain/dates.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { superpreferenceAgeOn } from '../domain/rules/superpreference-age.ts';
import type { StaffAuth } from './auth.ts';
import { ApiError } from './errors.ts';

/** The refusal names the superpreference age in force on the published run (R3.1; data/rules/superpreference-age.csv). */
const staffOnlyDate = (age: number) =>
  'a data da rodada (data) só pode ser escolhida pela equipe: as respostas públicas são as da lista publicada hoje (retire o parâmetro "data"); ' +
  `consultar datas à vontade revelaria o dia em que cada credor completa ${age} anos ou teve a doença reconhecida`;

/**
 * Public lists and lookups answer for the published list run only — today in Belém (issue 15 §4).
 * Who is in the superpreference list depends on birth dates and grant dates (R3.2); answering for a
 * run date of the client's choosing let anyone bisect those dates (~11 requests per person). Staff
 * (a valid token) may still ask for any date. A public request that names one is refused — not
 * silently answered for today — so a client never takes today's list for the date it asked about.
 */
export function publishedRun(deps: { readonly today: () => IsoDate; readonly staff: StaffAuth; readonly rules: RuleBook }) {
  return {
    /** Whether the request carries a valid staff token (any staff role). */
    isStaff: async (c: Context) => (await deps.staff.check(c)).kind === 'ok',
    /** The run date to answer for: today, or `data` when staff asked for it. */
    async runDate(c: Context, data: string | undefined): Promise<IsoDate> {
      if (data === undefined) return deps.today();
      const outcome = await deps.staff.check(c);
      if (outcome.kind === 'ok') return data as IsoDate;
      const refusal = staffOnlyDate(superpreferenceAgeOn(deps.rules, deps.today()));
      if (outcome.kind === 'sem-token') {
        c.header('WWW-Authenticate', 'Bearer realm="precatorios"');
        throw new ApiError(401, 'nao-autenticado', 'data', refusal);
      }
      throw new ApiError(403, 'sem-permissao', 'data', refusal);
    },
  };
}
