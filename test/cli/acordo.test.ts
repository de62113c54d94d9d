// Goal (issue 17 §2): `precatorios acordo` as a real process on a PGlite folder — an edital opened
// for a regime-especial ente with its event naming the OS user, one above the 40 % cap refused in
// Portuguese (R7.6, exit 1 with the field), and usage mistakes exit 64.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActor } from '../../src/shell/environment.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { BIN, ROOT } from '../concurrency/servers.ts';

const dir = mkdtempSync(join(tmpdir(), 'acordo-'));
const env = { ...process.env, PRECATORIOS_DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'acordo', ...args], { cwd: ROOT, encoding: 'utf8', env });

describe('precatorios acordo', () => {
  beforeAll(async () => {
    const db = await openDatabase({ pgliteDir: env.PRECATORIOS_DATA_DIR });
    await db.query(`insert into entes (id, nome, esfera, regime) values ('estado-do-para', 'Estado do Pará', 'estadual', 'especial')`);
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens an edital and refuses one above the 40 % cap', async () => {
    const base = ['edital', '--ente', 'estado-do-para', '--abertura', '2025-10-01', '--encerramento', '2025-10-31'];
    const refused = cli(...base, '--numero', '1/2025', '--desagio-maximo', '0.5');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('deságio máximo 50 % fora do permitido');
    const r = cli(...base, '--numero', '1/2025', '--desagio-maximo', '0.2');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/edital 1\/2025 \(id \d+\) aberto para estado-do-para: 2025-10-01 a 2025-10-31, deságio máximo 0\.2/);
    const db = await openDatabase({ pgliteDir: env.PRECATORIOS_DATA_DIR });
    const events = await db.query<{ actor: string }>(`select actor from events where kind = 'acordo-edital-aberto'`);
    await db.close();
    expect(events.rows).toEqual([{ actor: localActor() }]);
  }, 120_000);

  it('exits 64 on usage mistakes', () => {
    expect(cli().status).toBe(64);
    expect(cli('habilitar', '--edital', '1', '--precatorio', 'p', '--beneficiario', 'b', '--desagio', '40%', '--data', '2025-10-02').status).toBe(64);
    expect(cli('chamar', '--edital', '1').status).toBe(64);
  });
});
