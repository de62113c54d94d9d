import { Dec } from '../money.ts';

/** The tribunals whose lists share one ente's deposits (R7.3): the TJ keeps its share, the others are sent out. */
export const TRIBUNAIS = ['TJ', 'TRT', 'TRF'] as const;
export type Tribunal = (typeof TRIBUNAIS)[number];

/**
 * The [UNC] parameters of the special account (money-movements.md R7.3, R7.5), each a named
 * configuration with the spec's default; the README's [UNC] list names them.
 */
export interface SpecialAccountConfig {
  /**
   * `rateioShares` — R7.3 [UNC] (open question 9): the Comitê Gestor's shares of each deposit among
   * the TJ, TRT and TRF lists, summing to 1. No TJPA/TRT8/TRF1 act was found, so the default keeps
   * every deposit at the TJ (`SINGLE_LIST`); a debtor with an act gets its shares here.
   */
  readonly rateioShares: Readonly<Record<Tribunal, Dec>>;
  /** `acordoSplitBeforeRateio` — R7.3 [UNC]: the acordo share leaves before the rateio (Paraíba practice, O7.7). Default true. */
  readonly acordoSplitBeforeRateio: boolean;
  /**
   * `acordoRegulatedEntes` — R7.5 [PA]/[UNC]: the debtors with an acordo regulation in force, the only
   * ones whose deposits are split into an acordo account (TJPR-DJ86 art. 42 §1). Default: the Estado
   * do Pará (Lei 7.482/2010) and Belém (Decreto 94.431); the other five get `crono = D`.
   */
  readonly acordoRegulatedEntes: ReadonlySet<string>;
}

export const DEFAULT_SPECIAL_ACCOUNT_CONFIG: SpecialAccountConfig = {
  rateioShares: { TJ: new Dec(1), TRT: new Dec(0), TRF: new Dec(0) },
  acordoSplitBeforeRateio: true,
  acordoRegulatedEntes: new Set(['estado-do-para', 'municipio-de-belem']),
};

/** Why `shares` are not a rateio (in Portuguese), or undefined: each in [0, 1], summing to exactly 1 (O7.3). */
export function rateioSharesProblem(shares: Readonly<Record<Tribunal, Dec>>): string | undefined {
  for (const t of TRIBUNAIS) {
    if (shares[t].isNegative() || shares[t].greaterThan(1)) return `a parcela do rateio do ${t} deve estar entre 0 e 1 (recebido ${shares[t].toString()})`;
  }
  const total = TRIBUNAIS.reduce((acc, t) => acc.plus(shares[t]), new Dec(0));
  return total.equals(1) ? undefined : `as parcelas do rateio somam ${total.toString()}, não 1 (R7.3)`;
}
