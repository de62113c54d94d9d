/**
 * Work done in steps: a generator that yields between bounded slices of a long computation and
 * returns its result. Pure code stays pure (no clock, no event loop here); a caller on a server
 * drives it with a turn of the event loop between steps (issue 15 §3), any other runs it at once.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** A pause rule for stepped work: true after every `units` units of work (each call is one). */
export function pauseEvery(units: number): () => boolean {
  let work = 0;
  return () => {
    if (++work < units) return false;
    work = 0;
    return true;
  };
}
