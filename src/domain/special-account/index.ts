export * from './allocate.ts';
export * from './config.ts';
export * from './ledger.ts';
