// Public surface of the correction engine (R5.x). See correct.ts for the entry point.
export { correct, applyPlan, type CorrectionEnv, type CorrectionResult } from './correct.ts';
export { planCorrection, indexTablesOf, type CorrectionPlan, type IndexTables, type Op } from './plan.ts';
export { DEFAULT_CORRECTION_CONFIG, type CorrectionConfig } from './config.ts';
export { isModulated, tableFor, type CorrectionRules } from './periods.ts';
export { bulkCorrector, correctCents, centsOf, centsToMoney, unitCoefficients } from './bulk.ts';
export { principalOnly, totalOf, type Components, type CorrectionContext, type CorrectionError, type MemoryLine } from './types.ts';
