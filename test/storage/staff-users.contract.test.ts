// Goal (issue 15 §2, named staff): per-user credentials on both backends — the token is shown once
// and only its SHA-256 is stored; it authenticates its user until revoked and never after; a login
// has at most one active credential, also when two creators race; creation and revocation are events.
// Method: the store functions on PGlite and (with DATABASE_URL) PostgreSQL; the tables read back
// column by column; fast-check over logins and tampered tokens.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.ts';
import { StoreError } from '../../src/storage/errors.ts';
import { authenticateStaffToken, createStaffUser, listStaffUsers, loginOfToken, revokeStaffUser } from '../../src/storage/staff-users.ts';
import { BACKENDS } from '../support/backends.ts';

const TOKEN_SHAPE = /^pct_([a-z][a-z0-9.-]{1,39})_([A-Za-z0-9_-]{43})$/;
const loginArb = fc.stringMatching(/^[a-z][a-z0-9.-]{1,39}$/).filter((l) => l !== 'administrador');

for (const backend of BACKENDS) {
  describe(`staff users on ${backend.name}`, () => {
    let db: Db & { dispose(): Promise<void> };
    beforeAll(async () => {
      db = await backend.open();
    }, 60_000);
    afterAll(async () => {
      await db?.dispose();
    });

    const create = (login: string, role: 'equipe' | 'administracao' = 'equipe', actor = 'local:teste') =>
      db.transaction((tx) => createStaffUser(tx, { login, role, displayName: 'Maria da Silva', actor }));
    const revoke = (login: string, actor = 'local:teste') => db.transaction((tx) => revokeStaffUser(tx, { login, actor }));
    const refusal = async (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (e: unknown) => (e instanceof StoreError ? { kind: e.kind, campo: e.campo } : e),
      );

    it('issues a token of its own shape, stores only its SHA-256, and no column anywhere holds the token or its secret', async () => {
      const { token, user } = await create('maria');
      const [, login, secret] = TOKEN_SHAPE.exec(token) ?? [];
      expect([login, secret?.length]).toEqual(['maria', 43]);
      expect(user).toMatchObject({ login: 'maria', role: 'equipe', displayName: 'Maria da Silva', createdBy: 'local:teste', revokedAt: null });
      const { rows } = await db.query<{ token_sha256: string }>('select token_sha256 from staff_users where login = $1', ['maria']);
      expect(rows).toEqual([{ token_sha256: createHash('sha256').update(token).digest('hex') }]);
      // Every text and jsonb column of every table, read back: neither the token nor its secret.
      const { rows: columns } = await db.query<{ t: string; c: string }>(
        `select table_name as t, column_name as c from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb')`,
      );
      for (const { t, c } of columns) {
        const found = await db.query(`select 1 from "${t}" where position($1 in "${c}"::text) > 0 or position($2 in "${c}"::text) > 0`, [token, secret]);
        expect([t, c, found.rows.length]).toEqual([t, c, 0]);
      }
    });

    it('authenticates the token; a changed secret, another login or garbage does not', async () => {
      const { token } = await create('joao.pereira', 'administracao');
      expect(await authenticateStaffToken(db, token)).toEqual({ login: 'joao.pereira', role: 'administracao' });
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 42 }), fc.constantFrom(...'ABCxyz019-_'), async (i, ch) => {
          const at = token.length - 43 + i;
          fc.pre(token[at] !== ch);
          expect(await authenticateStaffToken(db, token.slice(0, at) + ch + token.slice(at + 1))).toBeUndefined();
        }),
        { numRuns: 40 },
      );
      expect(await authenticateStaffToken(db, token.replace('joao.pereira', 'maria'))).toBeUndefined();
      for (const junk of ['', 'pct_', 'pct__x', `${token}x`, token.slice(0, -1), `pct_joao.pereira_${"'; drop table staff_users; --".padEnd(43, 'a')}`]) {
        expect(await authenticateStaffToken(db, junk)).toBeUndefined();
      }
    });

    it('revocation holds from the next check on; the login may get a new token, and the old one stays dead', async () => {
      const first = await create('ana');
      await revoke('ana', 'local:chefe');
      expect(await authenticateStaffToken(db, first.token)).toBeUndefined();
      expect(await refusal(revoke('ana'))).toEqual({ kind: 'nao-encontrado', campo: 'login' });
      const second = await create('ana', 'administracao');
      expect(second.token).not.toBe(first.token);
      expect(await authenticateStaffToken(db, second.token)).toEqual({ login: 'ana', role: 'administracao' });
      expect(await authenticateStaffToken(db, first.token)).toBeUndefined();
      const ana = (await listStaffUsers(db)).filter((u) => u.login === 'ana');
      expect(ana.map((u) => [u.role, u.revokedBy])).toEqual([
        ['equipe', 'local:chefe'],
        ['administracao', null],
      ]);
    });

    it('refuses a second active credential for a login, a bad login, the reserved one and a bad role — writing nothing', async () => {
      await create('pedro');
      const count = async () => (await db.query<{ n: string }>('select (select count(*) from staff_users) + (select count(*) from events) as n')).rows[0]!.n;
      const before = await count();
      expect(await refusal(create('pedro'))).toEqual({ kind: 'conflito', campo: 'login' });
      for (const login of ['administrador', 'Maria', 'a', 'maria_silva', '1abc', 'x'.repeat(41), 'local:maria', 'ç'])
        expect([login, await refusal(create(login))]).toEqual([login, { kind: 'invalido', campo: 'login' }]);
      expect(await refusal(create('rita', 'chefe' as 'equipe'))).toEqual({ kind: 'invalido', campo: 'papel' });
      expect(
        await refusal(db.transaction((tx) => createStaffUser(tx, { login: 'rita', role: 'equipe', displayName: 'a\u0000b', actor: 'local:teste' }))),
      ).toEqual({ kind: 'invalido', campo: 'nome' });
      expect(await count()).toBe(before);
    });

    it('two creators racing for one login: exactly one token is issued', async () => {
      const outcomes = await Promise.all(
        [1, 2, 3].map(() =>
          create('disputada').then(
            (r) => r.token,
            (e: unknown) => (e instanceof StoreError ? e.kind : e),
          ),
        ),
      );
      expect(outcomes.filter((o) => o === 'conflito')).toHaveLength(2);
      const token = outcomes.find((o) => typeof o === 'string' && o.startsWith('pct_'))!;
      expect(await authenticateStaffToken(db, token as string)).toEqual({ login: 'disputada', role: 'equipe' });
    });

    it('records creation and revocation in the event log, by who did it, without the token', async () => {
      await create('evento', 'equipe', 'local:maria');
      await revoke('evento', 'joao.pereira');
      const { rows } = await db.query<{ actor: string; kind: string; after: unknown }>(
        `select actor, kind, after from events where after->>'login' = 'evento' order by id`,
      );
      expect(rows).toEqual([
        { actor: 'local:maria', kind: 'usuario-criado', after: { login: 'evento', nome: 'Maria da Silva', papel: 'equipe' } },
        { actor: 'joao.pereira', kind: 'usuario-revogado', after: { login: 'evento', papel: 'equipe' } },
      ]);
    });

    it('any valid login round-trips through its token (the login is read back from the token alone)', async () => {
      await fc.assert(
        fc.asyncProperty(loginArb, async (login) => {
          await db.query('delete from staff_users where login = $1', [login]);
          const { token } = await create(login);
          expect(loginOfToken(token)).toBe(login);
          expect(await authenticateStaffToken(db, token)).toEqual({ login, role: 'equipe' });
        }),
        { numRuns: 15 },
      );
    });
  });
}
