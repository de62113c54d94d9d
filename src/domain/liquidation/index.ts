// Liquidation of a payment on its date (money-movements.md §6.1, correction.md R5.15–R5.17). Pure.
export { DEFAULT_LIQUIDATION_CONFIG, type LiquidationConfig } from './config.ts';
export { owedOn, type Credit, type Owed, type PriorPayment, type LiquidationError } from './owed.ts';
export { imputePayment } from './impute.ts';
export { shareAmongBeneficiaries } from './share.ts';
export { superpreferenceTrancheCents } from './superpreference.ts';
export { liquidatePayment, itemLiquidationOf, owedAfter, type ItemLiquidation, type Liquidation, type LiquidationRefusal } from './liquidate.ts';
export { describeLiquidationError } from './messages.ts';
export {
  DEFAULT_WITHHOLDING_CONFIG,
  describeWithholdingError,
  rraMonthsForPayment,
  TAX_REGIMES,
  withholdingOf,
  type PrevidenciaSource,
  type TaxRegime,
  type Vinculo,
  type Withholding,
  type WithholdingConfig,
  type WithholdingError,
  type WithholdingInput,
} from './withholding.ts';
export { type PayeeTax, withholdLiquidation } from './withhold-liquidation.ts';
