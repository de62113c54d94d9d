import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BIN = `${ROOT}bin/precatorios.mjs`;
export const FIXTURE_CSV = `${ROOT}test/fixtures/projeto-valido.csv`;

/** Environment of a child on the PGlite folder `dir` (an empty DATABASE_URL means no PostgreSQL, even in CI). */
export const pgliteEnv = (dir: string, extra: Record<string, string> = {}) => ({
  DATABASE_URL: '',
  PRECATORIOS_DATA_DIR: dir,
  PRECATORIOS_LIMITE_CONSULTAS: 'desligado',
  PRECATORIOS_LIMITE_SIMULACOES: 'desligado',
  ...extra,
});

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** `precatorios <args>` to the end. */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

export interface Servir {
  readonly base: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait: nothing of it runs afterwards. */
  kill(): Promise<void>;
}

/** `precatorios servir --porta 0 <args>`; resolves once it prints its address, rejects if it exits first. */
export function startServir(env: Record<string, string>, args: readonly string[] = []): Promise<Servir> {
  const child = spawn(process.execPath, [BIN, 'servir', '--porta', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const end = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const m = /precatórios em (http:\/\/[^/\s]+)\//.exec(log);
      if (m) resolve({ base: m[1]!, child, stderr: () => log, stop: end('SIGTERM'), kill: end('SIGKILL') });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`servir saiu com ${code}:\n${log}`), { code, stderr: log })));
  });
}

/** `servir` expected to refuse: its exit code and what it wrote. */
export async function servirRefused(env: Record<string, string>, args: readonly string[] = []): Promise<CliRun> {
  try {
    const server = await startServir(env, args);
    await server.stop();
    return { code: 0, signal: null, stderr: server.stderr() };
  } catch (error) {
    const e = error as { code?: number | null; stderr?: string };
    if (e.stderr === undefined) throw error;
    return { code: e.code ?? null, signal: null, stderr: e.stderr };
  }
}

/** sha256 over every file's relative path, size and bytes (mtimes are not content). */
export function hashFolder(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = join(relative, name);
      const stat = statSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else hash.update(`${path}\t${stat.size}\n`).update(readFileSync(join(dir, path)));
    }
  };
  walk('.');
  return hash.digest('hex');
}

/** A scratch root, and a registry folder made once by the real CLI (`importar` of the fixture) to copy from. */
export async function registryTemplate(): Promise<{ root: string; template: string; copy(name: string): string; dispose(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'registro-'));
  const template = join(root, 'modelo');
  const made = await runCli(['importar', FIXTURE_CSV], pgliteEnv(template));
  if (made.code !== 0) throw new Error(`importar do modelo falhou:\n${made.stderr}`);
  return {
    root,
    template,
    copy(name) {
      const dir = join(root, name);
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
      return dir;
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Nothing a user should see from a refused store: a stack, an object printed as such, a wasm abort. */
export function expectCleanRefusal(run: CliRun, expect: (value: unknown) => any): void {
  expect(run.code).toBe(1);
  // After a progress line ("\rgravados N…") the error follows on the same line.
  expect(run.stderr).toMatch(/(^|\)|\r)erro: /m);
  expect(run.stderr).not.toMatch(/\n\s+at |\[object Object\]|Aborted\(\)|RuntimeError|failed to initialize properly/);
}
