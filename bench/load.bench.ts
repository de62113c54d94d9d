// Issue 9 target ("Concurrency and load"): a mixed public read workload at 500 requests/s for 30 s
// against two server processes on one PostgreSQL, while staff writes go on — p99 < 20 ms, 0 errors.
// A benchmark, not a timed test: bounded (BENCH_LOAD_SECONDS, default 30; BENCH_LOAD_RATE, default
// 500 req/s) and on loopback only. Both servers start together on a fresh database (each migrates
// it and loads the demo registry at full scale if empty) with the public rate limit turned off.
// Reads, split evenly over the two processes: lookups of random existing números (60 %), pages of
// a random ente's chronological list (20 %), superpreference lists (10 %), the entes list (5 %)
// and lookups of números that do not exist (5 %, 404 expected). Meanwhile one staff writer pays
// R$ 1,00 to a random open beneficiary a few times a second, alternating processes.
// The client (BENCH_LOAD_CLIENT): `aberto` (default) is an open loop: request i leaves at
// start + i/rate whatever the answers, and its latency counts from that planned moment, so a
// stalled server is charged for every request that queued behind it (no coordinated omission).
// `autocannon` (as bench/lookup) keeps 10 connections at an overall rate; each connection sends its
// share of a second back to back and then waits for the next second, so requests come in bursts of
// up to 10 in flight. On a small virtual machine a uniform arrival costs
// more per request than a burst — each request wakes an idle process (a hello-world node server:
// 1.17 s of CPU for 5 000 requests one by one, 0.49 s in autocannon's bursts, 2 vCPUs).
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';
import { seededRandom } from '../src/demo/random.ts';
import { BIN, ROOT, freshDatabase, percentile, postgresUrl, startServer } from './support.ts';

const SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 30);
/**
 * BENCH_LOAD_WARMUP seconds (default 5) of the same workload before the measured 30 s, reported on
 * its own line and not counted: a fresh process compiles its hot paths and fills its connection pool
 * during its first second under load (requests of 50–160 ms, all within ~0.3 s of the start).
 */
const WARMUP = Number(process.env['BENCH_LOAD_WARMUP'] ?? 5);
const RATE = Number(process.env['BENCH_LOAD_RATE'] ?? 500);
/** Staff payments per second during the reads (BENCH_LOAD_WRITES; 0 measures the reads alone). */
const WRITES_PER_SECOND = Number(process.env['BENCH_LOAD_WRITES'] ?? 4);
const CLIENT = process.env['BENCH_LOAD_CLIENT'] ?? 'aberto';
const TOKEN = 'token-do-bench-de-carga';
const WRITER = 'bench-escritor';
const PORTS = [3931, 3932] as const;
/**
 * BENCH_LOAD_PROFILE=<folder>: each server writes a CPU profile (.cpuprofile, for Chrome DevTools)
 * there when it stops. `--cpu-prof` is not allowed in NODE_OPTIONS, so a preloaded module runs the
 * inspector's profiler (same-thread sessions answer synchronously, so it can stop on exit).
 */
const PROFILE_DIR = process.env['BENCH_LOAD_PROFILE'];
const PROFILER = `import { Session } from 'node:inspector'; import { writeFileSync } from 'node:fs';
const s = new Session(); s.connect(); s.post('Profiler.enable'); s.post('Profiler.start');
process.on('exit', () => s.post('Profiler.stop', (e, r) => { if (!e) writeFileSync(${JSON.stringify(`${PROFILE_DIR}/servidor-`)} + process.pid + '.cpuprofile', JSON.stringify(r.profile)); }));`;

/** BENCH_LOAD_OBSERVE=1: each server reports what it saw itself after the warm-up (bench/server-observer.mjs). */
const OBSERVE = process.env['BENCH_LOAD_OBSERVE'] === '1';

type Kind = 'consulta' | 'fila' | 'superpreferencias' | 'entes' | 'inexistente';
const MIX: readonly [Kind, number][] = [
  ['consulta', 0.6],
  ['fila', 0.2],
  ['superpreferencias', 0.1],
  ['entes', 0.05],
  ['inexistente', 0.05],
];

async function run(url: string): Promise<void> {
  const database = freshDatabase(url, 'bench_load');
  const preloads = [
    ...(PROFILE_DIR ? [`--import "data:text/javascript,${encodeURIComponent(PROFILER)}"`] : []),
    ...(OBSERVE ? [`--import "${ROOT}bench/server-observer.mjs"`] : []),
  ];
  const env = {
    DATABASE_URL: database,
    PRECATORIOS_ADMIN_TOKEN: TOKEN,
    PRECATORIOS_LIMITE_CONSULTAS: 'desligado',
    PRECATORIOS_LIMITE_SIMULACOES: 'desligado',
    BENCH_OBSERVE_FROM_MS: String(WARMUP * 1000),
    ...(preloads.length > 0 ? { NODE_OPTIONS: preloads.join(' ') } : {}),
  };
  const started = performance.now();
  const servers = await Promise.all(PORTS.map((port) => startServer(port, env)));
  console.log(`2 servidores prontos em ${((performance.now() - started) / 1000).toFixed(1)} s (banco vazio: migrado e demonstração carregada)`);
  // The writer is a named staff user (its token checked against staff_users on every write, as in
  // production); its events and payments carry its login.
  const made = spawnSync(process.execPath, [BIN, 'usuarios', 'criar', WRITER, '--papel', 'equipe'], {
    env: { ...process.env, DATABASE_URL: database },
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`usuarios criar falhou: ${made.stderr}`);
  const writerToken = made.stdout.trim();
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const numeros = (await client.query<{ numero: string }>('select numero from precatorios order by numero')).rows.map((r) => r.numero);
    const entes = (
      await client.query<{ id: string; n: string }>(
        `select ente_id as id, count(*)::text as n from precatorios where status in ('ativo', 'suspenso') group by ente_id order by ente_id`,
      )
    ).rows;
    const open = (
      await client.query<{ numero: string; id: string }>(
        `select b.precatorio_numero as numero, b.id from beneficiarios b join precatorios p on p.numero = b.precatorio_numero
       where p.status = 'ativo' and b.valor - b.pago >= 100 order by 1, 2`,
      )
    ).rows;
    const random = seededRandom(20251123);
    const pathOf = (kind: Kind): string => {
      const ente = random.pick(entes);
      switch (kind) {
        case 'consulta':
          return `/api/precatorios/${encodeURIComponent(random.pick(numeros))}`;
        case 'fila':
          return `/api/entes/${ente.id}/fila?tamanho=50&pagina=${random.int(1, Math.max(1, Math.ceil(Number(ente.n) / 50)))}`;
        case 'superpreferencias':
          return `/api/entes/${ente.id}/superpreferencias`;
        case 'entes':
          return '/api/entes';
        case 'inexistente':
          return `/api/precatorios/9${String(random.int(0, 999_999)).padStart(6, '0')}-00.2020.8.14.0000`;
      }
    };
    const pickKind = (): Kind => {
      let x = random.next();
      for (const [kind, share] of MIX) if ((x -= share) < 0) return kind;
      return 'consulta';
    };
    const newTally = (): Tally => new Map(MIX.map(([k]) => [k, { ok: 0, unexpected: 0, ms: [] }]));
    const load = (seconds: number, tally: Tally) =>
      CLIENT === 'aberto' ? openLoop(pathOf, pickKind, tally, seconds) : closedLoop(pathOf, pickKind, tally, seconds);

    // Staff writer: a payment every 1/WRITES_PER_SECOND s, alternating servers, until the reads end.
    const writes: { status: number; ms: number }[] = [];
    let reading = WRITES_PER_SECOND > 0;
    const writer = (async () => {
      const pick = seededRandom(7);
      for (let i = 0; reading; i++) {
        const target = pick.pick(open);
        const t = performance.now();
        const res = await fetch(`http://127.0.0.1:${PORTS[i % 2]}/api/precatorios/${encodeURIComponent(target.numero)}/pagamentos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${writerToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ beneficiarioId: target.id, valor: '1.00', pagoEm: '2026-01-15' }),
        });
        await res.arrayBuffer();
        writes.push({ status: res.status, ms: performance.now() - t });
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 / WRITES_PER_SECOND - (performance.now() - t))));
      }
    })();

    const warmTally = newTally();
    if (WARMUP > 0) {
      const warm = await load(WARMUP, warmTally);
      console.log(
        `aquecimento (não contado): ${warm.total} pedidos em ${WARMUP} s, p50 ${warm.latency.p50} ms, p99 ${warm.latency.p99} ms, máx ${warm.latency.max} ms, erros ${warm.errors}`,
      );
    }
    const tally = newTally();
    const reads = await load(SECONDS, tally);
    reading = false;
    await writer;

    const unexpected = [...tally.values()].reduce((a, t) => a + t.unexpected, 0);
    const errors = reads.errors + unexpected;
    const { p50, p90, p99, max } = reads.latency;
    console.log(
      `leituras (cliente ${CLIENT}): ${reads.total} pedidos em ${SECONDS} s (${(reads.total / reads.seconds).toFixed(0)}/s de ${RATE}/s pedidos) em 2 processos, ` +
        `p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, máx ${max} ms; ` +
        `erros ${errors} (conexão ou tempo esgotado ${reads.errors}, status inesperado ${unexpected})${reads.note ? `; ${reads.note}` : ''}`,
    );
    if (WARMUP > 0) {
      const both = [...warmTally.values(), ...tally.values()].flatMap((t) => t.ms).sort((x, y) => x - y);
      console.log(
        `  com o aquecimento incluído (${both.length} pedidos em ${WARMUP + SECONDS} s): p50 ${percentile(both, 50).toFixed(1)} ms, p99 ${percentile(both, 99).toFixed(1)} ms`,
      );
    }
    console.log(`  ${numeros.length} precatórios, ${entes.length} entes; por tipo (pedidos, p50/p99 medidos no cliente; inexistente = 404 esperado):`);
    for (const [kind, t] of tally) {
      const sorted = t.ms.sort((x, y) => x - y);
      console.log(
        `    ${kind.padEnd(17)} ${String(t.ok + t.unexpected).padStart(6)}  p50 ${percentile(sorted, 50)?.toFixed(1) ?? '-'} ms  p99 ${percentile(sorted, 99)?.toFixed(1) ?? '-'} ms`,
      );
    }
    const accepted = writes.filter((w) => w.status === 201).length;
    const ms = writes.map((w) => w.ms).sort((x, y) => x - y);
    const landed = Number((await client.query<{ n: string }>('select count(*)::text as n from payments where actor = $1', [WRITER])).rows[0]!.n);
    const logged = Number(
      (await client.query<{ n: string }>(`select count(*)::text as n from events where actor = $1 and kind = 'pagamento-cronologica'`, [WRITER])).rows[0]!.n,
    );
    console.log(
      writes.length === 0
        ? 'escritas da equipe: nenhuma (BENCH_LOAD_WRITES=0)'
        : `escritas da equipe: ${accepted} de ${writes.length} pagamentos aceitos (${(writes.length / (SECONDS + WARMUP)).toFixed(1)}/s), p50 ${percentile(ms, 50).toFixed(1)} ms, ` +
            `p99 ${percentile(ms, 99).toFixed(1)} ms; no banco: ${landed} pagamentos, ${logged} eventos`,
    );
  } finally {
    await client.end();
    for (const server of servers) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  }
}

type Tally = Map<Kind, { ok: number; unexpected: number; ms: number[] }>;
/** Requests answered or failed, over how many seconds of sending, and their latency (ms). */
type Reads = { total: number; errors: number; seconds: number; latency: { p50: number; p90: number; p99: number; max: number }; note?: string };

function count(tally: Tally, kind: Kind, status: number, ms: number): void {
  const t = tally.get(kind)!;
  if (status === (kind === 'inexistente' ? 404 : 200)) t.ok += 1;
  else t.unexpected += 1;
  t.ms.push(ms);
}

/**
 * Open loop: request i is due at start + i/RATE, alternating servers, on keep-alive connections
 * (as many as needed: none waits for a free one); its latency runs from when it was due to the end
 * of its answer, so lateness of the client itself is charged too (reported as the send delay).
 */
async function openLoop(pathOf: (kind: Kind) => string, pickKind: () => Kind, tally: Tally, seconds: number): Promise<Reads> {
  // An idle pooled socket is closed here after 4 s, before the server's 5 s keep-alive timeout: a
  // request sent on a socket the server is closing at that instant fails with ECONNRESET (a race of
  // the client's pool, not an answer of the server).
  const agents = PORTS.map(() => new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 }));
  const errorKinds = new Map<string, number>();
  const total = RATE * seconds;
  const late: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const send = (i: number, due: number) => {
    const kind = pickKind();
    late.push(performance.now() - due);
    pending.push(
      new Promise<void>((done) => {
        const req = http.request({ host: '127.0.0.1', port: PORTS[i % 2], path: pathOf(kind), agent: agents[i % 2] }, (res) => {
          res.resume();
          res.on('end', () => {
            count(tally, kind, res.statusCode ?? 0, performance.now() - due);
            done();
          });
        });
        req.setTimeout(10_000, () => req.destroy(new Error('tempo esgotado')));
        req.on('error', (error: NodeJS.ErrnoException) => {
          errors += 1;
          const what = error.code ?? error.message;
          errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
          done();
        });
        req.end();
      }),
    );
  };
  const start = performance.now() + 20;
  await new Promise<void>((finished) => {
    let next = 0;
    const due = (i: number) => start + (i * 1000) / RATE;
    const tick = () => {
      for (; next < total && due(next) <= performance.now(); next++) send(next, due(next));
      if (next < total) setTimeout(tick, Math.max(0, due(next) - performance.now()));
      else finished();
    };
    tick();
  });
  const sending = (performance.now() - start) / 1000;
  await Promise.all(pending);
  for (const agent of agents) agent.destroy();
  late.sort((x, y) => x - y);
  const all = [...tally.values()].flatMap((t) => t.ms).sort((x, y) => x - y);
  const ms = (p: number) => (all.length === 0 ? Number.NaN : Number(percentile(all, p).toFixed(1)));
  return {
    total,
    errors,
    seconds: sending,
    latency: { p50: ms(50), p90: ms(90), p99: ms(99), max: ms(100) },
    note: `atraso de envio do cliente p50 ${percentile(late, 50).toFixed(1)} ms, p99 ${percentile(late, 99).toFixed(1)} ms${errorKinds.size > 0 ? `; erros: ${[...errorKinds].map(([k, n]) => `${k} ×${n}`).join(', ')}` : ''}`,
  };
}

/** autocannon, 10 connections at an overall rate (bursts; see the header). */
async function closedLoop(pathOf: (kind: Kind) => string, pickKind: () => Kind, tally: Tally, seconds: number): Promise<Reads> {
  const result = await autocannon({
    url: PORTS.map((p) => `http://127.0.0.1:${p}`) as unknown as string, // autocannon takes several; its types say one
    connections: 10,
    overallRate: RATE,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        // One request in flight per connection: its context carries the kind and the send time.
        setupRequest: (req, context) => {
          const kind = pickKind();
          Object.assign(context, { kind, sentAt: performance.now() });
          return { ...req, path: pathOf(kind) };
        },
        onResponse: (status, _body, context) => {
          const { kind = 'consulta', sentAt = performance.now() } = context as { kind?: Kind; sentAt?: number };
          count(tally, kind, status, performance.now() - sentAt);
        },
      },
    ],
  });
  const { p50, p90, p99, max } = result.latency;
  return { total: result.requests.total, errors: result.errors + result.timeouts, seconds: result.duration, latency: { p50, p90, p99, max } };
}

const url = postgresUrl();
if (url) await run(url);
else console.log('carga: pulado (defina DATABASE_URL ou instale o pacote postgresql)');
