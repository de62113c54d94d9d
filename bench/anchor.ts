// Anchors measured in the same run as our figures (issue 19): what the machine does with the same
// input in the simplest possible way, so a ratio survives a noisy shared box where seconds do not.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';

/** `alvo: … razão X.XX× (alvo ≤ Y×) — atingido|NÃO atingido`, the summary line every bench prints. */
export function verdict(what: string, ours: number, anchor: number, maxRatio: number): string {
  const ratio = ours / anchor;
  return `alvo: ${what} — razão ${ratio.toFixed(2)}× (alvo ≤ ${maxRatio}×) — ${ratio <= maxRatio ? 'atingido' : 'NÃO atingido'}`;
}

/** An absolute target (seconds, MB, ms): `alvo: … X (alvo ≤ Y) — atingido|NÃO atingido`. */
export function verdictAbs(what: string, ours: number, max: number, unit: string, digits = 1): string {
  return `alvo: ${what} — ${ours.toFixed(digits)} ${unit} (alvo ≤ ${max} ${unit}) — ${ours <= max ? 'atingido' : 'NÃO atingido'}`;
}

export const load = (): string =>
  `carga ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`;

/** Anchor 1 (import): psql `\copy` of the file into a fresh table of text columns, in ms. */
export function copyIntoTextTable(url: string, csv: string): number {
  const header = readFileSync(csv, 'utf8')
    .slice(0, 4096)
    .split(/\r?\n/)[0]!
    .replace(/^\uFEFF/, '');
  const columns = header.split(',').map((c, i) => `"c${i}_${c.replace(/\W/g, '_')}" text`);
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-d', u.pathname.slice(1), '-v', 'ON_ERROR_STOP=1', '-qc'];
  // A logged table, as the registry's: the anchor pays the WAL as the import does.
  execFileSync('psql', [...args, `drop table if exists ancora_copy; create table ancora_copy (${columns.join(', ')})`], { stdio: 'pipe' });
  const started = performance.now();
  execFileSync('psql', [...args, `\\copy ancora_copy from '${csv.replace(/'/g, "''")}' with (format csv, header true)`], { stdio: 'pipe' });
  const ms = performance.now() - started;
  execFileSync('psql', [...args, 'drop table ancora_copy'], { stdio: 'pipe' });
  return ms;
}

/** Anchor 2 (import): readline over the file, each line split into its fields; ms and field count. */
export async function readlineSplit(csv: string): Promise<{ ms: number; fields: number; lines: number }> {
  const started = performance.now();
  let fields = 0;
  let lines = 0;
  const rl = createInterface({ input: createReadStream(csv), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    fields += line.split(',').length;
    lines++;
  }
  return { ms: performance.now() - started, fields, lines };
}

/** Runs the CLI under /usr/bin/time -v when present: wall ms, peak RSS (MB, VmHWM of the process) and stderr. */
export function runCliMeasured(bin: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; peakMb: number | undefined; stderr: string } {
  const timed = existsSync('/usr/bin/time');
  const cmd = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed ? ['-v', process.execPath, bin, ...args] : [bin, ...args];
  const started = performance.now();
  const result = spawnSync(cmd, argv, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`precatorios ${args[0]} saiu com ${result.status}: ${result.stderr}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  return { ms, peakMb: kb ? Number(kb) / 1024 : undefined, stderr: result.stderr };
}

/**
 * `servir` start-up: spawn to the first 200 of GET /api/entes (servir builds every debtor's list
 * before it listens, src/cli/servir.ts), and the process's peak RSS (VmHWM) once it answers.
 */
export async function servirStartup(bin: string, port: number, env: NodeJS.ProcessEnv): Promise<{ ms: number; peakMb: number; warmLine: string }> {
  let stderr = '';
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'servir', '--sem-demo', '--porta', String(port)], {
    env: { ...process.env, PRECATORIOS_LIMITE_CONSULTAS: 'desligado', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  try {
    for (let i = 0; i < 15000; i++) {
      if (child.exitCode !== null) throw new Error(`servir saiu com ${child.exitCode}: ${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/entes`);
        await res.arrayBuffer();
        if (res.ok) {
          const ms = performance.now() - started;
          const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
          return { ms, peakMb: Number(hwm) / 1024, warmLine: /listas de .*/.exec(stderr)?.[0] ?? '' };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`servir não respondeu em 5 min: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}
