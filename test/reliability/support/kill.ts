import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Random, seededRandom, seededShuffle } from '../../../src/demo/random.ts';

const BIN = fileURLToPath(new URL('../../../bin/precatorios.mjs', import.meta.url));

/**
 * When to send SIGKILL to a CLI child. Moments are tied to what the child has written so far
 * (its stderr progress), not only to wall time, so the same seed lands in the same phase on a
 * fast or a loaded machine:
 * - `time`: `delayMs` after spawn (start-up, opening the store, reading the file);
 * - `progress`: `delayMs` after stderr shows "gravados N" with N ≥ `atLeast` (mid-write);
 * - `committed`: `delayMs` after stderr shows the line the command prints once it has committed;
 * - `never`: the run goes to the end.
 */
export type KillTrigger =
  | { readonly kind: 'never' }
  | { readonly kind: 'time'; readonly delayMs: number }
  | { readonly kind: 'progress'; readonly atLeast: number; readonly delayMs: number }
  | { readonly kind: 'committed'; readonly delayMs: number };

/** Where the child was, from its own stderr, when the kill was sent. */
export type KillStage = 'before-write' | 'mid-write' | 'after-last-write' | 'after-commit';

export interface KillResult {
  readonly trigger: KillTrigger;
  /** False when the child finished before the kill was sent (it then exited by itself). */
  readonly killed: boolean;
  readonly stage: KillStage;
  /** Last "gravados N" seen before the kill. */
  readonly progress: number;
  readonly elapsedMs: number;
  readonly exitCode: number | null;
  readonly stderr: string;
}

export interface ChildSpec {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The progress count of the last write (all precatórios, all payments, all tables). */
  readonly total: number;
  /** A line the command prints (on stderr or stdout) only after its transaction committed, or its backup is in place. */
  readonly committed: RegExp;
  /** The progress so far, from all of stderr; by default the largest "gravados N". */
  readonly progressOf?: (stderr: string) => number;
}

const PROGRESS = /gravados (\d+)/g;
const gravados = (stderr: string) => Math.max(0, ...[...stderr.matchAll(PROGRESS)].map((m) => Number(m[1])));

/** Runs `precatorios <args>` and SIGKILLs it at `trigger`. Resolves when the child is gone. */
export function runAndKill(spec: ChildSpec, trigger: KillTrigger): Promise<KillResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...spec.args], { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const progressOf = spec.progressOf ?? gravados;
  let stderr = '';
  let stdout = '';
  let progress = 0;
  let sent: { stage: KillStage; progress: number; at: number } | undefined;
  let armed = false;
  const stageNow = (): KillStage =>
    spec.committed.test(stderr) || spec.committed.test(stdout)
      ? 'after-commit'
      : progress >= spec.total
        ? 'after-last-write'
        : progress > 0
          ? 'mid-write'
          : 'before-write';
  const arm = (delayMs: number) => {
    if (armed) return;
    armed = true;
    setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      sent = { stage: stageNow(), progress, at: Date.now() };
      child.kill('SIGKILL');
    }, delayMs);
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    progress = Math.max(progress, progressOf(stderr));
    if (trigger.kind === 'progress' && progress >= trigger.atLeast) arm(trigger.delayMs);
    if (trigger.kind === 'committed' && spec.committed.test(stderr)) arm(trigger.delayMs);
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    if (trigger.kind === 'committed' && spec.committed.test(stdout)) arm(trigger.delayMs);
  });
  if (trigger.kind === 'time') arm(trigger.delayMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const killed = signal === 'SIGKILL' && sent !== undefined;
      resolve({
        trigger,
        killed,
        stage: sent?.stage ?? stageNow(),
        progress: sent?.progress ?? progress,
        elapsedMs: (sent?.at ?? Date.now()) - started,
        exitCode: code,
        stderr,
      });
    });
  });
}

/** Runs the command to the end (no kill). */
export function runToEnd(spec: ChildSpec): Promise<KillResult> {
  return runAndKill(spec, { kind: 'never' });
}

/**
 * A seeded plan of kills over the whole life of a run: a few during start-up, most while it
 * writes (uniform over the writes, with a share kept early so that each run stays short), and
 * some in the window between the last write and the commit, and right after the commit.
 */
export function killPlan(
  seed: number,
  counts: { startup: number; earlyWrites: number; anyWrite: number; afterLastWrite: number; afterCommit: number },
  total: number,
  earlyFraction: number,
  startupMs: number,
): KillTrigger[] {
  const random: Random = seededRandom(seed);
  const within = (max: number) => Math.max(1, Math.floor(random.next() * max));
  const during: KillTrigger[] = [
    ...Array.from({ length: counts.startup }, (): KillTrigger => ({ kind: 'time', delayMs: random.int(0, startupMs) })),
    ...Array.from(
      { length: counts.earlyWrites },
      (): KillTrigger => ({ kind: 'progress', atLeast: within(total * earlyFraction), delayMs: random.int(0, 300) }),
    ),
    ...Array.from({ length: counts.anyWrite }, (): KillTrigger => ({ kind: 'progress', atLeast: within(total), delayMs: random.int(0, 300) })),
  ];
  return [
    // Shuffled (seeded) so early and late kills alternate on the same store.
    ...seededShuffle(during, seed),
    ...Array.from({ length: counts.afterLastWrite }, (): KillTrigger => ({ kind: 'progress', atLeast: total, delayMs: 0 })),
    ...Array.from({ length: counts.afterCommit }, (): KillTrigger => ({ kind: 'committed', delayMs: random.int(0, 30) })),
  ];
}

/**
 * The same moment, tried again sooner: `trigger` first, then with a quarter of its delay, then
 * with none. A fast child (PostgreSQL, a quiet machine) can finish inside a delay drawn for a
 * slow one; the caller retries until a kill lands, so the number of kills does not depend on
 * the machine's speed. A `never` trigger is tried once.
 */
export function sooner(trigger: KillTrigger): KillTrigger[] {
  if (trigger.kind === 'never') return [trigger];
  const delays = [...new Set([trigger.delayMs, Math.floor(trigger.delayMs / 4), 0])];
  return delays.map((delayMs) => ({ ...trigger, delayMs }));
}
