/**
 * Conventions of the liquidation where the sources leave a choice (money-movements.md §6, [UNC]):
 * named options with the spec's defaults.
 */
export interface LiquidationConfig {
  /**
   * R6.3: which components a partial payment extinguishes. PRO_RATA (default, TJAP code): the
   * fraction f = P/O of every component. The alternatives exist for a court that decides
   * otherwise; INTEREST_FIRST is the CC art. 354 analogy TJPR-IN171 art. 11 rejects.
   */
  readonly partialImputation: 'PRO_RATA' | 'PRINCIPAL_FIRST' | 'INTEREST_FIRST';
  /** R6.4: several titulares, money for part of the precatório: P × owed_i / Σ owed (default) or in listing order. */
  readonly multiBeneficiaryPartial: 'PRO_RATA_OWED' | 'ORDER_OF_LISTING';
  /**
   * R6.5: the base compared with the superpreference limit. TJAP compares with the gross updated
   * value, contratuais included (default). With no honorários registered both are the gross owed.
   */
  readonly superprefCapBase: 'GROSS_INCL_CONTRATUAIS' | 'NET_OF_CONTRATUAIS';
}

export const DEFAULT_LIQUIDATION_CONFIG: LiquidationConfig = {
  partialImputation: 'PRO_RATA',
  multiBeneficiaryPartial: 'PRO_RATA_OWED',
  superprefCapBase: 'GROSS_INCL_CONTRATUAIS',
};
