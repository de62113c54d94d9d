// Goal: an import never erases what staff registered (issue 9). Before the fix, re-importing a
// changed row deleted and re-inserted the precatório's beneficiaries, and payments (ON DELETE
// CASCADE), cessionários and staff grants vanished with them. The rule now: a precatório changed by
// staff since its last import is not overwritten — the import reports it, in Portuguese — unless the
// file already shows the registry's current state (then it is simply unchanged).
// Method: a model-based property on both backends. Random sequences of staff writes (payments,
// cessões, grants, cancelamentos) and imports of files that change random precatórios run against
// a fresh registry and against a small model of the rule; after every step the registry must agree
// with the model. Plus worked examples, and the migration that marks rows written before it.
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.ts';
import { money, sum } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { timeline } from '../../src/domain/rules/timeline.ts';
import type { Db } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openPglite } from '../../src/storage/pglite-db.ts';
import { type ImportRefusal, RegistryImport, eventsOf, findPrecatorio, importRegistry } from '../../src/storage/registry-store.ts';
import { cancelPrecatorio, grantSuperpreference, registerCessao, registerPayment } from '../../src/storage/registry-writes.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS } from '../support/backends.ts';

const INPUT = demoInput(7, 0.03);
/** Open, alimentar precatórios whose first beneficiary is an originário with no grant and some balance. */
const POOL = INPUT.precatorios
  .filter((p) => {
    const b = p.beneficiarios[0]!;
    return (
      p.status === 'ativo' &&
      p.natureza === 'alimentar' &&
      b.titularidade === 'originario' &&
      !b.doencaGraveDesde &&
      !b.deficienciaDesde &&
      b.valorBrl.minus(b.pagoBrl).greaterThan(1000)
    );
  })
  .slice(0, 5);

async function importFile(db: Db, precatorios: readonly Precatorio[], actor = 'importação-teste') {
  return db.transaction(async (tx) => {
    const run = new RegistryImport(tx, actor);
    await run.addBatch({ entes: [], precatorios });
    return { counts: await run.finish(), refused: [...run.refused] };
  });
}

type Op =
  | { readonly kind: 'pay' | 'cede'; readonly i: number; readonly permille: number }
  | { readonly kind: 'grant' | 'cancel'; readonly i: number }
  | { readonly kind: 'import'; readonly changed: readonly number[] }
  | { readonly kind: 'import-current'; readonly i: number };

const indexArb = fc.integer({ min: 0, max: POOL.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pay' as const), i: indexArb, permille: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('cede' as const), i: indexArb, permille: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('grant' as const), i: indexArb }),
  fc.record({ kind: fc.constant('cancel' as const), i: indexArb }),
  { arbitrary: fc.record({ kind: fc.constant('import' as const), changed: fc.uniqueArray(indexArb, { maxLength: POOL.length }) }), weight: 3 },
  fc.record({ kind: fc.constant('import-current' as const), i: indexArb }),
);

/** What the rule predicts, per pool precatório. */
interface Model {
  touched: boolean[];
  processo: string[];
  paidCents: number[];
  cededCents: number[];
  cessoes: number[];
  granted: boolean[];
  cancelled: boolean[];
  reimports: number[];
  staffEvents: number[];
  /** Events already in the (append-only) log when the run started. */
  eventsBefore: { reimports: number; staff: number }[];
}

const add = (counts: number[], i: number, n: number) => {
  counts[i] = counts[i]! + n;
};
const cents = (m: { toFixed(n: number): string }) => Math.round(Number(m.toFixed(2)) * 100);
const brl = (c: number) => money((c / 100).toFixed(2));

/** Counts what the runs exercised, so the law cannot pass on runs that never met a conflict. */
interface Seen {
  n: number;
  refused: number;
  replaced: number;
  caughtUp: number;
}

async function step(db: Db, model: Model, op: Op, counter: Seen): Promise<void> {
  const base = (i: number) => POOL[i]!;
  const b0 = (i: number) => base(i).beneficiarios[0]!;
  const saldoCents = (i: number) => cents(b0(i).valorBrl) - model.cededCents[i]! - cents(b0(i).pagoBrl) - model.paidCents[i]!;
  const staff = { actor: 'servidora', paidOn: isoDate('2025-11-20') };
  switch (op.kind) {
    case 'pay':
    case 'cede': {
      const amount = Math.max(1, Math.floor((saldoCents(op.i) * op.permille) / 1000));
      if (model.cancelled[op.i] || saldoCents(op.i) < amount) return;
      if (op.kind === 'pay') {
        await db.transaction((tx) =>
          registerPayment(tx, { ...staff, numero: base(op.i).numero, beneficiarioId: b0(op.i).id, amountBrl: brl(amount), kind: 'cronologica' }),
        );
        add(model.paidCents, op.i, amount);
      } else {
        await db.transaction((tx) =>
          registerCessao(tx, {
            ...staff,
            numero: base(op.i).numero,
            cedenteId: b0(op.i).id,
            amountBrl: brl(amount),
            cessionarioCredorId: `fundo-${op.i}`,
            onDate: staff.paidOn,
          }),
        );
        add(model.cededCents, op.i, amount);
        add(model.cessoes, op.i, 1);
      }
      break;
    }
    case 'grant':
      if (model.cancelled[op.i] || model.granted[op.i]) return;
      await db.transaction((tx) =>
        grantSuperpreference(tx, {
          ...staff,
          numero: base(op.i).numero,
          beneficiarioId: b0(op.i).id,
          ground: 'doenca-grave',
          grantedOn: isoDate('2025-06-01'),
        }),
      );
      model.granted[op.i] = true;
      break;
    case 'cancel':
      if (model.cancelled[op.i]) return;
      await db.transaction((tx) => cancelPrecatorio(tx, { actor: staff.actor, numero: base(op.i).numero, motivo: 'teste de cancelamento' }));
      model.cancelled[op.i] = true;
      break;
    case 'import': {
      // Every pool precatório is in the file: the changed ones with a new processo de origem, the
      // others exactly as last written by an import (so their hash is unchanged).
      const fresh = new Map(op.changed.map((i) => [i, `proc-teste-${++counter.n}`]));
      const file = POOL.map((p, i) => ({ ...p, processoOrigem: fresh.get(i) ?? model.processo[i] }));
      const { counts, refused } = await importFile(db, file);
      const refusedExpected = op.changed.filter((i) => model.touched[i]);
      const replacedExpected = op.changed.filter((i) => !model.touched[i]);
      expect(counts).toEqual({ inserted: 0, updated: replacedExpected.length, unchanged: POOL.length - op.changed.length });
      expect(refused.map((r) => r.numero).sort()).toEqual(refusedExpected.map((i) => base(i).numero).sort());
      for (const r of refused)
        expect(r.motivo).toMatch(
          new RegExp(
            `^precatório ${r.numero.replace(/\./g, '\\.')}: alterado pela equipe depois da última importação \\((pagamento|cessao|superpreferencia|cancelado)`,
          ),
        );
      counter.refused += refused.length;
      counter.replaced += replacedExpected.length;
      for (const i of replacedExpected) {
        model.processo[i] = fresh.get(i)!;
        add(model.reimports, i, 1);
      }
      return;
    }
    case 'import-current': {
      // A file that already shows everything staff did is not a conflict: nothing changes.
      const current = (await findPrecatorio(db, base(op.i).numero))!.precatorio;
      const { counts, refused } = await importFile(db, [current]);
      expect(refused).toEqual([]);
      expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      if (model.touched[op.i]) counter.caughtUp += 1;
      return;
    }
  }
  model.touched[op.i] = true;
  add(model.staffEvents, op.i, 1);
}

async function expectAgreement(db: Db, model: Model): Promise<void> {
  for (const [i, p] of POOL.entries()) {
    const stored = (await findPrecatorio(db, p.numero))!.precatorio;
    const b = stored.beneficiarios.find((x) => x.id === p.beneficiarios[0]!.id)!;
    // No payment vanished: the payment rows and the beneficiary's `pago` both hold every payment.
    const { rows } = await db.query<{ amount: string }>('select amount::text as amount from payments where precatorio_numero = $1', [p.numero]);
    expect(cents(sum(rows.map((r) => money(r.amount))))).toBe(model.paidCents[i]);
    expect(cents(b.pagoBrl)).toBe(cents(p.beneficiarios[0]!.pagoBrl) + model.paidCents[i]!);
    // Nor a cessão: the cedente's share went down and each cessionário is still there.
    expect(cents(b.valorBrl)).toBe(cents(p.beneficiarios[0]!.valorBrl) - model.cededCents[i]!);
    expect(stored.beneficiarios.filter((x) => x.titularidade === 'cessionario' && x.id.startsWith(`${b.id}-c`)).length).toBe(model.cessoes[i]);
    expect(Boolean(b.doencaGraveDesde)).toBe(model.granted[i]);
    expect(stored.status).toBe(model.cancelled[i] ? 'cancelado' : p.status);
    expect(stored.processoOrigem).toBe(model.processo[i]);
    const events = await eventCounts(db, p.numero);
    expect(events.reimports - model.eventsBefore[i]!.reimports).toBe(model.reimports[i]);
    expect(events.staff - model.eventsBefore[i]!.staff).toBe(model.staffEvents[i]);
  }
}

async function eventCounts(db: Db, numero: string): Promise<{ reimports: number; staff: number }> {
  const kinds = (await eventsOf(db, numero)).map((e) => e.kind);
  return { reimports: kinds.filter((k) => k === 'reimportado').length, staff: kinds.filter((k) => k !== 'importado' && k !== 'reimportado').length };
}

/**
 * Puts the pool back as first imported, so that one database serves every run (opening PGlite is
 * the slow part). Test-only: nothing in the application deletes a precatório; the event log keeps
 * growing, so the model counts events from here.
 */
async function resetPool(db: Db): Promise<Model> {
  const numeros = POOL.map((p) => p.numero);
  await db.transaction(async (tx) => {
    await tx.query('delete from cessoes where precatorio_numero = any($1::text[])', [numeros]);
    await tx.query('delete from precatorios where numero = any($1::text[])', [numeros]);
  });
  expect((await importFile(db, POOL)).counts).toEqual({ inserted: POOL.length, updated: 0, unchanged: 0 });
  return {
    touched: POOL.map(() => false),
    processo: POOL.map((p) => p.processoOrigem ?? ''),
    paidCents: POOL.map(() => 0),
    cededCents: POOL.map(() => 0),
    cessoes: POOL.map(() => 0),
    granted: POOL.map(() => false),
    cancelled: POOL.map(() => false),
    reimports: POOL.map(() => 0),
    staffEvents: POOL.map(() => 0),
    eventsBefore: await Promise.all(numeros.map((n) => eventCounts(db, n))),
  };
}

describe.each(BACKENDS)('imports keep staff writes on $name', (backend) => {
  it('law: whatever staff writes and imports interleave, the registry agrees with the rule — changed-by-staff precatórios are refused, the rest replaced, nothing staff wrote is lost', async () => {
    expect(POOL.length).toBe(5);
    const counter: Seen = { n: 0, refused: 0, replaced: 0, caughtUp: 0 };
    const db = await backend.open();
    try {
      await db.transaction((tx) => importRegistry(tx, INPUT, 'teste'));
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 2, maxLength: 10 }), async (ops) => {
          const model = await resetPool(db);
          for (const op of ops) {
            await step(db, model, op, counter);
            await expectAgreement(db, model);
          }
        }),
        { seed: 20251123, numRuns: 20, endOnFailure: true },
      );
      expect(counter.refused).toBeGreaterThan(5);
      expect(counter.replaced).toBeGreaterThan(5);
      expect(counter.caughtUp).toBeGreaterThan(0);
    } finally {
      await db.dispose();
    }
  }, 180_000);

  describe('worked example', () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    beforeAll(async () => {
      db = await backend.open();
      await db.transaction((tx) => importRegistry(tx, INPUT, 'teste'));
    }, 120_000);
    afterAll(async () => {
      await db.dispose();
    });

    it('a payment survives a changed file, the refusal names the precatório and the payment, and the untouched row is still updated', async () => {
      const [paid, untouched] = [POOL[0]!, POOL[1]!];
      await db.transaction((tx) =>
        registerPayment(tx, {
          numero: paid.numero,
          actor: 'servidora',
          beneficiarioId: paid.beneficiarios[0]!.id,
          amountBrl: money('250.00'),
          kind: 'cronologica',
          paidOn: isoDate('2025-11-20'),
        }),
      );
      const { counts, refused } = await importFile(db, [
        { ...paid, processoOrigem: 'proc-novo-1' },
        { ...untouched, processoOrigem: 'proc-novo-2' },
      ]);
      expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(refused).toEqual<ImportRefusal[]>([
        {
          numero: paid.numero,
          motivo: `precatório ${paid.numero}: alterado pela equipe depois da última importação (pagamento-cronologica); não foi sobrescrito, para não apagar pagamentos, cessões ou decisões já registrados — importe um arquivo que já traga essas alterações, ou altere-o pela API da equipe`,
        },
      ]);
      const stored = (await findPrecatorio(db, paid.numero))!.precatorio;
      expect(stored.beneficiarios[0]!.pagoBrl.toFixed(2)).toBe(paid.beneficiarios[0]!.pagoBrl.plus(250).toFixed(2));
      expect(stored.processoOrigem).toBe(paid.processoOrigem);
      expect((await findPrecatorio(db, untouched.numero))!.precatorio.processoOrigem).toBe('proc-novo-2');
    });

    it('an ente renamed by the file is written at the end of the import with an event; a changed RPV law moves the ente version (its cached lists are rebuilt)', async () => {
      const ente = INPUT.entes.find((e) => e.rpvLaws && e.rpvLaws.length > 0)!;
      const versionOf = async () => Number((await db.query<{ v: string }>('select version::text as v from entes where id = $1', [ente.id])).rows[0]!.v);
      const enteEvents = async () =>
        (
          await db.query<{ kind: string; nome: string | null }>(
            `select kind, after->>'nome' as nome from events where ente_id = $1 and precatorio_numero is null order by id`,
            [ente.id],
          )
        ).rows;
      const importEntes = (entes: readonly (typeof ente)[]) =>
        db.transaction(async (tx) => {
          const run = new RegistryImport(tx, 'importação-teste');
          await run.addBatch({ entes, precatorios: [] });
          return run.finish();
        });
      const v0 = await versionOf();
      await importEntes([ente]);
      expect(await versionOf()).toBe(v0);
      await importEntes([{ ...ente, nome: `${ente.nome} (novo nome)` }]);
      expect(await versionOf()).toBe(v0 + 1);
      expect((await enteEvents()).at(-1)).toEqual({ kind: 'ente-alterado', nome: `${ente.nome} (novo nome)` });
      const [first, ...rest] = ente.rpvLaws!;
      const changedLaws = timeline([{ ...first!, legalBasis: `${first!.legalBasis} (texto revisto)` }, ...rest]);
      await importEntes([{ ...ente, nome: `${ente.nome} (novo nome)`, rpvLaws: changedLaws }]);
      expect(await versionOf()).toBe(v0 + 2);
      expect((await enteEvents()).filter((e) => e.kind === 'ente-alterado')).toHaveLength(1);
    });

    it('re-importing the original file after staff writes changes nothing (same content hash)', async () => {
      const { counts, refused } = await importFile(db, INPUT.precatorios);
      expect(refused).toEqual([]);
      // POOL[1] was changed by the previous file: the original is a change back, and staff never touched it.
      expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: INPUT.precatorios.length - 1 });
    });
  });
});

describe('migration 0002 on a registry written before it', () => {
  it('marks precatórios with staff events as changed by staff, and the next import refuses them', async () => {
    const only0001 = mkdtempSync(join(tmpdir(), 'migracoes-'));
    const migrations = fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));
    copyFileSync(join(migrations, '0001_init.sql'), join(only0001, '0001_init.sql'));
    const db = await openPglite('memory://');
    try {
      await migrate(db, `${only0001}/`);
      // The import of before 0002 wrote no imported_version: write the rows as it did.
      const [paid, untouched] = [POOL[2]!, POOL[3]!];
      const laterColumns = await db.query(
        `select column_name from information_schema.columns where table_name = 'precatorios' and column_name = 'imported_version'`,
      );
      expect(laterColumns.rows).toEqual([]);
      await db.query(`insert into entes (id, nome, esfera, regime) values ($1, 'x', 'estadual', 'especial')`, [paid.enteId]);
      for (const p of [paid, untouched]) {
        await db.query(
          `insert into precatorios (numero, ente_id, regime, natureza, apresentado_em, valor_requisitado, status, import_hash) values ($1, $2, $3, $4, now(), 100, 'ativo', 'velho')`,
          [p.numero, p.enteId, p.regime, p.natureza],
        );
        await db.query(`insert into events (actor, kind, precatorio_numero) values ('teste', 'importado', $1)`, [p.numero]);
      }
      await db.query(`update precatorios set version = 2 where numero = $1`, [paid.numero]);
      await db.query(`insert into events (actor, kind, precatorio_numero) values ('servidora', 'pagamento-cronologica', $1)`, [paid.numero]);
      expect(await migrate(db)).toContain('0002'); // and any later migration
      const { rows } = await db.query<{ numero: string; version: string; imported_version: string | null }>(
        'select numero, version::text as version, imported_version::text as imported_version from precatorios order by numero',
      );
      expect(Object.fromEntries(rows.map((r) => [r.numero, [r.version, r.imported_version]]))).toEqual({
        [paid.numero]: ['2', null],
        [untouched.numero]: ['1', '1'],
      });
      const { counts, refused } = await importFile(db, [paid, untouched]);
      expect(refused.map((r) => r.numero)).toEqual([paid.numero]);
      expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    } finally {
      await db.close();
      rmSync(only0001, { recursive: true, force: true });
    }
  });
});
