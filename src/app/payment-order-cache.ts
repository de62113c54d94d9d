import type { IsoDate } from '../domain/dates.ts';
import type { EnteDevedor } from '../domain/ente.ts';
import type { Precatorio } from '../domain/precatorio.ts';
import { type Money, sum, toDecimalString } from '../domain/money.ts';
import { type LiveOrder, buildLiveOrderSteps, updateLiveOrderSteps } from '../domain/queue/live-order.ts';
import { unorderableReason } from '../domain/queue/orderable.ts';
import type { PaymentOrder, SuperpreferenceTranche } from '../domain/queue/payment-order.ts';
import type { RuleBook } from '../domain/rule-book.ts';
import { type Steps, runToEnd } from '../domain/steps.ts';
import { rpvCeiling } from '../domain/rules/rpv.ts';
import type { PreparedLists } from '../app/import-csv.ts';
import type { Db } from '../storage/db.ts';
import { type EnteSummary, type PublicEvent, historyFromText, listEntes, locatePrecatorio } from '../storage/registry-store.ts';
import { enteVersion, enteVersions } from '../storage/registry-versions.ts';
import { type EnteSource, EnteSources, SOURCES_MAX } from './ente-source-cache.ts';
import { giveWayBetween } from './give-way.ts';

/** One debtor's lists on a run date, with what lookups need precomputed. */
export interface EnteQueue {
  readonly ente: EnteDevedor;
  readonly version: number;
  readonly rpvCeilingBrl: Money;
  readonly order: PaymentOrder;
  /** numero → index in `order.chronological`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** remaindersBefore[i] = Σ remainders of positions 1..i (so the amount ahead of index i). */
  readonly remaindersBefore: readonly Money[];
  readonly superpreferenceTotalBrl: Money;
  /** numero → its tranches in the superpreference list (a lookup shows them). */
  readonly tranchesOf: ReadonlyMap<string, readonly SuperpreferenceTranche[]>;
  /**
   * Precatórios of the debtor that cannot be placed (domain/queue/orderable.ts), left out of the
   * lists; the reason goes to the server log (it may quote personal data), never to the public.
   */
  readonly excluded: readonly string[];
}

/** Paid and cancelled counts and the amount paid, per source (a source never changes once built). */
const closedTotals = new WeakMap<EnteSource, { pagos: number; cancelados: number; pagoBrl: string }>();
function closedTotalsOf(source: EnteSource): { pagos: number; cancelados: number; pagoBrl: string } {
  let t = closedTotals.get(source);
  if (!t) {
    let pagos = 0;
    let cancelados = 0;
    const paid: Money[] = [];
    for (const p of source.precatorios.values()) {
      if (p.status === 'pago') pagos++;
      else if (p.status === 'cancelado') cancelados++;
      for (const b of p.beneficiarios) if (!b.pagoBrl.isZero()) paid.push(b.pagoBrl);
    }
    t = { pagos, cancelados, pagoBrl: sum(paid).toFixed(2) };
    closedTotals.set(source, t);
  }
  return t;
}

/** Upper bound on cached (ente, date) lists: a limit on everything (design §8). */
export const QUEUE_CACHE_MAX = 64;

/** Precatórios checked (domain/queue/orderable.ts) between two pauses of a stepwise preparation. */
const PLACEABLE_STEP = 512;

/** Superpreference tranches indexed by precatório (EnteQueue.tranchesOf) between two pauses. */
const TRANCHE_STEP = 2048;

/**
 * Builds and caches each debtor's payment order. The cache key includes the ente's `version`, which
 * every write bumps, so a stale list is never served — also across server processes, because the
 * version is read from the database on each request (one indexed row). A new version costs what
 * changed, so lists stay fast to serve while staff write (issue 9): only the precatórios whose own
 * version moved are reloaded (ente-source-cache.ts) and the order is updated from the previous one.
 */
export class QueueService {
  readonly #cache = new Map<string, Promise<EnteQueue>>();
  /** (ente, run date) → the cache key of its latest version. */
  readonly #latestKey = new Map<string, string>();
  readonly #sources: EnteSources;
  /** Per (ente, run date), the latest order built, which the next version's order is updated from. */
  readonly #orders = new Map<string, LiveOrder>();
  /** PGlite: each ente's version as read from the database, and the Db.activity generation it was read at. */
  readonly #committed = new Map<string, { generation: number; version: string }>();
  /** PGlite: the debtors and versions GET /api/entes read last, with the generation it read them at (see #locateHeld). */
  #entesRead: { generation: number; rows: readonly { id: string; version: string }[] } | undefined;

  /**
   * Lists an import built for the ente versions it is about to commit (prepare), by cache key:
   * served for exactly that version — which a reader only reads from the database after the COMMIT.
   */
  readonly #offered = new Map<string, { live: LiveOrder; queue: EnteQueue }>();

  /** Precatório → why it cannot be placed ('' when it can); per object, which never changes. */
  readonly #unorderable = new WeakMap<Precatorio, string>();

  constructor(
    private readonly db: Db,
    private readonly rules: RuleBook,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {
    this.#sources = new EnteSources(db);
  }

  /**
   * Every precatório of the queue's debtor (closed ones included) as the cache holds them, at the
   * queue's version or later: the desk's paid/cancelled filter reads them without the database.
   */
  async precatoriosOf(queue: EnteQueue): Promise<ReadonlyMap<string, Precatorio>> {
    return (await this.#sources.at(queue.ente.id, queue.version)).precatorios;
  }

  async queueOf(enteId: string, runDate: IsoDate): Promise<EnteQueue | undefined> {
    const held = this.#committedVersion(enteId);
    if (held !== undefined) return this.#cached(enteId, runDate, held);
    const quiet = this.#quietGeneration();
    const version = await enteVersion(this.db, enteId);
    if (version === undefined) return undefined;
    this.#noteCommitted(enteId, version, quiet);
    return this.#cached(enteId, runDate, version);
  }

  /**
   * The list a precatório sits in, and its own version and event history, found with one indexed
   * statement (its ente, the ente's version, its version and history, in one snapshot); everything
   * else comes from the cached list. Undefined when the número is unknown. While a transaction
   * holds PGlite's one connection (an import), answered from what was read of the committed state
   * when possible (#locateHeld), and `precatorio` then comes with it.
   */
  async locate(
    numero: string,
    runDate: IsoDate,
  ): Promise<{ queue: EnteQueue; index: number | undefined; precatorioVersion: number; events: readonly PublicEvent[]; precatorio?: Precatorio } | undefined> {
    const held = await this.#locateHeld(numero, runDate);
    if (held) return held;
    const quiet = this.#quietGeneration();
    const found = await locatePrecatorio(this.db, numero);
    if (!found) return undefined;
    this.#noteCommitted(found.enteId, String(found.enteVersion), quiet);
    const queue = await this.#cached(found.enteId, runDate, String(found.enteVersion));
    return { queue, index: queue.indexOf.get(numero), precatorioVersion: found.version, events: found.events };
  }

  /**
   * PGlite runs one statement at a time, and a transaction holds the connection to its end: during
   * an import every query waits for it (a 40 MB import held a lookup for 10 s, issue 15). Nothing
   * else can commit meanwhile, so the committed state is what was read before it began — a debtor
   * whose version was read from the database at the current generation (Db.activity) is still at
   * that version, and its source (precatórios, versions, histories, read in one snapshot) is the
   * committed truth. A lookup of a precatório of such a debtor is then answered from memory; anything
   * else (a debtor not read since the last commit, an unknown número) waits for the database as before.
   * Readers never see the import's rows: they are not committed, and not in any source.
   */
  async #locateHeld(numero: string, runDate: IsoDate): Promise<Awaited<ReturnType<QueueService['locate']>> | undefined> {
    const activity = this.db.activity?.();
    if (!activity?.inTransaction) return undefined;
    for (const [enteId, committed] of this.#committed) {
      if (committed.generation !== activity.generation) continue;
      const source = this.#sources.held(enteId, Number(committed.version));
      const precatorio = source?.precatorios.get(numero);
      if (!source || !precatorio) continue;
      const queue = await this.#cached(enteId, runDate, committed.version);
      return {
        queue,
        index: queue.indexOf.get(numero),
        precatorioVersion: source.versions.get(numero)!,
        events: historyFromText(source.histories.get(numero)!),
        precatorio,
      };
    }
    return undefined;
  }

  /** The ente's version as last read from the database, when nothing may have committed since and a transaction holds the connection. */
  #committedVersion(enteId: string): string | undefined {
    const activity = this.db.activity?.();
    const committed = this.#committed.get(enteId);
    return activity?.inTransaction && committed?.generation === activity.generation ? committed.version : undefined;
  }

  /** The generation before a read, when no transaction is open (else the read may wait behind one and see what it commits). */
  #quietGeneration(): number | undefined {
    const activity = this.db.activity?.();
    return activity && !activity.inTransaction ? activity.generation : undefined;
  }

  /** Remembers an ente's version read from the database, if nothing may have committed during the read. */
  #noteCommitted(enteId: string, version: string, quiet: number | undefined): void {
    if (quiet === undefined || this.db.activity?.().generation !== quiet) return;
    this.#committed.delete(enteId);
    this.#committed.set(enteId, { generation: quiet, version });
    while (this.#committed.size > SOURCES_MAX) this.#committed.delete(this.#committed.keys().next().value!);
  }

  /**
   * Every debtor with its counts, stock and RPV laws (GET /api/entes), from the sources the lists
   * are built from: one small query for the versions, and a refresh only of debtors that changed
   * (no aggregate over the registry per request). With more debtors than sources kept, the SQL
   * aggregate instead.
   */
  async entes(): Promise<EnteSummary[]> {
    const activity = this.db.activity?.();
    const held = activity?.inTransaction && this.#entesRead?.generation === activity.generation ? this.#entesRead.rows : undefined;
    const quiet = this.#quietGeneration();
    const rows = held ?? (await enteVersions(this.db));
    if (rows.length > SOURCES_MAX) return listEntes(this.db);
    for (const { id, version } of rows) this.#noteCommitted(id, version, quiet);
    if (quiet !== undefined && this.db.activity?.().generation === quiet) this.#entesRead = { generation: quiet, rows };
    return Promise.all(
      rows.map(async ({ id, version }) => {
        const source = await this.#sources.at(id, Number(version));
        return {
          ente: source.ente,
          version: source.version,
          precatorios: source.precatorios.size,
          abertos: source.abertos,
          estoqueBrl: toDecimalString(source.estoqueBrl),
          ...closedTotalsOf(source),
        };
      }),
    );
  }

  /**
   * Inside an import's transaction, after its last write: reads each debtor it touched as the
   * import will commit it (in pages, so the event loop turns between statements) and builds the
   * lists held now for those debtors' run dates, so the first reads after the COMMIT find them
   * ready instead of rebuilding (a 1 M-row import held every lookup more than 30 s after its COMMIT,
   * issue 15 §3). Until `commit()` nothing here is visible: readers during the import keep the
   * committed lists (#locateHeld), and a rollback (`discard()`) leaves no trace.
   */
  async prepare(tx: Db, enteIds: Iterable<string>): Promise<PreparedLists> {
    const runDates = [...new Set([...this.#latestKey.keys()].map((list) => list.slice(list.lastIndexOf('|') + 1) as IsoDate))].slice(-2);
    const sources: EnteSource[] = [];
    const lists: { list: string; key: string; live: LiveOrder; queue: EnteQueue }[] = [];
    // Bounded like the caches they go into: past that, the first read builds as before.
    for (const enteId of [...enteIds].slice(0, Math.floor(QUEUE_CACHE_MAX / Math.max(1, runDates.length)))) {
      const source = await this.#sources.read(tx, enteId);
      if (!source) continue;
      sources.push(source);
      const { placeable, excluded } = await giveWayBetween(this.#placeableSteps(enteId, source.precatorios));
      for (const runDate of runDates) {
        const list = `${enteId}|${runDate}`;
        const live = await giveWayBetween(buildLiveOrderSteps(placeable, source.ente, runDate, this.rules));
        const queue = await giveWayBetween(this.#queueSteps(source, source.version, runDate, live, excluded));
        lists.push({ list, key: `${list}|${source.version}`, live, queue });
      }
    }
    for (const source of sources) this.#sources.offer(source);
    for (const { key, live, queue } of lists) this.#offered.set(key, { live, queue });
    return {
      commit: () => {
        for (const source of sources) this.#sources.adopt(source);
        for (const { list, key } of lists) this.#adoptOffered(list, key);
      },
      discard: () => {
        for (const source of sources) this.#sources.withdraw(source);
        for (const { key } of lists) this.#offered.delete(key);
      },
    };
  }

  /** An offered list whose version is now committed joins the cache (no-op if already there). */
  #adoptOffered(list: string, key: string): Promise<EnteQueue> | undefined {
    const offered = this.#offered.get(key);
    if (!offered) return this.#cache.get(key);
    this.#offered.delete(key);
    if (this.#cache.has(key)) return this.#cache.get(key);
    this.#orders.delete(list);
    this.#orders.set(list, offered.live);
    while (this.#orders.size > QUEUE_CACHE_MAX) this.#orders.delete(this.#orders.keys().next().value!);
    const entry = Promise.resolve(offered.queue);
    this.#store(list, key, entry);
    return entry;
  }

  /**
   * Builds every debtor's list for `runDate` ahead of the first request (server start). A debtor
   * whose list cannot be built is logged and left to the first request: it must not keep the server
   * (and every other debtor) from starting.
   */
  async warm(runDate: IsoDate): Promise<number> {
    const rows = await enteVersions(this.db);
    // Every debtor's source is asked for at once and the lists are built in turn as they arrive:
    // read one after another, the start-up waited on the database for a quarter of its time (on
    // PostgreSQL the server reads on the other core while this thread builds). Builds in turn, not
    // all at once: measured slower (12 debtors, 68 810 precatórios, 2 runs each: 6.5/5.6 s in turn,
    // 7.1/6.1 s all at once, 7.5/6.8 s reading in turn). A failed read is left to its own build,
    // which logs it. No more than the sources kept, or the first would be dropped before their build.
    for (const { id, version } of rows.slice(0, SOURCES_MAX)) this.#sources.at(id, Number(version)).catch(() => undefined);
    for (const { id } of rows) {
      await this.queueOf(id, runDate).catch((error: unknown) =>
        this.log(`[fila] lista do ente ${id} em ${runDate} não montada: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
    }
    return rows.length;
  }

  /** The precatórios that can take a place; the others are logged (with why) and named in `excluded`. */
  #placeable(enteId: string, precatorios: ReadonlyMap<string, Precatorio>): { placeable: ReadonlyMap<string, Precatorio>; excluded: string[] } {
    return runToEnd(this.#placeableSteps(enteId, precatorios));
  }

  *#placeableSteps(enteId: string, precatorios: ReadonlyMap<string, Precatorio>): Steps<{ placeable: ReadonlyMap<string, Precatorio>; excluded: string[] }> {
    const excluded: string[] = [];
    let seen = 0;
    for (const p of precatorios.values()) {
      if (++seen % PLACEABLE_STEP === 0) yield;
      let reason = this.#unorderable.get(p);
      if (reason === undefined) {
        reason = unorderableReason(p, this.rules) ?? '';
        this.#unorderable.set(p, reason);
        if (reason !== '') this.log(`[fila] precatório ${p.numero} do ente ${enteId} fora das listas (corrija o registro): ${reason}`);
      }
      if (reason !== '') excluded.push(p.numero);
    }
    // The common case keeps the very same map (updates tell unchanged precatórios by identity).
    if (excluded.length === 0) return { placeable: precatorios, excluded };
    const left = new Set(excluded);
    return { placeable: new Map([...precatorios].filter(([numero]) => !left.has(numero))), excluded };
  }

  #cached(enteId: string, runDate: IsoDate, version: string): Promise<EnteQueue> {
    const list = `${enteId}|${runDate}`;
    const key = `${list}|${version}`;
    const cached = this.#cache.get(key) ?? this.#adoptOffered(list, key);
    if (cached) return cached;
    const entry = this.#build(enteId, runDate, Number(version));
    entry.catch(() => {
      if (this.#cache.get(key) === entry) this.#cache.delete(key);
    });
    this.#store(list, key, entry);
    return entry;
  }

  #store(list: string, key: string, entry: Promise<EnteQueue>): void {
    // One version per list: an older one would only be asked for by a read that raced a write, and
    // is rebuilt then (from a source at least as new) — keeping it would keep a whole list alive.
    const older = this.#latestKey.get(list);
    if (older !== undefined && older !== key) this.#cache.delete(older);
    this.#latestKey.delete(list);
    this.#latestKey.set(list, key);
    this.#cache.set(key, entry);
    while (this.#cache.size > QUEUE_CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
    while (this.#latestKey.size > QUEUE_CACHE_MAX) this.#latestKey.delete(this.#latestKey.keys().next().value!);
  }

  async #build(enteId: string, runDate: IsoDate, version: number): Promise<EnteQueue> {
    const source = await this.#sources.at(enteId, version);
    const key = `${enteId}|${runDate}`;
    const previous = this.#orders.get(key);
    // Unchanged precatórios are the same objects as in the previous source, so the update redoes
    // only what a changed one touches (domain/queue/live-order.ts; equal to a build from scratch).
    const { placeable, excluded } = this.#placeable(enteId, source.precatorios);
    // In steps, with a turn of the event loop between them: a precatório of 200 000 beneficiaries
    // must not keep the server from answering anything else while its list is built (issue 15 §3).
    const live = await giveWayBetween(
      previous ? updateLiveOrderSteps(previous, placeable, source.ente) : buildLiveOrderSteps(placeable, source.ente, runDate, this.rules),
    );
    this.#orders.delete(key);
    this.#orders.set(key, live);
    while (this.#orders.size > QUEUE_CACHE_MAX) this.#orders.delete(this.#orders.keys().next().value!);
    return giveWayBetween(this.#queueSteps(source, version, runDate, live, excluded));
  }

  /**
   * The list as served: `version` is the one its cache key names (the source is at least that new).
   * In steps: a debtor of 340 000 precatórios has some 100 000 tranches, and indexing them at once
   * held the server 0.9 s while a 1 M-row import prepared its lists (issue 15 §3).
   */
  *#queueSteps(source: EnteSource, version: number, runDate: IsoDate, live: LiveOrder, excluded: readonly string[]): Steps<EnteQueue> {
    const tranchesOf = new Map<string, SuperpreferenceTranche[]>();
    let seen = 0;
    for (const t of live.order.superpreference) {
      if (++seen % TRANCHE_STEP === 0) yield;
      const list = tranchesOf.get(t.numero);
      if (list) list.push(t);
      else tranchesOf.set(t.numero, [t]);
    }
    return {
      ente: source.ente,
      version,
      rpvCeilingBrl: rpvCeiling(source.ente, { transitoEm: runDate, expedidoEm: runDate }, this.rules).amountBrl,
      order: live.order,
      indexOf: live.indexOf,
      remaindersBefore: live.remaindersBefore,
      superpreferenceTotalBrl: live.superpreferenceTotalBrl,
      tranchesOf,
      excluded,
    };
  }
}
