// Goal: `precatorios mudancas` (issue 18 §1) gives, from the CLI, the public answer of
// GET /api/precatorios/:numero/mudancas through the one use case (app/position-changes.ts).
// Method: a real process on a registry folder the real `importar` made (its events are of now): a
// list older than the import says the precatório was registered since; today's list, compared with
// itself, moved no one; a bad --desde is refused naming the flag; an unknown número is exit 1.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import { BIN, ROOT, pgliteEnv, registryTemplate, startServir } from '../storage/support/store-processes.ts';

const NUMERO = '0000001-85.2023.8.14.0301';

function cli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('precatorios mudancas', () => {
  let store: Awaited<ReturnType<typeof registryTemplate>>;
  beforeAll(async () => {
    store = await registryTemplate();
  }, 120_000);
  afterAll(() => store?.dispose());

  it('answers as the API does: registered since an older list, unmoved against today’s', async () => {
    const env = pgliteEnv(store.template);
    const today = supportedDatesToday().today;
    const older = await cli(['mudancas', NUMERO, '--desde', '2025-01-01', '--formato', 'json'], env);
    expect(older.code, older.stderr).toBe(0);
    const body = JSON.parse(older.stdout);
    expect(body).toMatchObject({ desde: '2025-01-01', data: today, situacao: 'registrado-depois', posicaoAntes: null, motivos: [] });
    expect(body.posicaoAgora).toBeGreaterThan(0);

    const same = await cli(['mudancas', NUMERO, '--desde', today], env);
    expect(same.code, same.stderr).toBe(0);
    const [d, m, y] = [today.slice(8, 10), today.slice(5, 7), today.slice(0, 4)];
    expect(same.stdout.split('\n')[0]).toBe(
      `O precatório estava na posição ${body.posicaoAgora} na lista publicada ao fim de ${d}/${m}/${y} e continua na posição ${body.posicaoAgora} na lista publicada hoje (${d}/${m}/${y}).`,
    );
    expect(same.stdout).toContain('não mudam a posição de ninguém');
  }, 120_000);

  it('through a running servir: the same output as on the store directly', async () => {
    const served = store.copy('servida');
    const direct = await cli(['mudancas', NUMERO, '--desde', '2025-01-01', '--formato', 'json'], pgliteEnv(store.template));
    const server = await startServir(pgliteEnv(served), ['--sem-demo']);
    try {
      const via = await cli(['mudancas', NUMERO, '--desde', '2025-01-01', '--formato', 'json'], pgliteEnv(served));
      expect(via.code, via.stderr).toBe(0);
      expect(via.stdout).toBe(direct.stdout);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('refuses a bad --desde naming the flag, and an unknown número', async () => {
    const env = pgliteEnv(store.template);
    const bad = await cli(['mudancas', NUMERO, '--desde', '2999-01-01'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^erro: --desde: /);
    const unknown = await cli(['mudancas', '0000000-00.0000.0.00.0000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('erro: precatório 0000000-00.0000.0.00.0000 não encontrado\n');
  }, 120_000);
});
