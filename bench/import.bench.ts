// Issue 19 targets for the import (issue 5 measured it first): 1 004 029 CSV rows (BENCH_IMPORT_SCALE,
// default 141; a smaller scale for quick runs) from the seeded demo generator (TJPA-shaped, ~1.45
// rows per precatório), each figure beside its anchor measured in this same run:
//   anchor = psql `\copy` of the same file into a PostgreSQL table of text columns + a readline
//   line/field split of it in Node (bench/anchor.ts);
//   PostgreSQL ≤ 2.5× anchor, PGlite ≤ 4×, re-import of the unchanged file (PostgreSQL) ≤ 1.5×;
//   peak RSS of each import process ≤ 1 GB (/usr/bin/time -v, the kernel's maximum RSS);
//   `servir` on the imported registry: spawn → first 200 of GET /api/entes (every list built) ≤ 5 s,
//   RSS ≤ 2 GB — on both backends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyIntoTextTable, load, readlineSplit, runCliMeasured, servirStartup, verdict, verdictAbs } from './anchor.ts';
import { BIN, freshDatabase, postgresUrl, runCli } from './support.ts';

const ROWS_SCALE = Number(process.env['BENCH_IMPORT_SCALE'] ?? 141); // 141 → 1 004 029 rows
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const csv = join(dir, 'demo.csv');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (x: number | undefined) => (x === undefined ? '?' : `${x.toFixed(0)} MB`);
try {
  const gen = runCli(['demo', '--escala', String(ROWS_SCALE), '--saida', csv]);
  console.log(`arquivo: ${gen.stderr.trim()} (${s(gen.ms)} para gerar)`);

  const split = await readlineSplit(csv);
  console.log(`âncora, readline + split: ${split.lines} linhas, ${split.fields} campos em ${s(split.ms)} (${load()})`);
  const url = postgresUrl();
  let anchorMs: number | undefined;
  if (url) {
    const db = freshDatabase(url, 'bench_import');
    const copyMs = copyIntoTextTable(db, csv);
    anchorMs = copyMs + split.ms;
    console.log(`âncora, \\copy numa tabela de texto: ${s(copyMs)}; âncora total ${s(anchorMs)} (${load()})`);
    const pg = runCliMeasured(BIN, ['importar', csv], { DATABASE_URL: db });
    console.log(`PostgreSQL: ${s(pg.ms)}, pico de RSS ${mb(pg.peakMb)} — ${lastLine(pg.stderr)} (${load()})`);
    console.log(verdict(`importação PostgreSQL ${s(pg.ms)} vs âncora ${s(anchorMs)}`, pg.ms, anchorMs, 2.5));
    if (pg.peakMb !== undefined) console.log(verdictAbs('pico de RSS da importação PostgreSQL', pg.peakMb, 1024, 'MB', 0));
    const again = runCliMeasured(BIN, ['importar', csv], { DATABASE_URL: db });
    console.log(`PostgreSQL, reimportação (nada muda): ${s(again.ms)}, pico de RSS ${mb(again.peakMb)} — ${lastLine(again.stderr)} (${load()})`);
    console.log(verdict(`reimportação sem mudança ${s(again.ms)} vs âncora ${s(anchorMs)}`, again.ms, anchorMs, 1.5));
    await startup('PostgreSQL', 3991, { DATABASE_URL: db });
  } else {
    console.log('PostgreSQL e âncora \\copy: pulados (defina DATABASE_URL ou instale o pacote postgresql)');
  }

  const pgliteDir = join(dir, 'pglite');
  const lite = runCliMeasured(BIN, ['importar', csv], { DATABASE_URL: '', PRECATORIOS_DATA_DIR: pgliteDir });
  console.log(`PGlite (arquivo): ${s(lite.ms)}, pico de RSS ${mb(lite.peakMb)} — ${lastLine(lite.stderr)} (${load()})`);
  if (anchorMs !== undefined) console.log(verdict(`importação PGlite ${s(lite.ms)} vs âncora ${s(anchorMs)}`, lite.ms, anchorMs, 4));
  if (lite.peakMb !== undefined) console.log(verdictAbs('pico de RSS da importação PGlite', lite.peakMb, 1024, 'MB', 0));
  await startup('PGlite', 3992, { DATABASE_URL: '', PRECATORIOS_DATA_DIR: pgliteDir });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** servir's start-up on the imported registry; a server that never answers is a missed target, not the end of the run. */
async function startup(backend: string, port: number, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const up = await servirStartup(BIN, port, env);
    console.log(`servir (${backend}): primeira resposta de /api/entes em ${s(up.ms)}, RSS máx ${mb(up.peakMb)} — ${up.warmLine} (${load()})`);
    console.log(verdictAbs(`partida do servir (${backend}, listas montadas)`, up.ms / 1000, 5, 's', 2));
    console.log(verdictAbs(`RSS do servir (${backend})`, up.peakMb, 2048, 'MB', 0));
  } catch (error) {
    console.log(`alvo: partida do servir (${backend}) — ${(error as Error).message.split('\n')[0]} (${load()}) — NÃO atingido`);
  }
}

function lastLine(text: string): string {
  return (
    text
      .split(/[\r\n]/)
      .filter((l) => /linhas/.test(l))
      .at(-1) ?? text.trim()
  );
}
