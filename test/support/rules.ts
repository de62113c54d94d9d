import { loadRuleBook } from '../../src/rules/load-rule-book.ts';

/** The project's own data/rules, loaded once per test file. */
export const RULES = loadRuleBook();
