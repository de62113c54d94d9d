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
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
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
import { openLoopClient, percentile, runCli, watchLoopGaps } from './support.ts';
import { supportedDatesToday } from '../src/shell/supported-dates-today.ts';

const SCALE = Number(process.env['BENCH_IMPORT_LEITURA_SCALE'] ?? 141);
const RATE = Number(process.env['BENCH_IMPORT_LEITURA_RATE'] ?? 50);
const RUN_DATE = '2026-05-13' as IsoDate;

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
    const client = openLoopClient(port, RATE, scratch, 35_000);
    client.start(numeros.map((n) => `/api/precatorios/${encodeURIComponent(n)}`));
    await new Promise((r) => setTimeout(r, 3000));

    const gaps = watchLoopGaps();
    client.mark('import');
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
      client.mark('commit');
      return { summary, counts };
    });
    const importMs = performance.now() - started;
    const longest = gaps.stop();
    await new Promise((r) => setTimeout(r, 10_000));
    const { done, marks, errors } = await client.stop();
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
