// Goal: every PostgreSQL connection the application opens runs in the court's time zone and with
// JIT compilation off (storage/postgres-db.ts: a debtor's read spent 0.77 s of 1.76 s compiling).
// Method: the settings as seen by statements on the pool and inside a transaction (another client).
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/backends.ts';

const postgres = BACKENDS.find((b) => b.name === 'postgres');

describe.skipIf(!postgres)('PostgreSQL session settings', () => {
  it('time zone America/Belem and jit off, on the pool and in a transaction', async () => {
    const db = await postgres!.open();
    try {
      const show = async (q: typeof db.query) =>
        (await q<{ jit: string; tz: string }>("select current_setting('jit') as jit, current_setting('TimeZone') as tz")).rows[0];
      const [a, b] = await Promise.all([show(db.query), show(db.query)]);
      const inTx = await db.transaction((tx) => show(tx.query));
      for (const s of [a, b, inTx]) expect(s).toEqual({ jit: 'off', tz: 'America/Belem' });
    } finally {
      await db.dispose();
    }
  });
});
