// Goal (issue 15 §3): after an import commits, no read waits for the lists it changed to be
// rebuilt — the server prepared them inside the import's transaction (QueueService.prepare) — and
// what it serves then is exactly what a server that never saw the import builds from the database.
// A failed import leaves no trace: what it prepared is never served, not even when a later import
// commits the very same ente versions with other content.
// Method: an embedded registry (PGlite) behind the app; imports through POST /api/importacoes and
// through importCsv with a COMMIT made to fail; a Db that records every statement shows whether a
// read after the commit reloaded a debtor (its precatórios or their versions, by ente);
// answers are compared, body for body, with a fresh app on the same database (cold caches).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { importCsv } from '../../src/app/import-csv.ts';
import { generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import { loadCorrectionRules } from '../../src/indices/load-correction-rules.ts';
import { loadRpvLaws } from '../../src/rules/load-rule-book.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { RUN_DATE, TOKEN, demoInput, seededDb } from '../support/api.ts';
import { RULES } from '../support/rules.ts';

const csvOf = (rows: readonly (readonly string[])[]) => `${rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`;

/** Every statement run outside a transaction (reads of the server; the import's own run inside one). */
function recording(db: Db): Db & { log: string[] } {
  const log: string[] = [];
  return {
    ...db,
    log,
    query: (sql, params = []) => {
      log.push(sql);
      return db.query(sql, params);
    },
  };
}

const appOn = (db: Db) =>
  createApp({ db, rules: RULES, correctionRules: loadCorrectionRules(), rpvLaws: loadRpvLaws(), today: () => RUN_DATE, adminToken: TOKEN, indexRecheckMs: 0 });

describe('lists prepared by an import (PGlite)', () => {
  let base: Db;
  let db: Db & { log: string[] };
  let dir: string;
  beforeAll(async () => {
    base = await seededDb(demoInput(5, 0.03), await openDatabase({ pgliteDir: 'memory://' }));
    db = recording(base);
    dir = mkdtempSync(join(tmpdir(), 'listas-preparadas-'));
  }, 120_000);
  afterAll(async () => {
    await base.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the public sees: a lookup in each debtor's list (first, middle, last), its first page, and the debtors. */
  async function publicView(app: ReturnType<typeof appOn>) {
    const entes = (await (await app.request('/api/entes')).json()) as { entes: { id: string }[] };
    const ids = entes.entes.map((e) => e.id).sort();
    expect(ids.length).toBeGreaterThan(1);
    const numeros = (await base.query<{ numero: string }>(`select numero from precatorios where status = 'ativo' order by ente_id, numero`)).rows.map(
      (r) => r.numero,
    );
    const picks = [numeros[0]!, numeros[Math.floor(numeros.length / 2)]!, numeros.at(-1)!];
    const view: unknown[] = [entes];
    for (const id of ids) view.push(await (await app.request(`/api/entes/${id}/fila?tamanho=5`)).json());
    for (const n of picks) view.push(await (await app.request(`/api/precatorios/${encodeURIComponent(n)}`)).json());
    return { view, ids, picks };
  }

  it('after the COMMIT, the first reads of every changed list reload nothing and equal a cold build', async () => {
    const app = appOn(db);
    await app.queues.warm(RUN_DATE);
    const before = await publicView(app);
    const file = csvOf(generateTjpaDemo(6, 0.03));
    const res = await app.request('/api/importacoes', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
      body: file,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { novos: number; alterados: number };
    expect(report.novos + report.alterados).toBeGreaterThan(0);

    db.log.length = 0;
    const after = await publicView(app);
    // No debtor's precatórios were read again: the lists were ready at the COMMIT.
    expect(db.log.filter((sql) => /p\.ente_id = \$1|string_agg\(p\.version/.test(sql))).toEqual([]);
    expect(after.view).not.toEqual(before.view);
    // And they are what the database holds: a server that never saw the import agrees.
    expect(after.view).toEqual((await publicView(appOn(base))).view);
  }, 120_000);

  it('a failed COMMIT leaves the lists as they were, and what it prepared is never served later', async () => {
    const app = appOn(db);
    await app.queues.warm(RUN_DATE);
    const before = await publicView(app);
    const versions = async () => (await base.query<{ id: string; version: string }>('select id, version::text from entes order by id')).rows;
    const versionsBefore = await versions();

    // The import's work runs and is rolled back; its transaction then fails as a failed COMMIT would.
    const failingCommit: Db = {
      ...base,
      transaction: async (work) => {
        await base.transaction(async (tx) => {
          await work(tx);
          throw new Error('COMMIT recusado (simulado)');
        });
        throw new Error('inalcançável');
      },
    };
    const first = join(dir, 'primeiro.csv');
    writeFileSync(first, csvOf(generateTjpaDemo(7, 0.03)));
    const input = { actor: 'teste', rpvLaws: loadRpvLaws(), dates: supportedDatesToday() };
    await expect(importCsv(failingCommit, { ...input, path: first, prepareLists: (tx, entes) => app.queues.prepare(tx, entes) })).rejects.toThrow(
      'COMMIT recusado',
    );
    expect(await versions()).toEqual(versionsBefore);
    expect((await publicView(app)).view).toEqual(before.view);

    // A rejected file (422) rolls back too, and nothing moves.
    const rejected = await app.request('/api/importacoes', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
      body: 'isto,não,é,um,cabeçalho\n1,2,3,4,5\n',
    });
    expect(rejected.status).toBe(422);
    expect((await publicView(app)).view).toEqual(before.view);

    // Another file commits the same ente versions the failed import had prepared, with other
    // content and no preparation: the server must build from it, not serve what was prepared.
    const second = join(dir, 'segundo.csv');
    writeFileSync(second, csvOf(generateTjpaDemo(8, 0.03)));
    await importCsv(base, { ...input, path: second });
    const after = await publicView(app);
    expect(after.view).not.toEqual(before.view);
    expect(after.view).toEqual((await publicView(appOn(base))).view);
  }, 180_000);
});
