import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KillResult, KillStage } from './kill.ts';

/** Migrations a reopened store must have: every src/storage/migrations/NNNN_*.sql (read now, not at load). */
export function migrationCount(): number {
  return readdirSync(fileURLToPath(new URL('../../../src/storage/migrations/', import.meta.url))).filter((f) => /^\d{4}_.+\.sql$/.test(f)).length;
}

export type Outcome = 'none' | 'all';

/**
 * What each stage allows after a kill: before the last write nothing can have committed; between
 * the last write and the commit either is right; once the command said it committed, everything
 * must be there (a reported commit survives a crash).
 */
export const ALLOWED: Record<KillStage, readonly Outcome[]> = {
  'before-write': ['none'],
  'mid-write': ['none'],
  'after-last-write': ['none', 'all'],
  'after-commit': ['all'],
};

export interface KillRecord {
  readonly result: KillResult;
  readonly outcome: Outcome;
  readonly reopenMs: number;
}

/** One line per stage: kills, outcomes, mean time to the kill — the figures the report quotes. */
export function summarise(label: string, records: readonly KillRecord[]): string {
  const stages: KillStage[] = ['before-write', 'mid-write', 'after-last-write', 'after-commit'];
  const lines = stages.map((stage) => {
    const here = records.filter((r) => r.result.killed && r.result.stage === stage);
    const none = here.filter((r) => r.outcome === 'none').length;
    const mean = here.length === 0 ? 0 : Math.round(here.reduce((a, r) => a + r.result.elapsedMs, 0) / here.length);
    return `  ${stage.padEnd(17)} ${String(here.length).padStart(3)} kills: ${none} nada, ${here.length - none} tudo (kill em média a ${mean} ms)`;
  });
  const killed = records.filter((r) => r.result.killed).length;
  const reopen = Math.round(records.reduce((a, r) => a + r.reopenMs, 0) / Math.max(1, records.length));
  return `${label}: ${killed} SIGKILL de ${records.length} execuções; reabertura média ${reopen} ms\n${lines.join('\n')}`;
}
