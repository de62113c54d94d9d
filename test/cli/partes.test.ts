// Goal: `precatorios partes cessao|penhora|habilitacao` (issue 16 §2; R6.16–R6.18) as real processes on
// a PGlite folder: each writes its row, bumps the version and appends its event in the name of the
// OS user (local:…); a stale --versao is refused by the store (exit 1) and writes nothing; usage
// mistakes are exit 64 with a Portuguese reason, before any store is opened.
// Method: the CLI spawned on a fresh folder with the project fixture imported; the tables read back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { partesCommand } from '../../src/cli/partes.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { BIN, FIXTURE_CSV, ROOT, pgliteEnv } from '../storage/support/store-processes.ts';

const N = '0000001-85.2023.8.14.0301';

describe('precatorios partes on PGlite (real processes)', () => {
  let dir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'partes-'));
    env = pgliteEnv(join(dir, 'pglite'));
    expect(cli('importar', FIXTURE_CSV).status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses usage mistakes with 64 and a reason, before opening any store', async () => {
    const run = async (...args: string[]) => {
      let stderr = '';
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        stderr += String(chunk);
        return true;
      });
      try {
        return { status: await partesCommand.run(args), stderr };
      } finally {
        spy.mockRestore();
      }
    };
    expect(await run()).toEqual({ status: 64, stderr: expect.stringMatching(/informe o registro: cessao, penhora ou habilitacao/) });
    const heir = await run('habilitacao', '--numero', N, '--falecido', 'b2', '--decidido-em', '2026-02-10', '--herdeiro', 'só-um-campo');
    expect(heir).toEqual({ status: 64, stderr: expect.stringMatching(/use "id;credor;quinhão\[;nascimento\]"/) });
    expect(await run('penhora', '--numero', N, '--averbada-em', '31/02/2026')).toEqual({ status: 64, stderr: expect.stringMatching(/--averbada-em/) });
    expect(await run('cessao', '--numero', N, '--versao', 'x')).toEqual({ status: 64, stderr: expect.stringMatching(/--versao/) });
  });

  it('registers a cessão by fraction, a penhora and a habilitação; a stale version writes nothing', async () => {
    const cessao = cli(
      'partes',
      'cessao',
      '--numero',
      N,
      '--cedente',
      'b1',
      '--fracao',
      '0.25',
      '--cessionario',
      'fundo-1',
      '--instrumento',
      'particular',
      '--lavrada-em',
      '05/01/2026',
      '--protocolo-em',
      '2026-01-10',
    );
    expect([cessao.status, cessao.stderr]).toEqual([0, '']);
    expect(cessao.stdout).toMatch(/cessao registrada no precatório .* \(versão 2, pglite\)/);
    const stale = cli(
      'partes',
      'penhora',
      '--numero',
      N,
      '--beneficiario',
      'b1',
      '--valor',
      '5000.00',
      '--juizo',
      '1ª Vara',
      '--processo',
      'p-1',
      '--averbada-em',
      '2026-02-01',
      '--versao',
      '1',
    );
    expect([stale.status, stale.stderr]).toEqual([1, expect.stringMatching(/alterado por outra pessoa/)]);
    const penhora = cli(
      'partes',
      'penhora',
      '--numero',
      N,
      '--beneficiario',
      'b1',
      '--valor',
      '5000.00',
      '--juizo',
      '1ª Vara',
      '--processo',
      'p-1',
      '--averbada-em',
      '2026-02-01',
      '--versao',
      '2',
    );
    expect(penhora.status).toBe(0);
    const bad = cli(
      'partes',
      'cessao',
      '--numero',
      N,
      '--cedente',
      'b1',
      '--fracao',
      '2',
      '--cessionario',
      'f',
      '--instrumento',
      'particular',
      '--lavrada-em',
      '2026-01-05',
      '--protocolo-em',
      '2026-01-10',
    );
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringMatching(/fracao/)]);
    const heirs = cli(
      'partes',
      'habilitacao',
      '--numero',
      N,
      '--falecido',
      'b2',
      '--decidido-em',
      '2026-02-10',
      '--herdeiro',
      'b2-h1;herdeira-1;0.5;1950-01-01',
      '--herdeiro',
      'b2-h2;herdeiro-2;0.5',
    );
    expect([heirs.status, heirs.stderr]).toEqual([0, '']);

    const db = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    try {
      const count = async (table: string) =>
        Number((await db.query<{ n: string }>(`select count(*)::text as n from ${table} where precatorio_numero = $1`, [N])).rows[0]!.n);
      expect([await count('cessoes'), await count('penhoras'), await count('habilitacoes')]).toEqual([1, 1, 2]);
      const events = await db.query<{ kind: string; actor: string }>(
        `select kind, actor from events where precatorio_numero = $1 and kind in ('cessao-fracao', 'penhora', 'habilitacao') order by id`,
        [N],
      );
      expect(events.rows.map((e) => e.kind)).toEqual(['cessao-fracao', 'penhora', 'habilitacao']);
      for (const e of events.rows) expect(e.actor).toMatch(/^local:/);
      const version = await db.query<{ v: string }>('select version::text as v from precatorios where numero = $1', [N]);
      expect(version.rows[0]!.v).toBe('4');
    } finally {
      await db.close();
    }
  }, 120_000);
});
