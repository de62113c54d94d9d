import { type IsoDate, addYears } from '../dates.ts';
import { moneyToCents } from '../cents.ts';
import { superpreferenceTrancheCents } from '../liquidation/superpreference.ts';
import { type Money, ZERO, roundCents } from '../money.ts';
import { type Beneficiario, type Precatorio, saldoOf } from '../precatorio.ts';

/** R3.2, R3.4 §7: superpreference is recognised on exactly one ground. */
export type SuperpreferenceGround = 'idade' | 'doenca-grave' | 'deficiencia';

export type Eligibility =
  | { readonly eligible: true; readonly ground: SuperpreferenceGround; readonly since: IsoDate }
  | { readonly eligible: false; readonly reason: 'comum' | 'cessionario' | 'sem-condicao' };

/**
 * R3.2: alimentar credit, a holder who is not a cessionário (CF §13), and — on the run date — aged
 * `ageYears` or more (the age in force on the run date, rules/superpreference-age.ts: 60 since
 * EC 62/2009; acquired while waiting counts, ADI 4357), or with a recognised serious illness or disability.
 * When several grounds hold, the one acquired first is recorded (ties: idade, doença, deficiência),
 * so the grant date used by `BY_GRANT_DATE` ordering is the earliest the creditor could claim.
 * Heirs must meet the condition themselves (`heirUsesDeceasedCondition = false`, R3.2.4 [UNC]).
 */
export function eligibilityOf(
  precatorio: Precatorio,
  beneficiario: Beneficiario,
  runDate: IsoDate,
  ageYears: number,
  /** The day a creditor born on `birth` reaches `ageYears` (a list build passes agedOnMemo's). */
  agedOn: (birth: IsoDate) => IsoDate = (birth) => addYears(birth, ageYears),
): Eligibility {
  if (precatorio.natureza !== 'alimentar') return { eligible: false, reason: 'comum' };
  if (beneficiario.titularidade === 'cessionario') return { eligible: false, reason: 'cessionario' };
  // Earliest ground held on the run date; ties go to the first in this order (no arrays: this runs
  // once per beneficiary of every list build).
  const byAge = beneficiario.nascimento && agedOn(beneficiario.nascimento);
  let ground: SuperpreferenceGround | undefined;
  let since: IsoDate | undefined;
  if (byAge !== undefined && byAge <= runDate) {
    ground = 'idade';
    since = byAge;
  }
  const illness = beneficiario.doencaGraveDesde;
  if (illness !== undefined && illness <= runDate && (since === undefined || illness < since)) {
    ground = 'doenca-grave';
    since = illness;
  }
  const disability = beneficiario.deficienciaDesde;
  if (disability !== undefined && disability <= runDate && (since === undefined || disability < since)) {
    ground = 'deficiencia';
    since = disability;
  }
  return ground !== undefined && since !== undefined ? { eligible: true, ground, since } : { eligible: false, reason: 'sem-condicao' };
}

/**
 * `addYears(birth, ageYears)`, remembered per birth date: a list build asks it for every
 * beneficiary, and date arithmetic with its checks was a tenth of a 200 000-beneficiary build
 * (issue 15 §3); birth dates repeat across creditors.
 */
export function agedOnMemo(ageYears: number): (birth: IsoDate) => IsoDate {
  const seen = new Map<IsoDate, IsoDate>();
  return (birth) => {
    let day = seen.get(birth);
    if (day === undefined) {
      day = addYears(birth, ageYears);
      seen.set(birth, day);
    }
    return day;
  };
}

/** R3.6 [UNC]: one capped parcel per (creditor, cumprimento de sentença) by default. */
export type SuperpreferenceScope = 'PER_EXECUTION' | 'PER_PRECATORIO';

/** The key under which one creditor's cap is counted. */
export function capKeyOf(precatorio: Precatorio, beneficiario: Beneficiario, scope: SuperpreferenceScope): string {
  const execution = scope === 'PER_EXECUTION' ? (precatorio.processoOrigem ?? precatorio.numero) : precatorio.numero;
  return `${beneficiario.credorId}\u0000${execution}`;
}

/**
 * The superpreferential tranche of one beneficiary (R3.3, R3.8 step 1): what is left of the cap,
 * but never more than the beneficiary's open balance. `capUsedBrl` is what this creditor already
 * received (or was granted in this run) under the same cap key.
 */
export function trancheAmount(beneficiario: Beneficiario, capBrl: Money, capUsedBrl: Money, openBrl: Money = saldoOf(beneficiario)): Money {
  // R6.5: with `openBrl` the owed on the liquidation date, the cap is measured on the updated value.
  // The rule's one form counts in centavos (liquidation/superpreference.ts). A cap is a legal limit:
  // cut down to the centavo, as the simulation does (simulate.ts capTable). This runs for every
  // eligible beneficiary of a list build, so the answer is rebuilt from the inputs it equals (the
  // whole balance, or the room left under the cap) instead of from centavos.
  const cap = capBrl.decimalPlaces() > 2 ? roundCents(capBrl, 'down') : capBrl;
  const openCents = moneyToCents(openBrl);
  const tranche = superpreferenceTrancheCents(moneyToCents(cap), moneyToCents(capUsedBrl), openCents);
  if (tranche === openCents) return openBrl;
  if (tranche === 0) return ZERO;
  return capUsedBrl.isZero() ? cap : cap.minus(capUsedBrl);
}
