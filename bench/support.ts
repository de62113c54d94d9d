import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = `${ROOT}bin/precatorios.mjs`;

/** DATABASE_URL, or a throwaway PostgreSQL on loopback when Debian's postgresql is installed. */
export function postgresUrl(): string | undefined {
  if (process.env['DATABASE_URL']) return process.env['DATABASE_URL'];
  if (!existsSync('/usr/lib/postgresql')) return undefined;
  try {
    return execFileSync('bash', [`${ROOT}.ci/start-postgres.sh`], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** A fresh database on the same server, so each run starts empty. */
export function freshDatabase(url: string, name: string): string {
  const u = new URL(url);
  const psql = (sql: string) => execFileSync('psql', ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-qc', sql], { stdio: 'pipe' });
  psql(`drop database if exists ${name}`);
  psql(`create database ${name}`);
  u.pathname = `/${name}`;
  return u.toString();
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; stderr: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`precatorios ${args[0]} saiu com ${result.status}: ${result.stderr}`);
  return { ms: performance.now() - started, stderr: result.stderr };
}

/**
 * Starts `precatorios servir` and resolves once it answers /api/health. The per-address rate limit
 * is off (all load comes from one loopback client); a benchmark of the limiter passes its own.
 */
export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const unlimited = { PRECATORIOS_LIMITE_CONSULTAS: 'desligado', PRECATORIOS_LIMITE_SIMULACOES: 'desligado' };
  const child = spawn(process.execPath, [BIN, 'servir', '--porta', String(port)], {
    env: { ...process.env, ...unlimited, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('servidor não respondeu em 60 s');
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
