// A liquidated payment's withholding (money-movements.md §6.5 order: update → fraction → IRRF/RRA and
// previdência): the payee's tax facts are stated for the whole credit and this payment takes its share.
import type { IsoDate } from '../dates.ts';
import { type Dec, type Money, ZERO, roundCents } from '../money.ts';
import type { Natureza } from '../precatorio.ts';
import type { Result } from '../result.ts';
import type { TaxTables } from '../rules/irrf.ts';
import type { Liquidation } from './liquidate.ts';
import {
  DEFAULT_WITHHOLDING_CONFIG,
  type PrevidenciaSource,
  type TaxRegime,
  type Vinculo,
  type Withholding,
  type WithholdingConfig,
  type WithholdingError,
  rraMonthsForPayment,
  withholdingOf,
} from './withholding.ts';

/** A payee's tax facts for what is still open of the credit, as the ofício and staff record them (R6.7, R6.8, R6.12). */
export interface PayeeTax {
  readonly regime: TaxRegime;
  readonly natureza: Natureza;
  readonly vinculo: Vinculo;
  /**
   * NM still open (R6.8): the ofício's NM less what earlier payments used (each used NM × its fraction), so
   * that the payments of one credit use NM in all.
   */
  readonly nm: Dec;
  /** Share of the principal that is not income (0 to 1). */
  readonly nonTaxablePrincipalShare: Dec;
  /**
   * INDICADA: the ofício's contribution not yet withheld, updated like the principal. Like NM, the
   * amounts here are what is still open — earlier payments already withheld their share.
   */
  readonly previdencia: PrevidenciaSource;
  /** Pensão alimentícia and judicial expenses still to deduct (open part), for the whole open credit. */
  readonly pensaoAlimenticiaBrl: Money;
  readonly despesasJudiciaisBrl: Money;
}

/**
 * Withholding of one liquidated payment. Whole-credit amounts (ofício previdência, pensão,
 * despesas) are withheld pro rata to the payment's fraction f (R6.12: "withheld at each payment pro
 * rata"), rounded half-up to the cent; NM follows `rraMonthsOnPartial` (R6.8).
 */
export function withholdLiquidation(
  liquidation: Liquidation,
  payee: PayeeTax,
  date: IsoDate,
  tables: TaxTables,
  config: WithholdingConfig = DEFAULT_WITHHOLDING_CONFIG,
): Result<Withholding, WithholdingError> {
  const f = liquidation.fraction;
  const share = (amount: Money) => (liquidation.settles ? amount : roundCents(amount.times(f), 'half-up'));
  const previdencia: PrevidenciaSource =
    payee.previdencia.kind === 'INDICADA' ? { kind: 'INDICADA', amountBrl: share(payee.previdencia.amountBrl) } : payee.previdencia;
  return withholdingOf(
    {
      gross: liquidation.paid,
      principalNaoTributavel: payee.nonTaxablePrincipalShare.isZero()
        ? ZERO
        : roundCents(liquidation.paid.principal.times(payee.nonTaxablePrincipalShare), 'half-up'),
      regime: payee.regime,
      natureza: payee.natureza,
      vinculo: payee.vinculo,
      nm: rraMonthsForPayment(payee.nm, liquidation.grossBrl, liquidation.owed.totalBrl, config.rraMonthsOnPartial),
      date,
      previdencia,
      pensaoAlimenticiaBrl: share(payee.pensaoAlimenticiaBrl),
      despesasJudiciaisBrl: share(payee.despesasJudiciaisBrl),
    },
    tables,
    config,
  );
}
