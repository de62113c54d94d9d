// Goal (issue 15 §1): a file-backed PGlite folder has one holder. A second `servir` on the folder
// of a running `servir` (the CLI's commands go through the running one instead) is refused with a message
// naming the folder and the holder, and touches nothing (the folder's bytes are hashed before and
// after); the first server goes on answering and writing. A holder killed with SIGKILL leaves its
// record, and the next opener recovers it and says so; SIGTERM releases it. Of several processes
// racing for a folder — free, or held by a dead process — exactly one wins.
// Method: real child processes (`precatorios servir`, `precatorios importar`, and small racers
// running acquireHold), real signals. Runtime ≈ 60–90 s (each PGlite start is a few seconds).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/open-db.ts';
import { checkStoreTotals } from '../../src/storage/self-check.ts';
import { LOCK_FILE, readHolder } from '../../src/storage/store-holder.ts';
import {
  FIXTURE_CSV,
  ROOT,
  expectCleanRefusal,
  hashFolder,
  pgliteEnv,
  registryTemplate,
  runCli,
  servirRefused,
  startServir,
} from './support/store-processes.ts';

const TOKEN = 'token-do-teste-de-posse';
let store: Awaited<ReturnType<typeof registryTemplate>>;

beforeAll(async () => {
  store = await registryTemplate();
}, 120_000);
afterAll(() => store?.dispose());

/** Opens the folder, runs the self-check `servir` runs at start (throws on a mismatch) and counts the precatórios. */
async function selfChecked(dir: string): Promise<number> {
  const db = await openDatabase({ pgliteDir: dir });
  try {
    await checkStoreTotals(db, dir);
    return Number((await db.query<{ n: string }>('select count(*)::text as n from precatorios')).rows[0]!.n);
  } finally {
    await db.close();
  }
}

const healthStatus = async (base: string) => ((await (await fetch(`${base}/api/health`)).json()) as { status: string }).status;

describe('one holder per PGlite folder', () => {
  it('a second servir on the folder of a running servir is refused and change nothing; the first goes on', async () => {
    const dir = store.copy('dois-servidores');
    const first = await startServir(pgliteEnv(dir, { PRECATORIOS_ADMIN_TOKEN: TOKEN }));
    try {
      const holder = readHolder(dir)!;
      expect(holder).toMatchObject({ pid: first.child.pid, host: hostname(), comando: expect.stringContaining('precatorios servir') });
      // The record says where the holder answers (for a CLI that goes through it).
      expect(holder.url).toBe(`${first.base}/`);
      const before = hashFolder(dir);

      const second = await servirRefused(pgliteEnv(dir));
      expectCleanRefusal(second, expect);
      expect(second.stderr).toContain(`o registro em ${dir} está aberto por \`precatorios servir --porta 0\` (processo ${first.child.pid} em ${hostname()}`);
      // The CLI's commands do not open the folder while a servir holds it: they go through its API
      // (test/cli/through-server.test.ts).
      expect(hashFolder(dir)).toBe(before);

      // The first server still reads and writes.
      expect(await healthStatus(first.base)).toBe('ok');
      const entes = (await (await fetch(`${first.base}/api/entes`)).json()) as { entes: unknown[] };
      expect(entes.entes.length).toBeGreaterThan(0);
      const written = await fetch(`${first.base}/api/importacoes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv', 'x-usuario': 'teste' },
        body: await (await import('node:fs/promises')).readFile(FIXTURE_CSV),
      });
      expect(written.status).toBe(200);
    } finally {
      await first.stop();
    }
    // SIGTERM: servir closes the store, which releases the folder.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 180_000);

  it('after SIGKILL of the holder the next opener recovers the folder and says so; its data is intact', async () => {
    const dir = store.copy('morto');
    const server = await startServir(pgliteEnv(dir));
    const pid = server.child.pid;
    await server.kill();
    expect(readHolder(dir)?.pid).toBe(pid);
    const run = await runCli(['importar', FIXTURE_CSV], pgliteEnv(dir));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`estava marcada como aberta por \`precatorios servir --porta 0\` (processo ${pid}`);
    expect(run.stderr).toContain('posse recuperada');
    // Same file again: nothing changed, so the registry the killed server held is all there.
    expect(run.stderr).toMatch(/0 novos, 0 alterados, 2 sem mudança/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(await selfChecked(dir)).toBe(2);
  }, 180_000);

  it('Ctrl-C (SIGINT) still stops a CLI command at once; the next opener recovers the folder and says so', async () => {
    const dir = store.copy('sigint');
    const big = join(store.root, 'sigint.csv');
    expect((await runCli(['demo', '--escala', '1', '--saida', big], {})).code).toBe(0);
    const child = spawn(process.execPath, [`${ROOT}bin/precatorios.mjs`, 'importar', big], {
      cwd: ROOT,
      env: { ...process.env, ...pgliteEnv(dir) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    // Interrupted once it holds the folder and writes (its progress line), not after a guessed delay.
    await new Promise<void>((resolve) =>
      child.stderr!.setEncoding('utf8').on('data', (c: string) => {
        err += c;
        if (/gravados \d+/.test(err)) resolve();
      }),
    );
    expect(readHolder(dir)?.pid).toBe(child.pid);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(err).not.toMatch(/linhas \(projeto\)/); // stopped, not run to the end
    const next = await runCli(['importar', FIXTURE_CSV], pgliteEnv(dir));
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`processo ${child.pid} não existe mais: posse recuperada`);
    // Nothing of the interrupted import: the template's 2 precatórios, and the store agrees with itself.
    expect(next.stderr).toMatch(/0 novos, 0 alterados, 2 sem mudança/);
    expect(await selfChecked(dir)).toBe(2);
  }, 180_000);

  it('a record from another host is refused (cannot tell if alive) with how to clear it', async () => {
    const dir = store.copy('outra-maquina');
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, host: 'servidor-de-outra-maquina', desde: '2026-01-02T03:04:05.000Z', comando: 'precatorios servir', token: 'x' }),
    );
    const before = hashFolder(dir);
    const run = await runCli(['importar', FIXTURE_CSV], pgliteEnv(dir));
    expectCleanRefusal(run, expect);
    expect(run.stderr).toContain('processo 1 em servidor-de-outra-maquina');
    expect(run.stderr).toContain(`apague ${join(dir, LOCK_FILE)}`);
    expect(hashFolder(dir)).toBe(before);
  }, 120_000);
});

describe('racing openers', () => {
  const RACERS = 6;

  async function race(dir: string, round: string): Promise<string[]> {
    const start = join(dir, '..', `largada-${round}`);
    const children: ChildProcess[] = [];
    const ready: Promise<void>[] = [];
    const outputs = Array.from(
      { length: RACERS },
      (_, i) =>
        new Promise<string>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}test/storage/support/hold-racer.ts`, dir, start], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          children[i] = child;
          let out = '';
          let signalReady: () => void = () => undefined;
          ready[i] = new Promise((r) => (signalReady = r));
          child.stdout!.setEncoding('utf8').on('data', (c: string) => {
            out += c;
            if (out.includes('pronto\n')) signalReady();
            if (/ganhou\n/.test(out)) resolve(out);
          });
          child.on('exit', () => {
            signalReady();
            resolve(out);
          });
        }),
    );
    // All loaded and polling before the start file appears: they race at one moment.
    await Promise.all(ready);
    writeFileSync(start, '');
    const results = await Promise.all(outputs);
    const gone = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r))));
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(gone);
    return results;
  }

  it(`of ${RACERS} processes racing for a free folder, and then for the one the winner held when killed, exactly one wins each time`, async () => {
    const dir = join(store.root, 'corrida', 'pasta');
    mkdirSync(dir, { recursive: true });
    const first = await race(dir, '1');
    expect(first.filter((o) => o.includes('ganhou'))).toHaveLength(1);
    expect(first.filter((o) => o.includes('perdeu: ') && o.includes('corredor de teste'))).toHaveLength(RACERS - 1);
    // The winner was SIGKILLed: its record stays, and every racer of round 2 finds it stale.
    expect(readHolder(dir)?.comando).toBe('corredor de teste');
    const second = await race(dir, '2');
    expect(second.filter((o) => o.includes('ganhou'))).toHaveLength(1);
    expect(second.filter((o) => o.includes('recuperou: ')).length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
