// Public surface of the payment simulation (issue 6). See simulate.ts for the entry point.
export { runDateOf, simulate, type SimulateOptions } from './simulate.ts';
export { compareRuns, type DateShift, type ScenarioComparison, type ShiftKind } from './compare.ts';
export { projectedGrowth, NO_GROWTH, DEFAULT_PROJECTION_RATES, type ProjectionRates } from './growth.ts';
export { startCorrectionFrom } from './start-correction.ts';
export { fundingSchedule, requestedFunding, type FundingSchedule } from './funding.ts';
export { expectedPrecatorios, EXPECTED_NUMERO_PREFIX } from './expected.ts';
export { moneyToCents, centsToMoney, centsToDecimalText } from '../cents.ts';
export { describeSimulationError } from './messages.ts';
export { enteQueueOf } from './queue-input.ts';
export * from './types.ts';
export { projectEnte, type Projection, type ProjectionRequest } from './projection.ts';
export { assumptionsText, publicEvents, publicMonths, publicProjections, publicYears, monthLabel } from './report.ts';
export { PUBLISHED_GROUND_SINCE, publicBeneficiaryId, publishedView } from './published-view.ts';
export { expectedNewFromHistory } from './expected-from-history.ts';
