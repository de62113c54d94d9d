// Issue 15 target: on PGlite, public reads go on during an import — lookup p99 < 100 ms while a
// 1 M-row import runs. In this process: a file-backed PGlite with the demo registry, the app as
// `servir` builds it (lists warm) listening on loopback, and the import use case of POST
// /api/importacoes (one transaction, CSV read in a worker) fed a demo file of BENCH_IMPORT_LEITURA_SCALE
// (default 141 → 1 004 029 rows; the route itself takes at most 64 MiB, a quarter of that file). A
// child process looks up random precatórios of the registry at BENCH_IMPORT_LEITURA_RATE per second
// (default 50), open loop: each lookup is timed from when it was due, so a stall is charged to
// every lookup that queued behind it. Printed, beside the target (p99 < 100 ms) and whether it is
// met: lookups answered during the import, and those due in the first 60 s after its COMMIT (or
// still waiting at it) — p50/p99/max, errors — the same before it, and the event loop's delay
// during the import (p99, max, and the longest blocks with the phase they fell in). Run twice in
// the same process order — first with the server blind to the connection's state (Db.activity
// hidden and no lists prepared: every lookup waits for the database and the first after the
// COMMIT rebuilds, as before issue 15), then as `servir` runs — each on a fresh copy of the
// registry; BENCH_IMPORT_LEITURA_MODOS=agora (or antes) runs one. Quick runs: a smaller
// BENCH_IMPORT_LEITURA_SCALE (14 → about 100 000 rows).
// Issue 19: the target is now p99 < 20 ms at 500 lookups/s (BENCH_IMPORT_LEITURA_RATE default 500)
// while the 1 M-row import runs, on PGlite and on PostgreSQL (BENCH_IMPORT_LEITURA_BANCOS, default
// pglite,postgres; PostgreSQL on DATABASE_URL, a fresh database); only the mode as `servir` runs by
// default (BENCH_IMPORT_LEITURA_MODOS=antes,agora adds the issue-15 comparison on PGlite). Each run
// ends with the summary line `alvo: …`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { createApp } from '../src/api/app.ts';
import { listen } from '../src/api/serve.ts';
import type { IsoDate } from '../src/domain/dates.ts';
import { importCsv } from '../src/app/import-csv.ts';
import { loadCorrectionRules } from '../src/indices/load-correction-rules.ts';
import { loadRpvLaws, loadRuleBook } from '../src/rules/load-rule-book.ts';
import type { Db } from '../src/storage/db.ts';
import { openDatabase } from '../src/storage/open-db.ts';
import { freshDatabase, openLoopClient, percentile, postgresUrl, runCli } from './support.ts';
import { supportedDatesToday } from '../src/shell/supported-dates-today.ts';

const SCALE = Number(process.env['BENCH_IMPORT_LEITURA_SCALE'] ?? 141);
const RATE = Number(process.env['BENCH_IMPORT_LEITURA_RATE'] ?? 500);
const RUN_DATE = '2026-05-13' as IsoDate;
const TARGET_P99_MS = 20;
const AFTER_COMMIT_MS = 60_000;
/** A file to write the event loop's blocks to (hrtime µs, the clock of `node --cpu-prof`), for bench/profile-top.ts --blocos. */
const BLOCKS_FILE = process.env['BENCH_IMPORT_LEITURA_BLOCOS'];

async function run(
  label: string,
  where: { pgliteDir: string } | { databaseUrl: string },
  csv: string,
  blind: boolean,
  port: number,
  scratch: string,
): Promise<void> {
  const db = await openDatabase(where);
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
    const client = openLoopClient(port, RATE, scratch, 35_000);
    client.start(numeros.map((n) => `/api/precatorios/${encodeURIComponent(n)}`));
    await new Promise((r) => setTimeout(r, 3000));

    // The event loop during the import: its delay histogram, and every block over 100 ms with the
    // phase it ended in (reading and writing the file, preparing the lists, after the COMMIT).
    // The garbage collector's pauses are counted inside each block: a block is GC or it is code.
    let phase = 'importação';
    const phases: { at: number; name: string }[] = [{ at: 0, name: phase }];
    const setPhase = (name: string) => {
      phase = name;
      phases.push({ at: performance.now(), name });
    };
    const phaseAt = (t: number) => phases.findLast((x) => x.at <= t)!.name;
    let last = performance.now();
    const blocks: { from: number; ms: number; phase: string; gcMs: number }[] = [];
    const pauses: { from: number; ms: number; phase: string }[] = [];
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > 100) blocks.push({ from: last, ms: now - last, phase, gcMs: 0 });
      last = now;
    }, 5);
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pauses.push({ from: e.startTime, ms: e.duration, phase: phaseAt(e.startTime) });
    });
    gc.observe({ entryTypes: ['gc'] });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    client.mark('import');
    const started = performance.now();
    // The use case of POST /api/importacoes (src/api/app.ts), on the server's own connection.
    const report = await importCsv(db, {
      path: csv,
      actor: 'bench',
      rpvLaws: laws,
      dates: supportedDatesToday(),
      prepareLists: blind
        ? undefined
        : (tx, entes) => {
            setPhase('preparo das listas');
            return app.queues.prepare(tx, entes);
          },
    });
    client.mark('commit');
    const importMs = performance.now() - started;
    delay.disable();
    setPhase('depois do COMMIT');
    const delayP99 = delay.percentile(99) / 1e6;
    const delayMax = delay.max / 1e6;
    const importing = pauses.filter((p) => p.from <= started + importMs);
    await new Promise((r) => setTimeout(r, AFTER_COMMIT_MS));
    clearInterval(ticker);
    gc.disconnect();
    for (const b of blocks) for (const p of pauses) b.gcMs += Math.max(0, Math.min(b.from + b.ms, p.from + p.ms) - Math.max(b.from, p.from));
    if (BLOCKS_FILE) {
      // performance.now() + timeOrigin is wall time; the profile counts µs of the monotonic clock (process.hrtime).
      const shift = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
      writeFileSync(BLOCKS_FILE, JSON.stringify(blocks.map((b) => ({ fromUs: b.from * 1000 + shift, toUs: (b.from + b.ms) * 1000 + shift, phase: b.phase }))));
    }
    const { done, marks, errors } = await client.stop();
    await server.close();

    // During: due from the import's start and answered before its COMMIT (the client's clock).
    // After: every other lookup due up to 60 s after the COMMIT — those due during the import but
    // still waiting when it committed included.
    const sorted = (xs: [number, number, number][]) => xs.map(([, ms]) => ms).sort((a, b) => a - b);
    const during = sorted(done.filter(([due, ms]) => due >= marks['import']! && due + ms <= marks['commit']!));
    const after = sorted(done.filter(([due, ms]) => due >= marks['import']! && due + ms > marks['commit']! && due <= marks['commit']! + AFTER_COMMIT_MS));
    const before = sorted(done.filter(([due]) => due < marks['import']!));
    const f = (xs: number[], p: number) => (xs.length === 0 ? '-' : percentile(xs, p).toFixed(1));
    const verdict = (xs: number[]) => (xs.length === 0 ? '' : percentile(xs, 99) < TARGET_P99_MS ? ' — meta atingida' : ' — meta NÃO atingida');
    const line = (name: string, xs: number[]) =>
      `  ${name} (${xs.length} consultas, ${RATE}/s): p50 ${f(xs, 50)} ms, p99 ${f(xs, 99)} ms (meta < ${TARGET_P99_MS} ms${verdict(xs)}), máx ${f(xs, 100)} ms`;
    const duringBlocks = blocks.filter((b) => b.from <= started + importMs);
    const worst = [...duringBlocks].sort((a, b) => b.ms - a.ms).slice(0, 5);
    const gcByPhase = new Map<string, { n: number; ms: number; max: number }>();
    for (const p of importing) {
      const g = gcByPhase.get(p.phase) ?? { n: 0, ms: 0, max: 0 };
      gcByPhase.set(p.phase, { n: g.n + 1, ms: g.ms + p.ms, max: Math.max(g.max, p.ms) });
    }
    console.log(
      [
        `${label}: importação de ${report.rowsRead} linhas (${report.inserted} novos, ${report.updated} alterados, ${report.unchanged} sem mudança) em ${(importMs / 1000).toFixed(1)} s; carga média ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')}; erros ${errors}`,
        line('durante a importação', during),
        line(`nos ${AFTER_COMMIT_MS / 1000} s depois do COMMIT (ou à espera nele)`, after),
        `  antes (${before.length}): p50 ${f(before, 50)} ms, p99 ${f(before, 99)} ms`,
        `  laço de eventos durante a importação: atraso p99 ${delayP99.toFixed(0)} ms, máx ${delayMax.toFixed(0)} ms; ${duringBlocks.length} bloqueios > 100 ms (${duringBlocks.reduce((a, b) => a + b.gcMs, 0).toFixed(0)} de ${duringBlocks.reduce((a, b) => a + b.ms, 0).toFixed(0)} ms em GC), os maiores: ${worst.map((b) => `${b.ms.toFixed(0)} ms (${b.phase}; GC ${b.gcMs.toFixed(0)} ms)`).join(', ') || '-'}`,
        `  GC durante a importação: ${[...gcByPhase].map(([name, g]) => `${name} ${g.n} pausas, ${g.ms.toFixed(0)} ms, a maior ${g.max.toFixed(0)} ms`).join('; ') || '-'}`,
        `alvo: consulta pública p99 durante a importação — ${during.length === 0 ? '-' : percentile(during, 99).toFixed(1)} ms a ${RATE}/s (alvo < ${TARGET_P99_MS} ms) — ${during.length > 0 && percentile(during, 99) < TARGET_P99_MS ? 'atingido' : 'NÃO atingido'}`,
      ].join('\n'),
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
  const modes = (process.env['BENCH_IMPORT_LEITURA_MODOS'] ?? 'agora').split(',');
  const backends = (process.env['BENCH_IMPORT_LEITURA_BANCOS'] ?? 'pglite,postgres').split(',');
  if (backends.includes('pglite')) {
    for (const [i, blind] of [true, false].entries()) {
      if (!modes.includes(blind ? 'antes' : 'agora')) continue;
      const folder = join(dir, `pglite-${i}`);
      cpSync(seeded, folder, { recursive: true });
      await run(
        blind ? 'PGlite, antes (cada consulta espera o banco)' : 'PGlite (consultas respondidas do estado confirmado)',
        { pgliteDir: folder },
        csv,
        blind,
        3961 + i,
        dir,
      );
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const url = postgresUrl();
  if (backends.includes('postgres') && url) {
    // The same registry: the demo file imported into a fresh database, then the 1 M-row import over it.
    const databaseUrl = freshDatabase(url, 'bench_import_leitura');
    runCli(['importar', small], { DATABASE_URL: databaseUrl });
    await run('PostgreSQL (como o servir)', { databaseUrl }, csv, false, 3963, dir);
  } else if (backends.includes('postgres')) console.log('PostgreSQL: pulado (defina DATABASE_URL ou instale o pacote postgresql)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
