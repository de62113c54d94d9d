import { MAX_RRA_MONTHS, TAX_REGIMES, type TaxRegime, type Vinculo } from '../domain/liquidation/withholding.ts';
import { Dec, type Money } from '../domain/money.ts';
import type { BeneficiaryTaxFacts } from '../domain/precatorio.ts';
import { err, ok } from '../domain/result.ts';
import { type FieldResult, parseChoice, parseNonNegativeAmount } from './fields.ts';
import type { RowReader } from './row-reader.ts';

/**
 * Optional columns of the project CSV with a beneficiary's tax facts as the ofício states them
 * (money-movements.md R6.2, R6.7, R6.8, R6.10, R6.12; migration 0010). All empty = none registered:
 * the default rule of domain/liquidation/payee-facts.ts applies at payment.
 */
export const PROJECT_TAX_COLUMNS = ['regime_tributario', 'meses_rra', 'vinculo', 'previdencia_indicada', 'previdencia_regime', 'parte_nao_tributavel'] as const;

const REGIMES: Record<string, TaxRegime> = Object.fromEntries(TAX_REGIMES.map((r) => [r.toLowerCase(), r]));
const VINCULOS: Record<string, Vinculo> = {
  'com-vinculo': 'com-vinculo',
  'com vinculo': 'com-vinculo',
  'sem-vinculo': 'sem-vinculo',
  'sem vinculo': 'sem-vinculo',
};
const DECIMAL = /^\d{1,6}([.,]\d{1,6})?$/;

/** A plain decimal (point or comma) in (min, max] or [min, max]. */
function decimalIn(min: number, max: number, minExclusive: boolean, what: string): (text: string) => FieldResult<Dec> {
  return (text) => {
    const t = text.trim();
    if (!DECIMAL.test(t)) return err(`"${t.slice(0, 40)}" não é ${what} (use algarismos, como 24 ou 0,25)`);
    const d = new Dec(t.replace(',', '.'));
    const below = minExclusive ? d.lessThanOrEqualTo(min) : d.lessThan(min);
    return below || d.greaterThan(max)
      ? err(`${what} fora do intervalo: deve ser ${minExclusive ? 'maior que' : 'de'} ${min} ${minExclusive ? 'e até' : 'a'} ${max}`)
      : ok(d);
  };
}

const parseMonths = decimalIn(0, MAX_RRA_MONTHS, true, 'número de meses do RRA (NM do ofício, R6.8)');
const parseShare = decimalIn(0, 1, false, 'fração do principal que não é rendimento');
const parsePrevidenciaRegime = (text: string): FieldResult<string> =>
  /^[A-Za-z0-9_.-]{1,40}$/.test(text.trim())
    ? ok(text.trim())
    : err(`"${text.trim().slice(0, 40)}" não é um regime previdenciário (identificador de data/rules/previdencia-rates.csv, como IGEPREV_PA)`);

/**
 * The tax facts of one row, every bad cell reported on its line and column. `valorBrl` is the
 * beneficiary's share: the ofício's previdência cannot exceed it. Natureza comum without a regime is
 * accepted (withholding not calculated at payment, with the reason).
 */
export function readTaxFacts(r: RowReader, valorBrl: Money | undefined): BeneficiaryTaxFacts | undefined {
  // The rule in court files: no tax columns, nothing to read (million-row imports pay nothing more).
  if (PROJECT_TAX_COLUMNS.every((c) => r.cell(c) === '')) return undefined;
  const regime = r.optional('regime_tributario', (t) => parseChoice(t, REGIMES, 'um regime tributário (R6.7)'));
  const rraMonths = r.optional('meses_rra', parseMonths);
  const vinculo = r.optional('vinculo', (t) => parseChoice(t, VINCULOS, 'um vínculo'));
  const previdenciaIndicadaBrl = r.optional('previdencia_indicada', parseNonNegativeAmount);
  const previdenciaRegime = r.optional('previdencia_regime', parsePrevidenciaRegime);
  const nonTaxableShare = r.optional('parte_nao_tributavel', parseShare);
  if (rraMonths && regime && regime !== 'PF_RRA') r.fail('meses_rra', `meses do RRA só se aplicam ao regime PF_RRA (informado: ${regime})`);
  if (previdenciaIndicadaBrl && previdenciaRegime)
    r.fail('previdencia_regime', 'informe a previdência indicada no ofício ou o regime da alíquota, não os dois');
  if (regime?.startsWith('PJ') && (previdenciaIndicadaBrl || previdenciaRegime))
    r.fail(
      previdenciaIndicadaBrl ? 'previdencia_indicada' : 'previdencia_regime',
      `contribuição de servidor não se aplica a pessoa jurídica (${regime}, R6.12)`,
    );
  if (previdenciaIndicadaBrl && valorBrl && previdenciaIndicadaBrl.greaterThan(valorBrl))
    r.fail('previdencia_indicada', `previdência indicada (${previdenciaIndicadaBrl.toFixed(2)}) maior que o valor do beneficiário (${valorBrl.toFixed(2)})`);
  const facts = { regime, rraMonths, vinculo, previdenciaIndicadaBrl, previdenciaRegime, nonTaxableShare };
  return Object.values(facts).some((v) => v !== undefined) ? facts : undefined;
}
