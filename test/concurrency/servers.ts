import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/precatorios.mjs`;

/**
 * A database of its own on the PostgreSQL of DATABASE_URL, for child processes (the CLI reads
 * DATABASE_URL and has no schema option). `drop` removes it, closing what is still connected.
 */
export async function freshDatabase(url: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`nome de banco inválido: ${name}`);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface Server {
  readonly base: string;
  readonly child: ChildProcess;
  /** What the process wrote to stderr so far (startup lines, unexpected-error logs). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * `precatorios servir --porta 0` as a real child process (with `--sem-demo` unless `demo`); resolves
 * with its address once it prints it (the port is chosen by the OS, so parallel runs never collide).
 */
export function startServer(env: NodeJS.ProcessEnv, options: { demo?: boolean; timeoutMs?: number } = {}): Promise<Server> {
  const { demo = false, timeoutMs = 120_000 } = options;
  const args = [BIN, 'servir', '--porta', '0', ...(demo ? [] : ['--sem-demo'])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`servidor não subiu em ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const m = /precatórios em (http:\/\/[^/\s]+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1]!, child, stderr: () => log, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`servidor saiu com ${code}:\n${log}`));
    });
  });
}
