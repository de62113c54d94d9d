// Goal: no input reaches SQL as code. Classic injection strings — and fast-check mixtures of them —
// go into EVERY client-controlled slot of EVERY operation in the OpenAPI document (path, query, JSON
// body fields one level deep, every CSV column of the import, the Authorization header), public and
// staff (with the token). For each request: no 500; no SQL text, stack or driver name in the
// answer; and the database is untouched — unless a staff write legitimately succeeded, in which case
// it changed only the tables that route writes and the string is stored as data, exactly as sent.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { BACKENDS } from '../support/backends.ts';
import { TOKEN } from '../support/api.ts';
import { GENERATED_ENTE, appOver, peopleRegistryArb, seed } from './fixtures.ts';
import { LEAKS, afterBaseline, type Operation, type Sample, type Slot, csvRow, csvText, isTextSlot, operations, requestFor } from './operations.ts';

const SEED = 20251123;

/** Tried in every slot: the classics, and what breaks drivers rather than parsers. */
const CORE: readonly string[] = [
  "' or 1=1 --",
  "'; drop table precatorios; --",
  "1' union select cpf, nome, null from beneficiarios --",
  '$1',
  "\\'",
  '\u0000',
  '\u2019 or 1=1 --',
  '%27',
  "'".repeat(3_000),
  'x'.repeat(10_000),
];
/** Also tried in every slot that carries text (identifiers, free text, path segments). */
const MORE: readonly string[] = [
  '" or ""="',
  "') or ('a'='a",
  "'||(select string_agg(cpf, ',') from beneficiarios)||'",
  "' and pg_sleep(2) is null --",
  '$$; drop table entes; $$',
  '\\',
  '%2527',
  'a\u0000b',
  '\uFF07 or \uFF071\uFF07=\uFF071',
  '\uD800',
  '\r\n',
  '\u2028',
  '../../etc/passwd',
  'é'.repeat(3_000),
  ' ',
];
/** JSON values that are not strings, for body fields: wrong types, nesting, prototype keys. */
const NOT_STRINGS: readonly unknown[] = [
  null,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  ["' or 1=1 --"],
  { $gt: '' },
  { "' or 1=1 --": 1 },
  JSON.parse('{"__proto__": {"poluido": true}}'),
  { constructor: { prototype: { poluido: true } } },
  JSON.parse(`${'['.repeat(1_000)}${']'.repeat(1_000)}`),
];
/** Path segments sent raw: %-escapes the router must decode once, and only once. */
const RAW_PATH = ['%27%20or%201%3D1--', '%00', '%2527', '%C0%A7', '%E2%80%99', '..%2F..%2F'];
/** Fragments fast-check mixes into new strings. */
const FRAGMENTS = [
  "'",
  '"',
  ';',
  '--',
  '/*',
  ' or ',
  '1=1',
  'drop table ',
  'precatorios',
  '$1',
  '\\',
  '%27',
  '%00',
  '\u0000',
  '\u2019',
  '\uD800',
  'é',
  'select ',
  ' union ',
  '\n',
  'x',
];

/** Tables each staff route may legitimately change when it succeeds. Unknown route → none allowed. */
const WRITES: Record<string, readonly string[]> = {
  'POST /api/precatorios/{numero}/pagamentos': ['payments', 'payment_lines', 'beneficiarios', 'precatorios', 'entes', 'events'],
  'POST /api/precatorios/{numero}/cessoes': ['cessoes', 'beneficiarios', 'precatorios', 'entes', 'events', 'superpreference_grants'],
  'POST /api/precatorios/{numero}/penhoras': ['penhoras', 'precatorios', 'entes', 'events'],
  'POST /api/precatorios/{numero}/habilitacoes': ['habilitacoes', 'beneficiarios', 'precatorios', 'entes', 'events'],
  'POST /api/precatorios/{numero}/superpreferencias': ['superpreference_grants', 'precatorios', 'entes', 'events'],
  'POST /api/precatorios/{numero}/superpreferencias/revogacao': ['superpreference_grants', 'precatorios', 'entes', 'events'],
  'POST /api/precatorios/{numero}/cancelamento': ['precatorios', 'entes', 'events'],
  'POST /api/entes/{id}/financiamento': ['funding', 'events'],
  'POST /api/entes/{id}/conta-especial/depositos': ['special_account_entries', 'events'],
  'POST /api/entes/{id}/conta-especial/depositos/importacao': ['special_account_entries', 'events'],
  'POST /api/entes/{id}/conta-especial/debitos': ['special_account_entries', 'events'],
  'POST /api/entes/{id}/conta-especial/sequestros': ['special_account_entries', 'events'],
  'POST /api/entes/{id}/rcl': ['ente_rcl', 'events'],
  'POST /api/entes': ['entes', 'events'],
  'POST /api/entes/{id}/leis-rpv': ['rpv_laws', 'entes', 'events'],
  'POST /api/entes/{id}/acordos/editais': ['acordo_editais', 'events'],
  'POST /api/acordos/editais/{edital}/habilitacoes': ['acordo_habilitacoes', 'events'],
  'POST /api/acordos/editais/{edital}/chamada': [
    'payments',
    'beneficiarios',
    'precatorios',
    'entes',
    'special_account_entries',
    'acordo_habilitacoes',
    'events',
  ],
  'POST /api/importacoes': ['precatorios', 'beneficiarios', 'superpreference_grants', 'entes', 'rpv_laws', 'events'],
  'POST /api/usuarios': ['staff_users', 'events'],
  'POST /api/usuarios/{login}/revogacao': ['staff_users', 'events'],
};

interface Ctx {
  readonly db: Db;
  readonly app: ReturnType<typeof appOver>['app'];
  sample: Sample;
  /** Precatórios not cancelled yet: each successful cancellation needs a fresh one. */
  readonly cancelaveis: string[];
  /** Attack strings a legitimate write stored: later answers may show them as the data they are. */
  readonly stored: string[];
  /** Table hashes as of the last check, and the transaction counter then. */
  hashes: Map<string, string>;
  snapshot: string;
}

/** One md5 per table of the schema, in one round trip. */
async function tableHashes(db: Db): Promise<Map<string, string>> {
  const { rows: tables } = await db.query<{
    t: string;
  }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
     and table_name not in ('store_totals', 'store_probe') order by 1`); // the store's own bookkeeping (0004): every write moves totals, health writes the probe
  const sql = tables
    .map(({ t }) => `select '${t}' as t, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as h from "${t}" x`)
    .join(' union all ');
  const { rows } = await db.query<{ t: string; h: string }>(sql);
  return new Map(rows.map((r) => [r.t, r.h]));
}

/**
 * The tables changed since the last check. Reading assigns no transaction id, so while the next id
 * (xmax of pg_current_snapshot) stays put nothing was written and the tables need no hashing; when it
 * moves (a write here, or another client of the same PostgreSQL server), the hashes decide.
 */
async function changedTables(ctx: Ctx): Promise<{ changed: string[]; tables: string[] }> {
  const snapshot = (await ctx.db.query<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x')).rows[0]!.x;
  if (snapshot === ctx.snapshot) return { changed: [], tables: [...ctx.hashes.keys()] };
  const before = ctx.hashes;
  ctx.hashes = await tableHashes(ctx.db);
  ctx.snapshot = snapshot;
  return { changed: [...ctx.hashes.keys()].filter((t) => ctx.hashes.get(t) !== before.get(t)), tables: [...ctx.hashes.keys()] };
}

/**
 * Whether one of `forms` is stored in `tables` as a whole text value or a JSON string anywhere in a
 * jsonb document (the events' before/after) — one query.
 */
async function storedAsSent(db: Db, tables: readonly string[], forms: readonly string[]): Promise<boolean> {
  const { rows: columns } = await db.query<{ t: string; c: string; type: string }>(
    `select table_name as t, column_name as c, data_type as type from information_schema.columns
     where table_schema = current_schema() and table_name = any($1::text[]) and data_type in ('text', 'character varying', 'jsonb')`,
    [tables],
  );
  const sql = columns
    .map(({ t, c, type }) =>
      type === 'jsonb'
        ? `select 1 from "${t}" where exists (select 1 from jsonb_path_query("${c}", 'strict $.**') v where jsonb_typeof(v) = 'string' and v #>> '{}' = any($1::text[]))`
        : `select 1 from "${t}" where "${c}" = any($1::text[])`,
    )
    .join(' union all ');
  return (await db.query(`select exists (${sql}) as found`, [forms])).rows[0]!['found'] === true;
}

/**
 * As stored: the value itself, trimmed, or cut at a field's length limit (the actor keeps 80
 * characters); in a CSV file a lone surrogate can only travel as U+FFFD (UTF-8 has no form for it).
 */
const storedForms = (v: string) => {
  const wellFormed = v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return [...new Set([v, wellFormed].flatMap((x) => [x, x.trim(), x.slice(0, 80), x.trim().slice(0, 80)]))];
};

const key = (op: Operation) => `${op.method} ${op.template}`;

/** The body with every echo of the attack strings removed (a 404 names the número asked for, etc.). */
function withoutEcho(text: string, values: readonly unknown[]): string {
  const strings = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const escaped = strings.flatMap((v) => [JSON.stringify(v).slice(1, -1), JSON.stringify(v.trim()).slice(1, -1)]);
  // Messages quote long values cut short with an ellipsis: \"1' union select…\".
  const cut = text.replace(/\\"((?:[^"\\]|\\[^"])*?)…\\"/g, (m, inner: string) => (escaped.some((v) => v.startsWith(inner)) ? '' : m));
  const forms = [...strings.flatMap((v) => [v, v.trim()]), ...escaped].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  return forms.reduce((t, f) => t.split(f).join(''), cut).replace(/"banco":"(pglite|postgres)"/, '');
}

/** Values a client can send at all in this slot: headers refuse NUL, CR, LF, non-Latin-1; URLs lone surrogates. */
function sendable(slot: Slot, value: unknown): boolean {
  if (slot.in === 'body') return true;
  if (typeof value !== 'string') return false;
  if (slot.in === 'header') return /^[\t\x20-\x7E\x80-\xFF]*$/.test(value);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

interface Tally {
  cases: number;
  byStatus: Record<number, number>;
  writes: number;
}
const newTally = (): Tally => ({ cases: 0, byStatus: {}, writes: 0 });

/** Checks one answer and what it did to the database; `values` are the attack strings it carried. */
async function check(ctx: Ctx, op: Operation, label: string, res: Response, values: readonly unknown[], tally: Tally): Promise<void> {
  const text = await res.text();
  tally.cases++;
  tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
  expect(res.status, `${label} → ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  const scrubbed = withoutEcho(text, [...values, ...ctx.stored]);
  for (const leak of LEAKS) expect(leak.test(scrubbed), `${label} → a resposta mostra ${leak}: ${scrubbed.slice(0, 300)}`).toBe(false);
  const before = [...ctx.hashes.keys()];
  const { changed, tables } = await changedTables(ctx);
  expect(tables, `${label} → tabelas sumiram ou surgiram`).toEqual(before);
  if (changed.length === 0) return;
  // Something changed: only a staff write that succeeded may do that, in its own tables, with the
  // attack strings stored as plain data.
  expect(op.staff && res.status < 300, `${label} → ${res.status} mudou ${changed.join(', ')}`).toBe(true);
  expect(
    changed.filter((t) => !(WRITES[key(op)] ?? []).includes(t)),
    `${label} → mudou tabelas que a rota não escreve`,
  ).toEqual([]);
  tally.writes++;
  if (op.template.endsWith('/cancelamento')) ctx.sample = { ...ctx.sample, cancelavel: ctx.cancelaveis.shift()! };
}

async function attack(ctx: Ctx, op: Operation, slot: Slot, value: unknown, tally: Tally, raw = false): Promise<void> {
  if (!sendable(slot, value)) return;
  const { url, init } = requestFor(op, ctx.sample, { slot, value, raw });
  const res = await ctx.app.request(url, init);
  const label = `${key(op)} [${slot.in} ${slot.name}] ${JSON.stringify(value)?.slice(0, 60)}${raw ? ' (cru)' : ''}`;
  const writesBefore = tally.writes;
  await check(ctx, op, label, res, [value], tally);
  if (tally.writes > writesBefore && typeof value === 'string' && value.trim() !== '' && slot.in !== 'path' && slot.in !== 'query') {
    ctx.stored.push(value);
    expect(await storedAsSent(ctx.db, WRITES[key(op)]!, storedForms(value)), `${label} → gravado, mas não como o texto enviado`).toBe(true);
  }
}

/**
 * The import is row-oriented and slow to start (a worker thread per request), so its CSV columns are
 * attacked in batches: one file holds one row per (column, value), each row its own precatório.
 * Every accepted row's attacked text must then be stored exactly.
 */
async function attackImport(ctx: Ctx, op: Operation, values: readonly string[], tally: Tally): Promise<void> {
  const columns = op.slots.filter((s) => s.in === 'csv').map((s) => s.name);
  const rows = columns.flatMap((column) =>
    values.map((value, i) => {
      const row = { ...csvRow(ctx.sample), numero: `INJ-${column}-${i}` };
      return { column, value, row: { ...row, [column]: value } };
    }),
  );
  const res = await ctx.app.request(op.template, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
    body: csvText(rows.map((r) => r.row)),
  });
  const body = (await res
    .clone()
    .json()
    .catch(() => ({}))) as { rejeitadas?: { linha: number }[]; recusados?: unknown[] };
  const writesBefore = tally.writes;
  await check(ctx, op, `${key(op)} [csv, ${rows.length} linhas] ${JSON.stringify(values).slice(0, 80)}`, res, values, tally);
  if (tally.writes === writesBefore) return;
  const rejected = new Set((body.rejeitadas ?? []).map((r) => r.linha));
  ctx.stored.push(...values);
  const TEXT_COLUMNS = ['numero', 'ente_id', 'ente_nome', 'processo_origem', 'beneficiario_id', 'credor_id', 'nome'];
  for (const [i, r] of rows.entries()) {
    if (rejected.has(i + 2) || !TEXT_COLUMNS.includes(r.column) || r.value.trim() === '') continue;
    expect(
      await storedAsSent(ctx.db, WRITES[key(op)]!, storedForms(r.value)),
      `importação, coluna ${r.column}: ${JSON.stringify(r.value).slice(0, 60)} aceito mas não gravado como enviado`,
    ).toBe(true);
  }
}

/** An open alimentar precatório whose beneficiary has no recognised ground yet and a balance to pay from. */
const usableBeneficiary = (b: Precatorio['beneficiarios'][number]) =>
  b.titularidade !== 'cessionario' && !b.doencaGraveDesde && !b.deficienciaDesde && b.valorBrl.minus(b.pagoBrl).greaterThan(1_000);
const usable = (p: Precatorio) => p.natureza === 'alimentar' && p.status === 'ativo' && p.beneficiarios.some(usableBeneficiary);

const ALL = operations();
const IMPORT = ALL.find((op) => op.body === 'csv')!;
/** Slots attacked one request at a time (the import's CSV columns go in batches). */
const SLOTS = ALL.flatMap((op) => op.slots.filter((slot) => slot.in !== 'csv').map((slot) => ({ op, slot })));
/** The Authorization header is read by one function (the staff check) for every staff route: the first core strings suffice. */
const HEADER_VALUES = CORE.slice(0, 5);
/** PGlite gets every string; PostgreSQL (same SQL, other driver) the core ones, which include NUL and quotes. */
const valuesFor = (op: Operation, slot: Slot, full: boolean): readonly unknown[] =>
  slot.in === 'header' ? HEADER_VALUES : [...CORE, ...(full && isTextSlot(op, slot) ? MORE : []), ...(slot.in === 'body' ? NOT_STRINGS : [])];

for (const backend of BACKENDS) {
  describe(`SQL injection on ${backend.name}`, () => {
    let ctx: Ctx;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      const db = await backend.open();
      dispose = () => db.dispose();
      const ente = GENERATED_ENTE(3);
      const [precatorios] = fc.sample(
        peopleRegistryArb(ente, 8, 300).filter((ps) => ps.some(usable)),
        { seed: SEED, numRuns: 1 },
      );
      // The cancellation pool lives in another ente, so the lists the attacks read stay small.
      const other = GENERATED_ENTE(4);
      const [pool] = fc.sample(
        peopleRegistryArb(other, 70, 1_000).map((ps) => ps.map((p) => ({ ...p, status: 'ativo' as const, beneficiarios: p.beneficiarios.slice(0, 1) }))),
        { seed: SEED, numRuns: 1 },
      );
      await seed(db, [ente, other], [...precatorios!, ...pool!]);
      const p = precatorios!.find(usable)!;
      const cancelaveis = pool!.map((x) => x.numero);
      const sample: Sample = {
        enteId: ente.id,
        regime: ente.regime,
        numero: p.numero,
        beneficiarioId: p.beneficiarios.find(usableBeneficiary)!.id,
        cancelavel: cancelaveis.shift()!,
      };
      ctx = { db, app: appOver(db).app, sample, cancelaveis, stored: [], hashes: await tableHashes(db), snapshot: '' };
      await changedTables(ctx);
    }, 90_000);
    afterAll(async () => {
      await dispose?.();
    });

    it('derives every operation and slot from the API description, and the valid baselines succeed (so attacks reach the code behind the attacked slot)', async () => {
      expect(ALL.length).toBeGreaterThanOrEqual(20);
      expect(SLOTS.length + IMPORT.slots.length).toBeGreaterThan(100);
      for (const op of ALL) {
        const { url, init } = requestFor(op, ctx.sample);
        const res = await ctx.app.request(url, init);
        // No index series is loaded in this registry: its 404 is the valid answer. A restore writes
        // only into an empty registry, and this one is not: its refusal (422) is the valid answer
        // (restores themselves: test/app/registry-client.contract.test.ts).
        // An acordo route may refuse the sample's state after validation (a regime-geral ente, a face-valued
        // credit: 422; no edital opened: 404) — the attacked slots still reach the use case behind it.
        const acordo = op.template.includes('/acordos/') && (res.status === 422 || res.status === 404 || res.status === 409);
        const expected =
          (op.template === '/api/indices/{serie}' && res.status === 404) || (op.template === '/api/backup/restauracao' && res.status === 422) || acordo;
        const text = await res.text();
        expect([key(op), res.status < 300 || expected], text).toEqual([key(op), true]);
        ctx.sample = afterBaseline(op, ctx.sample, text);
        if (op.template.endsWith('/cancelamento')) ctx.sample = { ...ctx.sample, cancelavel: ctx.cancelaveis.shift()! };
      }
      await changedTables(ctx);
    });

    it('classic strings and non-string JSON in every slot: no 500, no leak, data untouched or stored verbatim', async () => {
      await changedTables(ctx);
      const tally = newTally();
      const full = backend.name === 'pglite';
      for (const { op, slot } of SLOTS) {
        for (const value of valuesFor(op, slot, full)) await attack(ctx, op, slot, value, tally);
        if (slot.in === 'path') for (const value of RAW_PATH) await attack(ctx, op, slot, value, tally, true);
      }
      // The import's CSV columns: printable strings in one file; control characters and broken
      // Unicode each in a file of their own (a file may be refused as a whole for them).
      const strings = full ? [...CORE, ...MORE] : CORE;
      const printable = strings.filter((v) => !/[\u0000-\u001F\uD800-\uDFFF\u2028]/.test(v));
      await attackImport(ctx, IMPORT, printable, tally);
      for (const value of strings.filter((v) => !printable.includes(v))) await attackImport(ctx, IMPORT, [value], tally);
      expect(({} as Record<string, unknown>)['poluido']).toBeUndefined();
      const imports = 1 + strings.length - printable.length;
      console.log(
        `injeção (${backend.name}): ${tally.cases - imports} requisições + ${IMPORT.slots.filter((s) => s.in === 'csv').length * strings.length} células CSV em ${imports} importações, ${tally.writes} escritas legítimas da equipe; status ${JSON.stringify(tally.byStatus)}`,
      );
      // Nothing skipped silently: every sendable value reached every slot.
      const expected = SLOTS.reduce(
        (n, { op, slot }) => n + valuesFor(op, slot, full).filter((v) => sendable(slot, v)).length + (slot.in === 'path' ? RAW_PATH.length : 0),
        0,
      );
      expect(tally.cases).toBe(expected + imports);
      expect(tally.writes).toBeGreaterThan(10);
    }, 600_000);

    it('fast-check mixtures of injection fragments in a random slot', async () => {
      await changedTables(ctx);
      const tally = newTally();
      const mixture = fc.oneof(
        fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
        fc.string({ unit: 'binary', maxLength: 40 }),
      );
      const slots = SLOTS.filter(({ op }) => op !== IMPORT);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...slots), mixture, async ({ op, slot }, value) => {
          await attack(ctx, op, slot, value, tally);
        }),
        { seed: SEED, numRuns: backend.name === 'pglite' ? 200 : 100 },
      );
      console.log(`injeção (${backend.name}): ${tally.cases} misturas fast-check`);
    }, 600_000);
  });
}
