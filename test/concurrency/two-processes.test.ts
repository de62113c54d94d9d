// Goal (issue 9, "Concurrency and load"): two API processes on one PostgreSQL never lose an update.
// Concurrent payments, cessões, grants and imports on the same precatório, sent as real HTTP
// requests to both processes at once: exactly the writes that fit succeed, losers get a 4xx with a
// Portuguese reason (a stale version: 409), the event log holds exactly the successful writes, in a
// consistent chain, and a read on one process reflects a write just made on the other.
// Method: two `precatorios servir` children started together on a fresh, empty database (both
// migrate it and load the demo registry at the same moment), then seeded random rounds of concurrent
// requests, each checked against the database afterwards. A third process (the CLI `importar`) joins
// at the end. Runs only with PostgreSQL (DATABASE_URL;
// REQUIRE_POSTGRES=1 makes its absence fail in CI). Runtime ≈ 30–60 s, mostly the two server starts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import { seededRandom, seededShuffle } from '../../src/demo/random.ts';
import { money } from '../../src/domain/money.ts';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { findPrecatorio } from '../../src/storage/registry-store.ts';
import { createStaffUser } from '../../src/storage/staff-users.ts';
import { demoInput } from '../support/api.ts';
import '../support/backends.ts'; // REQUIRE_POSTGRES=1 without DATABASE_URL fails here
import { BIN, ROOT, type Server, freshDatabase, startServer } from './servers.ts';

const url = process.env['DATABASE_URL'];
const MIGRATIONS = fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));
const TOKEN = 'token-da-equipe-concorrencia';
const SEED = 20251123;
/** What `servir` loads into an empty database. */
const DEMO_SCALE = 1;
const ROUNDS = 6;

/** The demo registry as CSV rows, to build import files of chosen precatórios. */
const [HEADER, ...DEMO_ROWS] = generateTjpaDemo(DEMO_SEED, DEMO_SCALE);
function csvOf(numeros: readonly string[], processo: (numero: string) => string): string {
  const col = (name: string) => HEADER!.indexOf(name);
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const rows = DEMO_ROWS.filter((r) => numeros.includes(r[col('numero')]!)).map((r) =>
    r.map((cell, i) => (i === col('processo_origem') ? processo(r[col('numero')]!) : cell)),
  );
  return `${[HEADER!, ...rows].map((r) => r.map(quote).join(',')).join('\n')}\n`;
}

interface Reply {
  readonly status: number;
  readonly body: any;
}

describe.skipIf(!url)('two API processes on one PostgreSQL', () => {
  const input = demoInput(DEMO_SEED, DEMO_SCALE);
  let database: { url: string; drop(): Promise<void> };
  let db: Db;
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    database = await freshDatabase(url!, `conc_${randomBytes(5).toString('hex')}`);
    const env = {
      DATABASE_URL: database.url,
      PRECATORIOS_ADMIN_TOKEN: TOKEN,
      // Limits of public requests (another helper's rate limit) are not what this test is about.
      PRECATORIOS_LIMITE_CONSULTAS: 'desligado',
      PRECATORIOS_LIMITE_SIMULACOES: 'desligado',
    };
    // Both start on the empty database at once: each migrates it and loads the demo if empty.
    [a, b] = await Promise.all([startServer(env, { demo: true }), startServer(env, { demo: true })]);
    db = await openDatabase({ databaseUrl: database.url });
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.close();
    await database?.drop();
  });

  // Each write is made by a user of its own (created in the database both servers share), so every
  // event can be traced to the request that made it by its authenticated actor.
  const tokens = new Map<string, string>();
  async function createUsers(actors: readonly string[]): Promise<void> {
    for (const login of actors.filter((x) => !tokens.has(x))) {
      tokens.set(login, (await db.transaction((tx) => createStaffUser(tx, { login, role: 'equipe', actor: 'teste' }))).token);
    }
  }
  const staff = (actor: string) => {
    const token = tokens.get(actor);
    if (!token) throw new Error(`usuário ${actor} não criado`);
    return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  };
  async function post(server: Server, path: string, actor: string, body: unknown): Promise<Reply> {
    const res = await fetch(`${server.base}${path}`, { method: 'POST', headers: staff(actor), body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }
  async function importCsv(server: Server, actor: string, csv: string): Promise<Reply> {
    const res = await fetch(`${server.base}/api/importacoes`, { method: 'POST', headers: { ...staff(actor), 'content-type': 'text/csv' }, body: csv });
    return { status: res.status, body: await res.json() };
  }
  // Reads as staff: the precatório's `versao` is staff-only since issue 15 §4 (a version that moves
  // with no public event would tell of a superpreference decision).
  async function get(server: Server, path: string): Promise<Reply> {
    await createUsers(['leitor']);
    const res = await fetch(`${server.base}${path}`, { headers: { authorization: staff('leitor').authorization } });
    return { status: res.status, body: await res.json() };
  }

  const cents = (text: string) => Math.round(Number(text) * 100);
  const brl = (c: number) => (c / 100).toFixed(2);

  /** Open alimentar precatórios whose first beneficiary is an originário without a grant: one per round, never reused. */
  const candidates = seededShuffle(
    input.precatorios.filter((p) => {
      const x = p.beneficiarios[0]!;
      return (
        p.status === 'ativo' &&
        p.natureza === 'alimentar' &&
        x.titularidade === 'originario' &&
        !x.doencaGraveDesde &&
        !x.deficienciaDesde &&
        x.valorBrl.minus(x.pagoBrl).greaterThan(5000)
      );
    }),
    SEED,
  );
  let nextCandidate = 0;
  const take = () => candidates[nextCandidate++]!;

  const dbState = async (numero: string) => (await findPrecatorio(db, numero))!;
  const eventsSince = async (numero: string, afterId: number) =>
    (
      await db.query<{ id: string; actor: string; kind: string; before: any; after: any }>(
        'select id::text as id, actor, kind, before, after from events where precatorio_numero = $1 and id > $2 order by id',
        [numero, afterId],
      )
    ).rows;
  const lastEventId = async () => Number((await db.query<{ id: string | null }>('select max(id)::text as id from events')).rows[0]!.id ?? 0);

  type Op =
    | { kind: 'pay'; actor: string; server: Server; cents: number; versao?: number }
    | { kind: 'cede'; actor: string; server: Server; cents: number; cessionario: string }
    | { kind: 'grant'; actor: string; server: Server; motivo: 'doenca-grave' | 'deficiencia' }
    | { kind: 'import'; actor: string; server: Server; csv: string };

  const EVENT_KIND = { pay: 'pagamento-cronologica', cede: 'cessao', grant: 'superpreferencia-concedida', import: 'reimportado' } as const;

  function send(p: Precatorio, op: Op): Promise<Reply> {
    const b0 = p.beneficiarios[0]!.id;
    switch (op.kind) {
      case 'pay':
        return post(op.server, `/api/precatorios/${p.numero}/pagamentos`, op.actor, {
          beneficiarioId: b0,
          valor: brl(op.cents),
          pagoEm: '2025-11-20',
          ...(op.versao ? { versao: op.versao } : {}),
        });
      case 'cede':
        return post(op.server, `/api/precatorios/${p.numero}/cessoes`, op.actor, {
          cedenteId: b0,
          valor: brl(op.cents),
          cessionarioCredorId: op.cessionario,
          data: '2025-11-21',
        });
      case 'grant':
        return post(op.server, `/api/precatorios/${p.numero}/superpreferencias`, op.actor, {
          beneficiarioId: b0,
          motivo: op.motivo,
          concedidaEm: '2025-06-01',
        });
      case 'import':
        return importCsv(op.server, op.actor, op.csv);
    }
  }

  const succeeded = (op: Op, r: Reply) => (op.kind === 'import' ? r.status === 200 && r.body.alterados === 1 : r.status === 201);

  it('two processes started together on an empty database: migrations applied once, the demo registry loaded once', async () => {
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
    expect(await count('select count(*)::text as n from schema_migrations')).toBe(readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.+\.sql$/.test(f)).length);
    expect(await count('select count(*)::text as n from precatorios')).toBe(input.precatorios.length);
    expect(await count(`select count(*)::text as n from events where kind = 'importado'`)).toBe(input.precatorios.length);
    expect(await count(`select count(*)::text as n from events where kind = 'ente-criado'`)).toBe(input.entes.length);
    expect(await count(`select count(*)::text as n from events where kind not in ('importado', 'ente-criado')`)).toBe(0);
    // Both say it is the demo: the one that loaded it, and the one that found it loaded (issue 15).
    for (const server of [a, b])
      expect((await get(server, '/api/health')).body).toEqual({ status: 'ok', banco: 'postgres', demonstracao: true, escritas: { ok: true } });
  });

  it(`${ROUNDS} rounds of concurrent payments, cessões, grants and imports on one precatório, across both processes: nothing lost, nothing extra`, async () => {
    const seen = { paid: 0, overpaidRefused: 0, staleRefused: 0, grantRefused: 0, importRefused: 0, importApplied: 0, ceded: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const random = seededRandom(SEED + round);
      const p = take();
      const start = await dbState(p.numero);
      const b0 = start.precatorio.beneficiarios.find((x) => x.id === p.beneficiarios[0]!.id)!;
      const saldo = cents(b0.valorBrl.minus(b0.pagoBrl).toFixed(2));
      const since = await lastEventId();
      const server = () => (random.chance(0.5) ? a : b);
      const ops: Op[] = [];
      // Each payment fits the balance alone; together they do not.
      for (let i = random.int(4, 7); i > 0; i--)
        ops.push({ kind: 'pay', actor: `r${round}-pag-${i}`, server: server(), cents: random.int(Math.floor(saldo * 0.12), Math.floor(saldo * 0.4)) });
      for (let i = random.int(2, 3); i > 0; i--)
        ops.push({ kind: 'pay', actor: `r${round}-ver-${i}`, server: server(), cents: random.int(100, 10_000), versao: start.version });
      for (let i = random.int(1, 2); i > 0; i--)
        ops.push({
          kind: 'cede',
          actor: `r${round}-ces-${i}`,
          server: server(),
          cents: random.int(Math.floor(saldo * 0.05), Math.floor(saldo * 0.3)),
          cessionario: `fundo-r${round}-${i}`,
        });
      ops.push(
        { kind: 'grant', actor: `r${round}-spd`, server: server(), motivo: 'doenca-grave' },
        { kind: 'grant', actor: `r${round}-spf`, server: server(), motivo: 'deficiencia' },
      );
      if (round % 2 === 0) ops.push({ kind: 'import', actor: `r${round}-imp`, server: server(), csv: csvOf([p.numero], () => `proc-rodada-${round}`) });

      const order = seededShuffle(ops, SEED + round);
      await createUsers(order.map((op) => op.actor));
      const replies = await Promise.all(order.map((op) => send(p, op)));
      const outcomes = order.map((op, i) => ({ op, reply: replies[i]!, ok: succeeded(op, replies[i]!) }));

      // Every loser says why, in Portuguese, with the status that fits; nothing is a 500.
      for (const { op, reply, ok } of outcomes) {
        if (ok) continue;
        if (op.kind === 'import') {
          expect(reply.status).toBe(200);
          expect(reply.body.recusados).toEqual([
            {
              numero: p.numero,
              motivo: expect.stringMatching(new RegExp(`^precatório ${p.numero.replace(/\./g, '\\.')}: alterado pela equipe depois da última importação \\(`)),
            },
          ]);
          seen.importRefused += 1;
        } else if (op.kind === 'pay' && op.versao !== undefined && reply.status === 409) {
          expect(reply.body).toEqual({
            erro: 'conflito',
            campo: 'versao',
            motivo: expect.stringMatching(/^o precatório foi alterado por outra pessoa \(versão \d+, você leu a \d+\); recarregue e tente de novo$/),
          });
          seen.staleRefused += 1;
        } else if (op.kind === 'grant') {
          expect(reply).toEqual({
            status: 409,
            body: { erro: 'conflito', campo: 'beneficiario', motivo: expect.stringMatching(/já tem superpreferência reconhecida; a lei admite um só motivo/) },
          });
          seen.grantRefused += 1;
        } else {
          expect(reply.status).toBe(422);
          expect(reply.body).toMatchObject({
            erro: 'invalido',
            campo: 'valor',
            motivo: expect.stringMatching(
              /^(pagamento de [\d.]+ maior que (o saldo do beneficiário|o devido na data)|valor cedido \([\d.]+\) maior que o saldo do cedente) \([\d.]+\)$/,
            ),
          });
          seen.overpaidRefused += 1;
        }
      }

      // The log holds exactly the successful writes: one event each, by its actor, of its kind.
      const events = await eventsSince(p.numero, since);
      const winners = outcomes.filter((o) => o.ok);
      expect(events.map((e) => e.actor).sort()).toEqual(winners.map((w) => w.op.actor).sort());
      for (const e of events) expect(e.kind).toBe(EVENT_KIND[winners.find((w) => w.op.actor === e.actor)!.op.kind]);
      // A stale version can only win as the very first write of the round.
      const versioned = winners.filter((w) => w.op.kind === 'pay' && w.op.versao !== undefined);
      expect(versioned.length).toBeLessThanOrEqual(1);
      if (versioned[0]) expect(events[0]!.actor).toBe(versioned[0].op.actor);
      // The staff events form one chain: each starts from the state the previous one left, and a
      // payment moves `pago` by exactly…
      const rows = (
        await db.query<{ amount: string; actor: string; face: string }>(
          'select amount::text as amount, actor, coalesce(face_extinguished, amount)::text as face from payments where precatorio_numero = $1 order by id',
          [p.numero],
        )
      ).rows;
      const staffEvents = events.filter((e) => e.kind !== 'reimportado');
      const firstOf = (snapshot: any) => snapshot.beneficiarios.find((x: any) => x.id === b0.id);
      for (const [i, e] of staffEvents.entries()) {
        if (i > 0) expect(e.before.beneficiarios).toEqual(staffEvents[i - 1]!.after.beneficiarios);
        const op = winners.find((w) => w.op.actor === e.actor)!.op;
        // …the data-base value its liquidation extinguished (R6.1), recorded in its payment row.
        if (op.kind === 'pay') expect(cents(firstOf(e.after).pago) - cents(firstOf(e.before).pago)).toBe(cents(rows.find((r) => r.actor === op.actor)!.face));
        if (op.kind === 'cede') expect(cents(firstOf(e.before).valor) - cents(firstOf(e.after).valor)).toBe(op.cents);
      }
      if (staffEvents[0])
        expect(firstOf(staffEvents[0].before)).toEqual({
          id: b0.id,
          titularidade: 'originario',
          valor: b0.valorBrl.toFixed(2),
          pago: b0.pagoBrl.toFixed(2),
          superpreferenciaPaga: b0.superpreferenciaPagaBrl.toFixed(2),
        });

      // Conservation: the payment rows and `pago` hold every successful payment and nothing else; the
      // cedente's share fell by exactly the successful cessões, each cessionário is there.
      const end = await dbState(p.numero);
      const endB0 = end.precatorio.beneficiarios.find((x) => x.id === b0.id)!;
      const paid = winners.flatMap((w) => (w.op.kind === 'pay' ? [w.op.cents] : []));
      const ceded = winners.flatMap((w) => (w.op.kind === 'cede' ? [w.op] : []));
      expect(rows.map((r) => [r.actor, cents(r.amount)]).sort()).toEqual(
        winners.flatMap((w) => (w.op.kind === 'pay' ? [[w.op.actor, w.op.cents]] : [])).sort(),
      );
      // `pago` counts the data-base value each payment extinguished (its liquidation, R6.1, R5.15).
      expect(cents(endB0.pagoBrl.toFixed(2))).toBe(cents(b0.pagoBrl.toFixed(2)) + rows.reduce((x, r) => x + cents(r.face), 0));
      expect(cents(endB0.valorBrl.toFixed(2))).toBe(cents(b0.valorBrl.toFixed(2)) - ceded.reduce((x, y) => x + y.cents, 0));
      for (const c of ceded)
        expect(end.precatorio.beneficiarios.filter((x) => x.credorId === c.cessionario).map((x) => cents(x.valorBrl.toFixed(2)))).toEqual([c.cents]);
      // No overpayment: a payment or cessão refused for the balance was larger than what was left when
      // it was tried, which is at least what is left now.
      const left = cents(endB0.valorBrl.minus(endB0.pagoBrl).toFixed(2));
      for (const o of outcomes) if (!o.ok && o.reply.status === 422 && (o.op.kind === 'pay' || o.op.kind === 'cede')) expect(o.op.cents).toBeGreaterThan(left);
      expect(left).toBeGreaterThanOrEqual(0);
      // Exactly one grant wins.
      expect(winners.filter((w) => w.op.kind === 'grant')).toHaveLength(1);
      expect(Boolean(endB0.doencaGraveDesde) !== Boolean(endB0.deficienciaDesde)).toBe(true);

      // Both processes now serve the new state.
      for (const server of [a, b]) {
        const { status, body } = await get(server, `/api/precatorios/${p.numero}`);
        expect(status).toBe(200);
        expect(body.versao).toBe(end.version);
        // Public ids are ordinals in the precatório (issue 15 §4): the same place as in the store.
        expect(body.precatorio.beneficiarios[end.precatorio.beneficiarios.findIndex((x) => x.id === b0.id)]).toMatchObject({
          valor: endB0.valorBrl.toFixed(2),
          pago: endB0.pagoBrl.toFixed(2),
        });
        expect(body.historico.map((h: any) => h.tipo).slice(-events.length)).toEqual(events.map((e) => e.kind));
      }

      seen.paid += paid.length;
      seen.ceded += ceded.length;
      seen.importApplied += winners.filter((w) => w.op.kind === 'import').length;
    }
    // The rounds met every kind of loser (else the checks above proved little).
    expect(seen.paid).toBeGreaterThanOrEqual(ROUNDS * 2);
    expect(seen.overpaidRefused).toBeGreaterThan(0);
    expect(seen.staleRefused).toBeGreaterThan(0);
    expect(seen.grantRefused).toBe(ROUNDS);
    expect(seen.importRefused + seen.importApplied).toBe(ROUNDS / 2);
    expect(seen.importRefused).toBeGreaterThan(0);
    expect(seen.ceded).toBeGreaterThan(0);
  }, 120_000);

  it('a write on one process is read at once on the other: lookup, list page and ente stock', async () => {
    for (let i = 0; i < 6; i++) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      const p = take();
      const before = (await get(reader, `/api/precatorios/${p.numero}`)).body;
      const enteBefore = (await get(reader, '/api/entes')).body.entes.find((e: any) => e.id === p.enteId);
      await createUsers([`leitura-${i}`]);
      const written = await post(writer, `/api/precatorios/${p.numero}/pagamentos`, `leitura-${i}`, {
        beneficiarioId: p.beneficiarios[0]!.id,
        valor: '1.23',
        pagoEm: '2025-11-20',
        versao: before.versao,
      });
      expect(written.status).toBe(201);
      const after = (await get(reader, `/api/precatorios/${p.numero}`)).body;
      expect(after.versao).toBe(written.body.versao);
      // A liquidated payment (R6.1) of 1,23 in money of its date extinguishes face × 1,23 ÷ owed of
      // the data-base value (at face only when it could not be valued: pagoPeloValorDeFace).
      const extinguished = money(after.precatorio.beneficiarios[0].pago).minus(before.precatorio.beneficiarios[0].pago);
      if (written.body.liquidacao === null) expect(extinguished.toFixed(2)).toBe('1.23');
      else expect(extinguished.greaterThan(0) && extinguished.lessThanOrEqualTo('1.23')).toBe(true);
      expect(after.posicao.saldo).toBe(money(before.posicao.saldo).minus(extinguished).toFixed(2));
      const page = Math.ceil(after.posicao.posicao / 50);
      const fila = (await get(reader, `/api/entes/${p.enteId}/fila?pagina=${page}&tamanho=50`)).body;
      expect(fila.itens.find((x: any) => x.numero === p.numero).saldo).toBe(after.posicao.saldo);
      const enteAfter = (await get(reader, '/api/entes')).body.entes.find((e: any) => e.id === p.enteId);
      expect(enteAfter.estoque).toBe(money(enteBefore.estoque).minus(extinguished).toFixed(2));
    }
  });

  it('a third process, the CLI importer, refuses a precatório paid through the API and reports it (exit 2); the payment stays', async () => {
    const p = take();
    await createUsers(['antes-da-cli']);
    const paid = await post(a, `/api/precatorios/${p.numero}/pagamentos`, 'antes-da-cli', {
      beneficiarioId: p.beneficiarios[0]!.id,
      valor: '500.00',
      pagoEm: '2025-11-20',
    });
    expect(paid.status).toBe(201);
    const dir = mkdtempSync(join(tmpdir(), 'conc-cli-'));
    try {
      const file = join(dir, 'arquivo.csv');
      writeFileSync(
        file,
        csvOf([p.numero], () => 'proc-da-cli'),
      );
      const run = spawnSync(process.execPath, [BIN, 'importar', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`recusado: precatório ${p.numero}: alterado pela equipe depois da última importação (pagamento-cronologica)`);
      expect(run.stderr).toMatch(/0 novos, 0 alterados, 0 sem mudança, 1 recusados/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const server of [a, b]) {
      const body = (await get(server, `/api/precatorios/${p.numero}`)).body;
      // The payment stays: `pago` moved by the data-base value it extinguished (R6.1).
      const { rows: stayed } = await db.query<{ face: string }>(
        'select coalesce(face_extinguished, amount)::text as face from payments where precatorio_numero = $1',
        [p.numero],
      );
      expect(stayed).toHaveLength(1);
      expect(body.precatorio.beneficiarios[0].pago).toBe(p.beneficiarios[0]!.pagoBrl.plus(stayed[0]!.face).toFixed(2));
    }
  });

  it('no process logged an unexpected error', () => {
    for (const server of [a, b]) expect(server.stderr()).not.toMatch(/erro inesperado/);
  });
});
