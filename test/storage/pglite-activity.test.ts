// Goal (issue 15): Db.activity on PGlite tells a reader when what it read may no longer be the
// committed state — the count moves on every transaction end (commit or rollback) and every write
// outside one, never on a plain SELECT — and whether a transaction holds the one connection.
// PostgreSQL has no such signal (other connections commit): `activity` is undefined there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { BACKENDS } from '../support/backends.ts';

describe('PGlite connection activity', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDatabase({ pgliteDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('counts commits, rollbacks and writes outside a transaction, not reads; says when a transaction holds the connection', async () => {
    const at = () => db.activity!().generation;
    const start = at();
    await db.query('select count(*) from entes');
    await db.query('  SELECT 1');
    expect(at()).toBe(start);
    await db.query(`insert into entes (id, nome, esfera, regime) values ('e-atividade', 'E', 'municipal', 'geral')`);
    expect(at()).toBe(start + 1);
    let inside: ReturnType<NonNullable<Db['activity']>> | undefined;
    await db.transaction(async (tx) => {
      await tx.query(`update entes set nome = 'F' where id = 'e-atividade'`);
      await tx.query('select 1');
      inside = db.activity!();
    });
    expect(inside).toEqual({ inTransaction: true, generation: start + 1 });
    expect(db.activity!()).toEqual({ inTransaction: false, generation: start + 2 });
    await expect(
      db.transaction(async () => {
        throw new Error('desfeita');
      }),
    ).rejects.toThrow('desfeita');
    expect(db.activity!()).toEqual({ inTransaction: false, generation: start + 3 });
  });

  const postgres = BACKENDS.find((b) => b.name === 'postgres');
  it.skipIf(!postgres)('is not offered by PostgreSQL, where readers never wait for a writer', async () => {
    const other = await postgres!.open();
    try {
      expect(other.activity).toBeUndefined();
    } finally {
      await other.dispose();
    }
  });
});
