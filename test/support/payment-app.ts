import { createApp } from '../../src/api/app.ts';
import { isoDate } from '../../src/domain/dates.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import type { Db } from '../../src/storage/db.ts';
import { RULES } from './rules.ts';

/** The bootstrap administrator's token and headers of the payment tests. */
export const PAYMENT_TOKEN = 'token-de-teste-da-equipe';
export const paymentStaffHeaders = { authorization: `Bearer ${PAYMENT_TOKEN}`, 'content-type': 'application/json' };

/** The app over `db` on 2026-01-20 (the R5.17 and O6.5 payments are dated 2026-01-15). */
export const paymentApp = (db: Db) =>
  createApp({
    db,
    rules: RULES,
    correctionRules: loadCorrectionRules(),
    rpvLaws: loadRpvLaws(),
    today: () => isoDate('2026-01-20'),
    adminToken: PAYMENT_TOKEN,
    log: () => undefined,
    indexRecheckMs: 0,
  });
