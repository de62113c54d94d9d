// Goal (issue 17 §1): `precatorios deposito registrar|importar|extrato` as real processes on a PGlite
// folder — a deposit split as the law says (ADCT 102: 50 % to the list for a regulated ente, rounded
// up), an import with bad lines refused whole with every line and field named (exit 1), the
// statement in JSON; the events name the OS user (local:…); usage mistakes exit 64.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActor } from '../../src/shell/environment.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { BIN, ROOT } from '../concurrency/servers.ts';

const dir = mkdtempSync(join(tmpdir(), 'deposito-'));
const env = { ...process.env, PRECATORIOS_DATA_DIR: join(dir, 'pglite'), DATABASE_URL: '' };
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'deposito', ...args], { cwd: ROOT, encoding: 'utf8', env });

describe('precatorios deposito', () => {
  beforeAll(async () => {
    const db = await openDatabase({ pgliteDir: env.PRECATORIOS_DATA_DIR });
    await db.query(`insert into entes (id, nome, esfera, regime) values ('estado-do-para', 'Estado do Pará', 'estadual', 'especial')`);
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers, refuses a bad import whole, and shows the statement', async () => {
    const r = cli('registrar', '--ente', 'estado-do-para', '--data', '2025-10-31', '--valor', '1.500.000,01', '--documento', 'extrato BB out/2025');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/saldos: cronológica R\$\s750\.000,01, acordos R\$\s750\.000,00/);
    const bad = join(dir, 'ruim.csv');
    writeFileSync(bad, 'data;valor;documento\n2025-11-28;10,00;ok\n2025-11-31;10,00;x\n2025-11-28;dez;\n');
    const refused = cli('importar', bad, '--ente', 'estado-do-para');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('linha 3, campo data');
    expect(refused.stderr).toContain('linha 4, campo valor');
    expect(refused.stderr).toContain('linha 4, campo documento');
    const good = join(dir, 'bom.csv');
    writeFileSync(good, 'data;valor;documento\n2025-11-28;10,00;ok\n');
    expect(cli('importar', good, '--ente', 'estado-do-para').stdout).toMatch(/1 depósito\(s\) importado\(s\), total R\$\s10,00/);
    const statement = JSON.parse(cli('extrato', '--ente', 'estado-do-para', '--formato', 'json').stdout) as { saldos: unknown; lancamentos: unknown[] };
    expect(statement.saldos).toEqual({ cronologica: '750005.01', acordo: '750005.00' });
    expect(statement.lancamentos).toHaveLength(10);
    const db = await openDatabase({ pgliteDir: env.PRECATORIOS_DATA_DIR });
    const actors = await db.query<{ actor: string }>(`select distinct actor from special_account_entries`);
    await db.close();
    expect(actors.rows).toEqual([{ actor: localActor() }]);
  }, 120_000);

  it('exits 64 on usage mistakes', () => {
    expect(cli('registrar', '--ente', 'estado-do-para', '--data', '2025-10-31', '--valor', '0', '--documento', 'x').status).toBe(64);
    expect(cli('voar').status).toBe(64);
  });
});
