import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/precatorios.mjs`;

/** DATABASE_URL, or a throwaway PostgreSQL on loopback when Debian's postgresql is installed. */
export function postgresUrl(): string | undefined {
  if (process.env['DATABASE_URL']) return process.env['DATABASE_URL'];
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  try {
    return execFileSync('bash', [`${ROOT}.ci/start-postgres.sh`], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** A fresh database on the same server, so each run starts empty. */
export function freshDatabase(url: string, name: string): string {
  const u = new URL(url);
  const psql = (sql: string) => execFileSync('psql', ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-qc', sql], { stdio: 'pipe' });
  psql(`drop database if exists ${name}`);
  psql(`create database ${name}`);
  u.pathname = `/${name}`;
  return u.toString();
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; stderr: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`precatorios ${args[0]} saiu com ${result.status}: ${result.stderr}`);
  return { ms: performance.now() - started, stderr: result.stderr };
}

/**
 * Starts `precatorios servir` and resolves once it answers /api/health. The per-address rate limit
 * is off (all load comes from one loopback client); a benchmark of the limiter passes its own.
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const unlimited = { PRECATORIOS_LIMITE_CONSULTAS: 'desligado', PRECATORIOS_LIMITE_SIMULACOES: 'desligado' };
  const child = spawn(process.execPath, [BIN, 'servir', '--porta', String(port)], {
    env: { ...process.env, ...unlimited, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('servidor não respondeu em 60 s');
}

export function percentile(sorted: readonly number[], p: number): number {
  // NaN when nothing was measured (BENCH_BENEFICIARIOS_RATE=0: the build alone, no other requests).
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * The client of the read-latency benches, run as a child process so its clock is not held by the
 * server's loop: it requests `paths` (in a scrambled round) at `rate` per second, open loop — each
 * request timed from when it was due, so a stall is charged to every request that queued behind it.
 * `mark(name)` notes the moment on the client's clock; `stop()` waits `drainMs` for answers still
 * due, then gives each request as [due, ms, path index] (a failed or timed-out one counts as an error
 * and is timed until it failed).
 */
export function openLoopClient(port: number, rate: number, scratch: string, drainMs: number) {
  const file = join(scratch, 'cliente-aberto.mjs');
  writeFileSync(file, OPEN_LOOP_CLIENT);
  const child = fork(file, [String(port), String(rate), String(drainMs)], { stdio: 'inherit' });
  const report = new Promise<{ done: [number, number, number][]; marks: Record<string, number>; errors: number }>((resolve) =>
    child.once('message', resolve as never),
  );
  return {
    start: (paths: readonly string[]) => child.send({ type: 'start', paths }),
    mark: (name: string) => child.send({ type: 'mark', name }),
    async stop() {
      child.send({ type: 'stop' });
      const result = await report;
      child.kill();
      return result;
    },
  };
}

const OPEN_LOOP_CLIENT = `
const [port, rate, drainMs] = process.argv.slice(2).map(Number);
let paths = [], running = false, start = 0, i = 0, errors = 0;
const done = [], marks = {};
process.on('message', (m) => {
  if (m.type === 'start') { paths = m.paths; running = true; start = performance.now(); tick(); }
  if (m.type === 'mark') marks[m.name] = performance.now();
  if (m.type === 'stop') { running = false; setTimeout(() => process.send({ done, marks, errors }), drainMs); }
});
const dueOf = (k) => start + (k * 1000) / rate;
function tick() {
  if (!running) return;
  for (const now = performance.now(); dueOf(i) <= now; i++) send(dueOf(i), (i * 7919) % paths.length);
  setTimeout(tick, Math.max(0, dueOf(i) - performance.now()));
}
function send(due, at) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30000);
  fetch('http://127.0.0.1:' + port + paths[at], { signal: controller.signal })
    .then((r) => r.arrayBuffer().then(() => { if (r.status !== 200) errors++; done.push([due, performance.now() - due, at]); }))
    .catch(() => { errors++; done.push([due, performance.now() - due, at]); })
    .finally(() => clearTimeout(timer));
}
`;

/** Watches this process's event loop: `stop()` gives the longest gap between two turns of a 5 ms timer. */
export function watchLoopGaps(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      longest = Math.max(longest, performance.now() - last);
      clearInterval(ticker);
      return longest;
    },
  };
}
