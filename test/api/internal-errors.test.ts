// Goal: an unexpected failure never shows its insides. A database that fails every statement with a
// PostgreSQL-like error (SQL text, SQLSTATE, a CPF in the detail) behind EVERY operation of the API
// description: each answer is the generic 500 — no SQL, no stack, no personal data — and the server
// log has the whole story (route, message, SQLSTATE, detail).
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/db.ts';
import { LEAKS, operations, requestFor } from './operations.ts';
import { appOver } from './fixtures.ts';

const GENERIC_500 = { erro: 'erro-interno', campo: null, motivo: 'erro interno; a equipe foi avisada pelo registro do servidor' };

/** What node-postgres / PGlite throw: a message quoting SQL, plus SQLSTATE and context fields. */
function pgLikeError(): Error {
  return Object.assign(new Error('syntax error at or near "drop" in select numero, cpf, nome from beneficiarios where cpf = \'52998224725\''), {
    name: 'error',
    severity: 'ERROR',
    code: '42601',
    position: '17',
    routine: 'scanner_yyerror',
    detail: 'Key (cpf)=(52998224725) already exists.',
    where: 'SQL statement "insert into events (actor, kind) values ($1, $2)"',
  });
}

/** A Db whose every statement fails with `failure()`; transactions start, then their first statement fails. */
function failingDb(failure: () => Error): Db {
  const db: Db = {
    kind: 'postgres',
    query: async () => {
      throw failure();
    },
    exec: async () => {
      throw failure();
    },
    copyFrom: async () => {
      throw failure();
    },
    transaction: async (work) => work(db),
    close: async () => {},
  };
  return db;
}

const SAMPLE = {
  enteId: 'estado-do-para',
  regime: 'especial' as const,
  numero: '0000001-85.2023.8.14.0301',
  beneficiarioId: 'b1',
  cancelavel: '0000004-40.2023.8.14.0301',
};

describe('internal errors', () => {
  for (const [name, failure] of [
    ['a PostgreSQL-like error', pgLikeError],
    ['a bug (TypeError)', () => new TypeError("Cannot read properties of undefined (reading 'cpf')")],
  ] as const) {
    it(`behind every operation, ${name} becomes the generic 500 and is logged in full`, async () => {
      const { app, logs } = appOver(failingDb(failure));
      let failed = 0;
      for (const op of operations()) {
        const { url, init } = requestFor(op, SAMPLE);
        const res = await app.request(url, init);
        const text = await res.text();
        if (op.template === '/api/openapi.json') {
          expect(res.status).toBe(200); // touches no database
          continue;
        }
        if (op.template === '/api/health') {
          // Health reports the failed write probe itself (issue 15): 503, the reason, nothing of the driver's text.
          expect(res.status).toBe(503);
          expect(JSON.parse(text)).toMatchObject({
            status: 'falha',
            escritas: { ok: false, tipo: 'banco-indisponivel', motivo: 'o banco recusou uma escrita de teste' },
          });
          for (const leak of LEAKS) expect(leak.test(text), `${op.template}: ${leak}`).toBe(false);
          expect(logs.at(-1)).toContain('[saúde] escritas falhando (banco-indisponivel)');
          continue;
        }
        expect([op.method, op.template, res.status]).toEqual([op.method, op.template, 500]);
        expect(JSON.parse(text)).toEqual(GENERIC_500);
        for (const leak of LEAKS) expect(leak.test(text), `${op.template}: ${leak}`).toBe(false);
        expect(text).not.toContain('52998224725');
        const line = logs.at(-1)!;
        expect(line).toContain(`[api] erro inesperado em ${op.method} ${url.split('?')[0]}`);
        expect(line).toContain(failure().message);
        if (name === 'a PostgreSQL-like error')
          expect(line).toContain('[code=42601 detail=Key (cpf)=(52998224725) already exists. position=17 where=SQL statement');
        failed++;
      }
      expect(failed).toBe(operations().length - 2);
      expect(logs.filter((l) => l.startsWith('[api]'))).toHaveLength(failed);
    });
  }
});
