import type { Db } from '../storage/db.ts';
import { readDemoMark } from '../storage/registry-meta.ts';
import { type WriteStatus, probeWrites } from '../storage/write-probe.ts';

/** How long a write probe's answer is reused: /api/health may be polled often, the probe commits a write. */
export const PROBE_CACHE_MS = 2000;
/** How often a registry not (yet) marked as demo is looked at again (another server may load it). */
const DEMO_RECHECK_MS = 5000;

/**
 * What the service says about its registry on every answer (issue 15 §1): whether it was made from
 * the demo (a header on every API answer, a field and a banner) and whether writes work (health).
 * The demo mark is only ever added, so once seen it is kept; until then it is re-read now and then
 * (another server on the same PostgreSQL may be loading it while this one starts).
 */
export class RegistryStatus {
  #demo: boolean;
  #demoCheckedAt: number;
  /** The last probe; `at` is when it finished (undefined while it runs). */
  #probe: { at: number | undefined; result: Promise<WriteStatus> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string | undefined,
    demo: boolean,
    private readonly now: () => number = Date.now,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.#demo = demo;
    this.#demoCheckedAt = -Infinity;
  }

  /**
   * Whether the registry was made from the demo. Once true it stays (the mark is never removed);
   * until then one request every DEMO_RECHECK_MS (the first one included) reads it again.
   */
  async isDemo(): Promise<boolean> {
    if (this.#demo || this.now() - this.#demoCheckedAt < DEMO_RECHECK_MS) return this.#demo;
    // PGlite with a transaction open (an import): the read would wait for its end — and hold the
    // answer to a public lookup with it (issue 15 §3); nothing else can mark the registry meanwhile.
    if (this.db.activity?.().inTransaction) return this.#demo;
    this.#demoCheckedAt = this.now();
    this.#demo = (await readDemoMark(this.db).catch(() => undefined)) !== undefined;
    return this.#demo;
  }

  /** The write probe's answer, at most PROBE_CACHE_MS old; one probe at a time. */
  writes(): Promise<WriteStatus> {
    const last = this.#probe;
    if (last && (last.at === undefined || this.now() - last.at < PROBE_CACHE_MS)) return last.result;
    const probe: { at: number | undefined; result: Promise<WriteStatus> } = { at: undefined, result: Promise.resolve({ ok: true }) };
    probe.result = probeWrites(this.db, this.dataDir).then((status) => {
      probe.at = this.now();
      if (!status.ok) this.log(`[saúde] escritas falhando (${status.tipo}): ${status.motivo}${status.erro ? ` — ${status.erro}` : ''}`);
      return status;
    });
    this.#probe = probe;
    return probe.result;
  }
}
