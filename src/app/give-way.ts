import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Steps } from '../domain/steps.ts';

/**
 * Longest run of steps between two turns of the event loop. A lookup needs a few turns (socket
 * read, answer, write), each waiting for the running slice: slices of a few milliseconds keep it
 * well under the 100 ms target (issue 15 §3) while the preparation still gets most of the thread.
 */
const SLICE_MS = 8;

/**
 * Runs stepped work to its end in slices of about SLICE_MS, with a turn of the event loop between
 * them: requests are answered meanwhile (issue 15 §3).
 */
export async function giveWayBetween<T>(steps: Steps<T>): Promise<T> {
  for (let sliceStart = performance.now(); ; ) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < SLICE_MS) continue;
    await nextTurn();
    sliceStart = performance.now();
  }
}
