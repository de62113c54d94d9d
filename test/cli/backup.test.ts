// Goal: `precatorios exportar --completo <pasta>` and `importar --completo <pasta>` through main(),
// as a user runs them: counts and the content hash printed, exit codes, Portuguese errors.
// Method: an embedded registry in a temporary folder seeded with every table; exported by the CLI;
// restored by the CLI into a new PostgreSQL database (DATABASE_URL set) or a new PGlite folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { registryContentHash } from '../../src/storage/backup.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { seedFullRegistry } from '../storage/backup-seed.ts';
import { demoInput } from '../support/api.ts';

const pgUrl = process.env['DATABASE_URL'] || undefined;
const saved = { url: process.env['DATABASE_URL'], dir: process.env['PRECATORIOS_DATA_DIR'] };
const dir = mkdtempSync(join(tmpdir(), 'backup-cli-'));
const targetDb = `backup_cli_${randomBytes(4).toString('hex')}`;
const backup = join(dir, 'backup');
let sourceHash: string;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Points the CLI at the seeded source (PGlite) or at the restore target. */
function useSource(): void {
  process.env['DATABASE_URL'] = '';
  process.env['PRECATORIOS_DATA_DIR'] = join(dir, 'origem');
}
function useTarget(): void {
  if (pgUrl) {
    const u = new URL(pgUrl);
    u.pathname = `/${targetDb}`;
    process.env['DATABASE_URL'] = u.toString();
  } else {
    process.env['DATABASE_URL'] = '';
    process.env['PRECATORIOS_DATA_DIR'] = join(dir, 'destino');
  }
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}

beforeAll(async () => {
  const db = await openDatabase({ pgliteDir: join(dir, 'origem') });
  await seedFullRegistry(db, demoInput(7, 0.05));
  sourceHash = await registryContentHash(db);
  await db.close();
  if (pgUrl) await admin(`create database ${targetDb}`);
}, 60_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  process.env['DATABASE_URL'] = saved.url ?? '';
  if (saved.dir === undefined) delete process.env['PRECATORIOS_DATA_DIR'];
  else process.env['PRECATORIOS_DATA_DIR'] = saved.dir;
  if (pgUrl) await admin(`drop database if exists ${targetDb}`);
  rmSync(dir, { recursive: true, force: true });
});

describe('precatorios exportar / importar --completo', () => {
  it('exportar --completo writes the backup folder and prints the counts and the content hash', async () => {
    useSource();
    const result = await run('exportar', '--completo', backup);
    expect(result.err).not.toContain('erro');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`hash do conteúdo (sha256): ${sourceHash}`);
    expect(result.out).toMatch(/precatorios\s+\d+\n/);
    expect(result.out).toMatch(/events\s+[1-9]\d*\n/);
    expect(readdirSync(backup)).toEqual(expect.arrayContaining(['manifest.json', 'precatorios.ndjson', 'events.ndjson']));
  });

  it('importar --completo restores into an empty registry and prints the same hash', async () => {
    useTarget();
    const result = await run('importar', '--completo', backup);
    expect(result.err).not.toContain('erro');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`restaurado (${pgUrl ? 'postgres' : 'pglite'}`);
    expect(result.out).toContain(`hash do conteúdo (sha256): ${sourceHash}`);
  });

  it('importar --completo into a registry that is not empty exits 1 and says why', async () => {
    useTarget();
    const result = await run('importar', '--completo', backup);
    expect(result.code).toBe(1);
    expect(result.err).toContain('o registro de destino não está vazio');
    expect(result.out).toBe('');
  });

  it('refuses to export over a folder with files (exit 1)', async () => {
    useSource();
    writeFileSync(join(dir, 'ocupada.txt'), 'x');
    const result = await run('exportar', '--completo', dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain('já existe e não está vazia');
  });

  it('exits 64 on bad usage, with the help text', async () => {
    for (const argv of [
      ['exportar'],
      ['exportar', '--completo'],
      ['exportar', '--tudo', 'x'],
      ['importar', '--completo', backup, 'arquivo.csv'],
      ['importar', '--completo'],
    ]) {
      const result = await run(...argv);
      expect([argv.join(' '), result.code]).toEqual([argv.join(' '), 64]);
      expect(result.err).toContain('uso: precatorios');
    }
    expect((await run('exportar', '--ajuda')).code).toBe(0);
  });
});
