// Goal: the law "restore(export(R)) has the content hash of R" for generated registries, not only
// for the demo: odd text (quotes, backslashes, newlines, emoji, SQL), mixed-case keys whose order
// depends on the collation, NUMERIC at its limits, microsecond instants, arbitrary JSON in events.
// Method: fast-check (seeded, 12 runs). Each registry lives in a fresh schema: of one PGlite (C
// collation), or of a PostgreSQL database created with an ICU collation (en-US: 'a' < 'B'), so a
// backup that ordered rows by the database collation would fail. Runs alternate the direction
// (PGlite → PostgreSQL, PostgreSQL → PGlite); without DATABASE_URL, PGlite → PGlite.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { exportRegistry, registryContentHash, restoreRegistry } from '../../src/storage/backup.ts';
import type { Db } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { isoDateArb, precatorioArb } from '../support/arbitraries.ts';

const url = process.env['DATABASE_URL'] || undefined;
const icuDatabase = `backup_prop_${randomBytes(4).toString('hex')}`;
const work = mkdtempSync(join(tmpdir(), 'backup-prop-'));
let pglite: Db;

beforeAll(async () => {
  pglite = await openDatabase({ pgliteDir: 'memory://' });
  if (url) await adminQuery(`create database ${icuDatabase} template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`);
}, 60_000);
afterAll(async () => {
  await pglite?.close();
  if (url) await adminQuery(`drop database if exists ${icuDatabase}`);
  rmSync(work, { recursive: true, force: true });
});

function icuUrl(base: string): string {
  const u = new URL(base);
  u.pathname = `/${icuDatabase}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated registry in a new schema of the shared PGlite (its one session's search_path). */
async function pgliteSchema(name: string): Promise<Db> {
  await pglite.exec(`create schema ${name}; set search_path = ${name}`);
  await migrate(pglite);
  return pglite;
}

const noNul = (s: string) => !s.includes('\u0000');
const textArb = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('"', '\\', '\n', '\r\n', '\u2028', 'ç', 'É', '😀', '{"a": 1}', "'; drop table entes; --", 'null', ''),
  )
  .filter(noNul);
/** Keys in mixed case, with hyphens and spaces: their C order differs from the ICU order. */
const keyArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,6}$/);
const centsText = (maxIntegerDigits: number) =>
  fc
    .tuple(fc.bigInt(0n, 10n ** BigInt(maxIntegerDigits) - 1n), fc.integer({ min: 0, max: 99 }))
    .map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`)
    .filter((t) => t !== '0.00');
/** An instant with microseconds, 1900–2100, as UTC text with offset. */
const instantArb = fc.bigInt(-2_208_988_800_000_000n, 4_102_444_800_000_000n).map((us) => {
  const ms = Number(us / 1000n);
  const micros = String(((us % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}+00`;
});

const registryArb = fc
  .record({
    entes: fc.uniqueArray(
      fc.record({ id: keyArb, nome: textArb, esfera: fc.constantFrom('uniao', 'estadual', 'municipal'), regime: fc.constantFrom('geral', 'especial') }),
      { minLength: 1, maxLength: 3, selector: (e) => e.id },
    ),
    perEnte: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }),
    names: fc.array(textArb, { minLength: 12, maxLength: 12 }),
    series: fc.uniqueArray(
      fc.record({
        series: keyArb,
        month: fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
        rate: fc
          .tuple(fc.boolean(), fc.bigInt(0n, 99_999n), fc.bigInt(0n, 99_999_999n))
          .map(([neg, i, f]) => `${neg ? '-' : ''}${i}.${String(f).padStart(8, '0')}`),
      }),
      { maxLength: 6, selector: (s) => `${s.series}\u0001${s.month}` },
    ),
    events: fc.array(
      fc.record({
        at: instantArb,
        actor: textArb,
        kind: textArb,
        after: fc.option(
          fc
            .jsonValue({ stringUnit: 'grapheme', maxDepth: 2 })
            .map((v) => JSON.stringify(v))
            .filter((j) => j !== undefined && !j.includes('\\u0000')),
          { nil: null },
        ),
      }),
      { maxLength: 4 },
    ),
    amounts: fc.array(centsText(16), { minLength: 6, maxLength: 6 }),
    dates: fc.array(isoDateArb(1995, 2035), { minLength: 6, maxLength: 6 }),
    rpvAmount: fc.tuple(fc.bigInt(0n, 10n ** 14n - 1n), fc.integer({ min: 0, max: 9999 })).map(([u, f]) => `${u}.${String(f).padStart(4, '0')}`),
    share: fc.integer({ min: 5000, max: 10000 }).map((n) => (n / 10000).toFixed(4)),
  })
  .chain((r) => {
    let index = 0;
    const precatorios = r.entes.flatMap((e, i) => Array.from({ length: r.perEnte[i]! }, () => precatorioArb(e.id, e.regime as EnteDevedor['regime'], ++index)));
    return fc.tuple(...precatorios).map((ps) => ({ ...r, precatorios: ps as Precatorio[] }));
  });

type Registry = typeof registryArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes a generated registry: entes and precatórios through the import, the other tables as SQL. */
async function seed(db: Db, r: Registry): Promise<void> {
  const entes = r.entes.map((e) => ({ ...e, esfera: e.esfera as EnteDevedor['esfera'], regime: e.regime as EnteDevedor['regime'] }));
  const precatorios = r.precatorios.map((p, i) => ({
    ...p,
    beneficiarios: p.beneficiarios.map((b, j) => ({ ...b, nome: r.names[(i + j) % r.names.length], cpf: r.names[(i + j + 1) % r.names.length] })),
  }));
  await db.transaction(async (tx) => {
    await importRegistry(tx, { entes, precatorios }, r.names[0]!);
    const ente = entes[0]!.id;
    await tx.query(
      `insert into rpv_laws (ente_id, valid_from, kind, amount, legal_basis) values ($1, $2, 'valor-fixo', $3, $4), ($1, $5, 'teto-rgps', null, $6)`,
      [ente, r.dates[0], r.rpvAmount, r.names[1], r.dates[1] === r.dates[0] ? '1994-01-01' : r.dates[1], r.names[2]],
    );
    await tx.query(`insert into funding (ente_id, valid_from, kind, amount, chronological_share, legal_basis) values ($1, $2, 'deposito-mensal', $3, $4, $5)`, [
      ente,
      r.dates[2],
      r.amounts[1],
      r.share,
      r.names[3],
    ]);
    for (const s of r.series) await tx.query('insert into index_series (series, month, rate_pct) values ($1, $2, $3)', [s.series, s.month, s.rate]);
    for (const e of r.events)
      await tx.query('insert into events (at, actor, kind, ente_id, after) values ($1, $2, $3, $4, $5::jsonb)', [e.at, e.actor, e.kind, ente, e.after]);
    const holder = precatorios[0]?.beneficiarios[0];
    if (holder) {
      const numero = precatorios[0]!.numero;
      await tx.query(`insert into payments (precatorio_numero, beneficiario_id, paid_on, amount, kind, actor) values ($1, $2, $3, $4, 'acordo', $5)`, [
        numero,
        holder.id,
        r.dates[3],
        r.amounts[2],
        r.names[4],
      ]);
      await tx.query(`insert into penhoras (precatorio_numero, beneficiario_id, amount, on_date, origem, actor) values ($1, $2, $3, $4, $5, $6)`, [
        numero,
        holder.id,
        r.amounts[3],
        r.dates[4],
        r.names[5],
        r.names[6],
      ]);
      await tx.query(`insert into cessoes (precatorio_numero, cedente_id, cessionario_id, amount, on_date, actor) values ($1, $2, $3, $4, $5, $6)`, [
        numero,
        holder.id,
        r.names[7],
        r.amounts[4],
        r.dates[5],
        r.names[8],
      ]);
    }
  });
}

describe('full backup, generated registries', () => {
  it('round-trips: restore(export(R)) has the content hash of R, between PGlite and an ICU-collated PostgreSQL', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(registryArb, async (registry) => {
        run += 1;
        const fromPostgres = url !== undefined && run % 2 === 0;
        const open = async (name: string, postgres: boolean) => (postgres ? openDatabase({ databaseUrl: icuUrl(url!), pgSchema: name }) : pgliteSchema(name));
        const source = await open(`src_${run}`, fromPostgres);
        try {
          await seed(source, registry);
          const hash = await registryContentHash(source);
          const folder = join(work, `run-${run}`);
          expect((await exportRegistry(source, folder)).hashConteudo).toBe(hash);
          const target = await open(`dst_${run}`, url !== undefined && !fromPostgres);
          try {
            expect((await restoreRegistry(target, folder)).hashConteudo).toBe(hash);
            expect(await registryContentHash(target)).toBe(hash);
          } finally {
            if (target !== pglite) await target.close();
          }
        } finally {
          if (source !== pglite) await source.close();
        }
      }),
      { numRuns: 12, seed: 20251123, interruptAfterTimeLimit: 25_000, markInterruptAsFailure: true },
    );
  });
});
