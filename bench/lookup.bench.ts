// Issue 5 target: GET /api/precatorios/:numero p99 under 20 ms at 500 requests/s on loopback.
// Bounded run: BENCH_LOOKUP_SECONDS (default 20) at a fixed 500 req/s over random números of the
// seeded demo registry, against the embedded PGlite and against PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freshDatabase, postgresUrl, startServer } from './support.ts';

const SECONDS = Number(process.env['BENCH_LOOKUP_SECONDS'] ?? 20);
const RATE = 500;

async function run(label: string, env: NodeJS.ProcessEnv, port: number): Promise<void> {
  const server = await startServer(port, env);
  try {
    const base = `http://127.0.0.1:${port}`;
    const entes = ((await (await fetch(`${base}/api/entes`)).json()) as { entes: { id: string }[] }).entes;
    const numeros: string[] = [];
    for (const { id } of entes) {
      for (let page = 1; ; page++) {
        const body = (await (await fetch(`${base}/api/entes/${id}/fila?tamanho=500&pagina=${page}`)).json()) as { itens: { numero: string }[] };
        numeros.push(...body.itens.map((i) => i.numero));
        if (body.itens.length < 500) break;
      }
    }
    let i = 0;
    const result = await autocannon({
      url: base,
      // Few connections: autocannon paces each one separately, and many connections at a fixed total
      // rate arrive in bursts that measure its own queueing, not the server (/api/health: p99 41 ms at
      // 20 connections, 7 ms at 5, same 500 req/s).
      connections: 5,
      overallRate: RATE,
      duration: SECONDS,
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/precatorios/${encodeURIComponent(numeros[(i++ * 7919) % numeros.length]!)}` }) },
      ],
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(
      `${label}: ${result.requests.total} pedidos em ${SECONDS} s (${result.requests.average.toFixed(0)}/s), ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, máx ${result.latency.max} ms, erros ${errors}; ${numeros.length} precatórios`,
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-lookup-'));
try {
  await run('PGlite', { DATABASE_URL: '', PRECATORIOS_DATA_DIR: join(dir, 'pglite') }, 3911);
  const url = postgresUrl();
  if (url) await run('PostgreSQL', { DATABASE_URL: freshDatabase(url, 'bench_lookup') }, 3912);
  else console.log('PostgreSQL: pulado (defina DATABASE_URL ou instale o pacote postgresql)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
