import type { IsoDate } from '../dates.ts';
import type { Precatorio } from '../precatorio.ts';
import { eligibilityOf } from '../queue/superpreference.ts';
import type { RuleBook } from '../rule-book.ts';
import { superpreferenceAgeOn } from '../rules/superpreference-age.ts';

/**
 * The date a ground carries in the published view: before any projection starts, so the tranche of
 * whoever is in today's list is due from the first month (and ties under any grant-date order). A
 * marker, not a date anyone had: it never leaves the projection, and no input range applies to it.
 */
export const PUBLISHED_GROUND_SINCE = '1900-01-01' as IsoDate;

/** A beneficiary's public id: its ordinal in the precatório ("1", "2", … in the registry's order). */
export const publicBeneficiaryId = (index: number): string => String(index + 1);

/**
 * The registry as a public projection may see it (issue 15 §4): only what the published list of
 * `publishedRun` shows. A beneficiary with a ground on that run (60+, illness or disability, R3.2)
 * keeps one ground dated `PUBLISHED_GROUND_SINCE`; nobody else has one. Birth, illness and
 * disability dates, names and CPFs are dropped, so no future birthday is projected — a tranche
 * starting in month M would tell that its creditor turns 60 in M — and which ground it is cannot
 * show either (a scenario grant replaces it like any other, R3.4 §7). Beneficiary ids become their
 * ordinal in the precatório, the public id of the lookup (api/serialize.ts).
 */
export function publishedView(precatorios: readonly Precatorio[], publishedRun: IsoDate, rules: RuleBook): Precatorio[] {
  const ageYears = superpreferenceAgeOn(rules, publishedRun);
  return precatorios.map((p) => ({
    ...p,
    beneficiarios: p.beneficiarios.map((b, i) => ({
      id: publicBeneficiaryId(i),
      credorId: b.credorId,
      titularidade: b.titularidade,
      valorBrl: b.valorBrl,
      pagoBrl: b.pagoBrl,
      superpreferenciaPagaBrl: b.superpreferenciaPagaBrl,
      // Which ground is not published: one is carried, whichever it was.
      doencaGraveDesde: eligibilityOf(p, b, publishedRun, ageYears).eligible ? PUBLISHED_GROUND_SINCE : undefined,
    })),
  }));
}
