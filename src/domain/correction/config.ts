import type { MixedMonthMethod } from './periods.ts';

/**
 * Conventions where sources disagree (R5.x [UNC]), as named options. Defaults are the spec's.
 * Pass them explicitly at call sites that care (design §3: name the option, don't rely on defaults).
 */
export interface CorrectionConfig {
  /** R5.2: rate months m … T−1 (published GM/TJSP tables) or m+1 … T (TJAP code). */
  readonly indexWindow: 'M_TO_T_MINUS_1' | 'M_PLUS_1_TO_T';
  /** R5.11: mixed months 2009-12 and 2015-03 for modulated precatórios. */
  readonly mixedMonthMethod: MixedMonthMethod;
  /** R5.8: simple sum applied once (default) or capitalised (old TJSP memórias only). */
  readonly selicMode: 'SIMPLE_SUM' | 'COMPOUND';
  /**
   * R5.10 cap granularity: compare IPCA + 2 % with the simple SELIC sum over all non-graça rate
   * months from 2025-08 (default, TJAP code), separately on each contiguous segment, or month by
   * month (each month keeps the lower of IPCA + 2 % and SELIC on that month's state).
   * Only MONTHLY is path-independent: with the other two, correcting a→b and then b→c can differ
   * from a→c when the cap binds on one leg and not on the whole (see the chaining property).
   * MONTHLY costs one step per EC 136 month (the only part of a correction that is not O(1)).
   */
  readonly ec136CapMode: 'CUMULATIVE_FROM_2025_08' | 'PER_SEGMENT' | 'MONTHLY';
  /** R5.10 "desde a expedição" vs SV 17/Tema 1335: the 2 % inside graça. Default false. */
  readonly ec136InterestInGrace: boolean;
  /** R5.10 switch pending ADI 7873: false keeps SELIC after 2025-07. */
  readonly ec136Correction: boolean;
  /**
   * R5.2: when the last needed month is not yet published, stop at the last published month and
   * flag the result `provisional` (default), or fail with `out-of-range`.
   */
  readonly unpublishedTail: 'PROVISIONAL' | 'ERROR';
}

export const DEFAULT_CORRECTION_CONFIG: CorrectionConfig = {
  indexWindow: 'M_TO_T_MINUS_1',
  mixedMonthMethod: 'GM_NPM',
  selicMode: 'SIMPLE_SUM',
  ec136CapMode: 'CUMULATIVE_FROM_2025_08',
  ec136InterestInGrace: false,
  ec136Correction: true,
  unpublishedTail: 'PROVISIONAL',
};
