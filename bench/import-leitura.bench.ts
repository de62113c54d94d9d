// Issue 15 target: on PGlite, public reads go on during an import — lookup p99 < 100 ms while a
// 1 M-row import runs. In this process: a file-backed PGlite with the demo registry, the app as
// `servir` builds it (lists warm) listening on loopback, and the import use case of POST
// /api/importacoes (one transaction, CSV read in a worker) fed a demo file of BENCH_IMPORT_LEITURA_SCALE
// (default 141 → 1 004 029 rows; the route itself takes at most 64 MiB, a quarter of that file). A
// child process looks up random precatórios of the registry at BENCH_IMPORT_LEITURA_RATE per second
// (default 50), open loop: each lookup is timed from when it was due, so a stall is charged to
// every lookup that queued behind it. Printed: lookups during the import (p50/p99/max, errors),
// the same before it, and the longest event-loop block during it. Run twice in the same process
// order — first with the server blind to the connection's state (Db.activity hidden: every lookup
// waits for the database, as before issue 15), then as `servir` runs — each on a fresh copy of the
// registry; BENCH_IMPORT_LEITURA_MODOS=agora (or antes) runs one. Lookups still waiting at the
// COMMIT, and those of the 10 s after it, are reported apart: the touched lists are rebuilt then.
import { fork } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app.ts';
import { listen } from '../src/api/serve.ts';
import type { IsoDate } from '../src/domain/dates.ts';
import { streamPreparedCsv } from '../src/import/parallel-read.ts';
import { loadCorrectionRules } from '../src/indices/load-correction-rules.ts';
import { loadRpvLaws, loadRuleBook, withRpvLaws } from '../src/rules/load-rule-book.ts';
import type { Db } from '../src/storage/db.ts';
import { openDatabase } from '../src/storage/open-db.ts';
import { RegistryImport } from '../src/storage/registry-store.ts';
import { percentile, runCli } from './support.ts';
import { supportedDatesToday } from '../src/shell/supported-dates-today.ts';

const SCALE = Number(process.env['BENCH_IMPORT_LEITURA_SCALE'] ?? 141);
const RATE = Number(process.env['BENCH_IMPORT_LEITURA_RATE'] ?? 50);
const RUN_DATE = '2026-05-13' as IsoDate;

const CLIENT = `
const [port, rate] = process.argv.slice(2).map(Number);
let numeros = [], running = false, start = 0, i = 0, errors = 0;
const done = [], marks = {};
process.on('message', (m) => {
  if (m.type === 'start') { numeros = m.numeros; running = true; start = performance.now(); tick(); }
  if (m.type === 'mark') marks[m.name] = performance.now();
  if (m.type === 'stop') { running = false; setTimeout(() => process.send({ done, marks, errors }), 35000); }
});
const dueOf = (k) => start + (k * 1000) / rate;
function tick() {
  if (!running) return;
  for (const now = performance.now(); dueOf(i) <= now; i++) send(dueOf(i), numeros[(i * 7919) % numeros.length]);
  setTimeout(tick, Math.max(0, dueOf(i) - performance.now()));
}
function send(due, numero) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30000);
  fetch('http://127.0.0.1:' + port + '/api/precatorios/' + encodeURIComponent(numero), { signal: controller.signal })
    .then((r) => r.arrayBuffer().then(() => { if (r.status !== 200) errors++; done.push([due, performance.now() - due]); }))
    .catch(() => { errors++; done.push([due, performance.now() - due]); })
    .finally(() => clearTimeout(timer));
}
`;

async function run(label: string, folder: string, csv: string, blind: boolean, port: number, scratch: string): Promise<void> {
  const db = await openDatabase({ pgliteDir: folder });
  try {
    const laws = loadRpvLaws();
    const served: Db = blind ? { ...db, activity: undefined } : db;
    const app = createApp({
      db: served,
      rules: loadRuleBook(),
      correctionRules: loadCorrectionRules(),
      rpvLaws: laws,
      today: () => RUN_DATE,
      adminToken: undefined,
    });
    await app.queues.warm(RUN_DATE);
    const numeros = (await db.query<{ numero: string }>('select numero from precatorios order by numero')).rows.map((r) => r.numero);
    const server = await listen(app, port);
    const clientFile = join(scratch, 'cliente.mjs');
    writeFileSync(clientFile, CLIENT);
    const client = fork(clientFile, [String(port), String(RATE)], { stdio: 'inherit' });
    const report = new Promise<{ done: [number, number][]; marks: Record<string, number>; errors: number }>((resolve) =>
      client.once('message', resolve as never),
    );
    client.send({ type: 'start', numeros });
    await new Promise((r) => setTimeout(r, 3000));

    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    client.send({ type: 'mark', name: 'import' });
    const started = performance.now();
    // The use case of POST /api/importacoes (src/api/app.ts), on the server's own connection.
    const outcome = await db.transaction(async (tx) => {
      const imp = new RegistryImport(tx, 'bench');
      const summary = await streamPreparedCsv(
        csv,
        (batch) => imp.addPrepared({ entes: withRpvLaws(batch.entes, laws), items: batch.items }),
        supportedDatesToday(),
      );
      const counts = await imp.finish();
      client.send({ type: 'mark', name: 'commit' });
      return { summary, counts };
    });
    const importMs = performance.now() - started;
    longest = Math.max(longest, performance.now() - last);
    clearInterval(ticker);
    await new Promise((r) => setTimeout(r, 10_000));
    client.send({ type: 'stop' });
    const { done, marks, errors } = await report;
    client.kill();
    await server.close();

    // During: due from the import's start and answered before its COMMIT (the client's clock).
    // After: every other lookup due up to 10 s after the COMMIT — those due during the import but
    // still waiting when it committed included: once the new versions are committed, the lists of
    // every debtor the import touched are rebuilt by the first lookups that see them.
    const during = done
      .filter(([due, ms]) => due >= marks['import']! && due + ms <= marks['commit']!)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    const after = done
      .filter(([due, ms]) => due >= marks['import']! && due + ms > marks['commit']! && due <= marks['commit']! + 10_000)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    const before = done
      .filter(([due]) => due < marks['import']!)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    const f = (xs: number[], p: number) => (xs.length === 0 ? '-' : percentile(xs, p).toFixed(1));
    console.log(
      `${label}: importação de ${outcome.summary.rowsRead} linhas (${outcome.counts.inserted} novos, ${outcome.counts.updated} alterados, ${outcome.counts.unchanged} sem mudança) em ${(importMs / 1000).toFixed(1)} s; ` +
        `consultas respondidas durante a importação (${during.length}, ${RATE}/s): p50 ${f(during, 50)} ms, p99 ${f(during, 99)} ms, máx ${f(during, 100)} ms; ` +
        `à espera no COMMIT ou até 10 s depois (${after.length}): p50 ${f(after, 50)} ms, p99 ${f(after, 99)} ms, máx ${f(after, 100)} ms; ` +
        `antes (${before.length}): p50 ${f(before, 50)} ms, p99 ${f(before, 99)} ms; maior bloqueio do laço de eventos ${longest.toFixed(0)} ms; erros ${errors}`,
    );
  } finally {
    await db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-import-leitura-'));
try {
  const csv = join(dir, 'demo.csv');
  const gen = runCli(['demo', '--escala', String(SCALE), '--saida', csv]);
  console.log(`arquivo: ${gen.stderr.trim()} (${(gen.ms / 1000).toFixed(1)} s para gerar)`);
  // The registry being read: the demo registry as `servir` loads it into an empty folder.
  const seeded = join(dir, 'registro');
  const small = join(dir, 'registro.csv');
  runCli(['demo', '--saida', small]);
  runCli(['importar', small], { DATABASE_URL: '', PRECATORIOS_DATA_DIR: seeded });
  const modes = (process.env['BENCH_IMPORT_LEITURA_MODOS'] ?? 'antes,agora').split(',');
  for (const [i, blind] of [true, false].entries()) {
    if (!modes.includes(blind ? 'antes' : 'agora')) continue;
    const folder = join(dir, `pglite-${i}`);
    cpSync(seeded, folder, { recursive: true });
    await run(blind ? 'antes (cada consulta espera o banco)' : 'agora (consultas respondidas do estado confirmado)', folder, csv, blind, 3961 + i, dir);
    rmSync(folder, { recursive: true, force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
