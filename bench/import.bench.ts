// Issue 5 target: import 1 000 000 CSV rows into PGlite and into PostgreSQL (< 60 s on PostgreSQL).
// The file comes from the seeded demo generator (TJPA-shaped, ~1.45 rows per precatório).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, postgresUrl, runCli } from './support.ts';

const ROWS_SCALE = Number(process.env['BENCH_IMPORT_SCALE'] ?? 141); // 141 → 1 004 029 rows
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const csv = join(dir, 'demo.csv');
try {
  const gen = runCli(['demo', '--escala', String(ROWS_SCALE), '--saida', csv]);
  console.log(`arquivo: ${gen.stderr.trim()} (${(gen.ms / 1000).toFixed(1)} s para gerar)`);

  const url = postgresUrl();
  if (url) {
    const db = freshDatabase(url, 'bench_import');
    const pg = runCli(['importar', csv], { DATABASE_URL: db });
    console.log(`PostgreSQL: ${(pg.ms / 1000).toFixed(1)} s — ${lastLine(pg.stderr)}`);
    const again = runCli(['importar', csv], { DATABASE_URL: db });
    console.log(`PostgreSQL, reimportação (nada muda): ${(again.ms / 1000).toFixed(1)} s — ${lastLine(again.stderr)}`);
  } else {
    console.log('PostgreSQL: pulado (defina DATABASE_URL ou instale o pacote postgresql)');
  }

  const pgliteDir = join(dir, 'pglite');
  const lite = runCli(['importar', csv], { DATABASE_URL: '', PRECATORIOS_DATA_DIR: pgliteDir });
  console.log(`PGlite (arquivo): ${(lite.ms / 1000).toFixed(1)} s — ${lastLine(lite.stderr)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function lastLine(text: string): string {
  return (
    text
      .split(/[\r\n]/)
      .filter((l) => /linhas/.test(l))
      .at(-1) ?? text.trim()
  );
}
