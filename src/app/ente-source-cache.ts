import type { EnteDevedor } from '../domain/ente.ts';
import { type Money, ZERO } from '../domain/money.ts';
import { type Precatorio, saldoTotalSteps } from '../domain/precatorio.ts';
import { type Steps, pauseEvery } from '../domain/steps.ts';
import type { Db } from '../storage/db.ts';
import { enteWithVersions, getEnte, precatoriosWithVersions } from '../storage/registry-store.ts';
import { rowReader } from '../storage/rows.ts';
import { giveWayBetween } from './give-way.ts';

/**
 * One debtor's registry data as read at (at least) `version` of the ente: the ente itself and all
 * its precatórios, open or not, each with its own version — what the lists and the summary of
 * GET /api/entes are built from.
 */
export interface EnteSource {
  readonly ente: EnteDevedor;
  /** The ente's version read with (or before) the precatórios: the data is at least this new. */
  readonly version: number;
  /** número → precatório; a map never changed once made (the lists keep it, live-order.ts). */
  readonly precatorios: ReadonlyMap<string, Precatorio>;
  /** número → the precatório's version, read with its content. */
  readonly versions: ReadonlyMap<string, number>;
  /** número → its public history at that version (registry-store historyFromText), read with it. */
  readonly histories: ReadonlyMap<string, string>;
  /** Open (ativo, suspenso) precatórios and their open balance, Σ (valor − pago) of their beneficiaries. */
  readonly abertos: number;
  readonly estoqueBrl: Money;
}

/** Upper bound on debtors kept (a limit on everything, design §8). */
export const SOURCES_MAX = 256;

/** Above this many changed precatórios (and a tenth of the debtor), a refresh reloads them all (an import). */
const MAX_RELOADED = 50;

/**
 * Precatórios per statement when a source is read inside an import's transaction (`read`): each
 * page is one statement, and the event loop turns between statements there (storage/pglite-db.ts),
 * so no read of a large debtor holds the server at once.
 */
const PAGE_SIZE = 250;

const isOpen = (p: Precatorio) => p.status === 'ativo' || p.status === 'suspenso';

/** Beneficiaries summed between two pauses of openStockSteps (about a millisecond of work). */
const STOCK_STEP = 4096;

/**
 * The open (ativo, suspenso) precatórios among `precatorios` and their balance, Σ (valor − pago) of
 * their beneficiaries, in steps: a precatório of 200 000 beneficiaries summed at once was a 20–70 ms
 * block (issue 15 §3). Each precatório's sum is remembered with it, and its list entry reuses it.
 */
function* openStockSteps(precatorios: Iterable<Precatorio>): Steps<{ abertos: number; estoqueBrl: Money }> {
  const pause = pauseEvery(STOCK_STEP);
  let abertos = 0;
  let estoqueBrl = ZERO;
  for (const p of precatorios) {
    if (!isOpen(p)) continue;
    abertos += 1;
    estoqueBrl = estoqueBrl.plus(yield* saldoTotalSteps(p, pause));
  }
  return { abertos, estoqueBrl };
}

/** The precatórios of `these` that `other` does not hold as the same object (gone, or changed). */
function* notIn(these: ReadonlyMap<string, Precatorio>, other: ReadonlyMap<string, Precatorio>): Iterable<Precatorio> {
  for (const [numero, p] of these) if (other.get(numero) !== p) yield p;
}

/**
 * Keeps the latest source of each debtor and refreshes it only as far as needed: a staff write
 * changes one precatório, so a refresh reloads the precatórios whose version moved (all versions
 * come back from one statement) instead of the whole debtor, and keeps the others as the very same
 * objects (so the order can be updated rather than rebuilt, domain/queue/live-order.ts). Every
 * write to a precatório moves its version, and every write moves its ente's version.
 */
export class EnteSources {
  readonly #latest = new Map<string, Promise<EnteSource>>();
  /** The last source of each debtor that finished loading (what `held` answers from). */
  readonly #settled = new Map<string, EnteSource>();
  /**
   * Sources an import read inside its transaction, at the ente version it is about to commit
   * (`read`, then `offer`): answered for exactly that version, which a reader can only have read
   * from the database once the import committed. Withdrawn if it rolls back.
   */
  readonly #offered = new Map<string, EnteSource>();

  constructor(private readonly db: Db) {}

  /**
   * The debtor's source as `db` sees it — inside an import's transaction, what it will commit —
   * read in pages; kept nowhere (see `offer`). Undefined for an unknown ente.
   */
  async read(db: Db, enteId: string): Promise<EnteSource | undefined> {
    const found = await getEnte(db, enteId);
    return found && this.#load(found, db, PAGE_SIZE);
  }

  offer(source: EnteSource): void {
    this.#offered.set(source.ente.id, source);
  }

  /** The import committed: the source becomes the debtor's latest (unless a newer one is held). */
  adopt(source: EnteSource): void {
    const enteId = source.ente.id;
    if (this.#offered.get(enteId) === source) this.#offered.delete(enteId);
    if ((this.#settled.get(enteId)?.version ?? -1) >= source.version) return;
    const ready = Promise.resolve(source);
    this.#latest.delete(enteId);
    this.#latest.set(enteId, ready);
    this.#settled.delete(enteId);
    this.#settled.set(enteId, source);
    while (this.#latest.size > SOURCES_MAX) this.#latest.delete(this.#latest.keys().next().value!);
    while (this.#settled.size > SOURCES_MAX) this.#settled.delete(this.#settled.keys().next().value!);
  }

  /** The import rolled back: what it read was never committed. */
  withdraw(source: EnteSource): void {
    if (this.#offered.get(source.ente.id) === source) this.#offered.delete(source.ente.id);
  }

  /** The debtor's source at exactly `version` if it is held, without asking the database. */
  held(enteId: string, version: number): EnteSource | undefined {
    const source = this.#settled.get(enteId);
    return source?.version === version ? source : undefined;
  }

  /**
   * The debtor's source at ente version `version` or later — the version the caller read from the
   * database, so nothing written before that read is missed (also by another process).
   */
  async at(enteId: string, version: number): Promise<EnteSource> {
    for (;;) {
      const latest = this.#latest.get(enteId);
      const known = await latest?.catch(() => undefined);
      if (known && known.version >= version) return known;
      const offered = this.#offered.get(enteId);
      if (offered?.version === version) {
        this.adopt(offered);
        return offered;
      }
      // Too old. Unless another refresh started meanwhile (then look at its label next turn), start one.
      if (this.#latest.get(enteId) === latest) return this.#refresh(enteId);
    }
  }

  /**
   * A refresh reads the ente with the versions of all its precatórios in one statement (one
   * snapshot: its ente version labels the source), then reloads those whose version moved. The
   * first load reads the ente, then everything (labelled with the ente's version, read first).
   */
  #refresh(enteId: string): Promise<EnteSource> {
    const previous = this.#latest.get(enteId);
    const next = (async (): Promise<EnteSource> => {
      const before = await previous?.catch(() => undefined);
      if (before) {
        const snapshot = await enteWithVersions(this.db, enteId);
        if (!snapshot) throw new Error(`ente ${enteId} sumiu durante a leitura`);
        return this.#update(before, snapshot, snapshot.versions);
      }
      const found = await getEnte(this.db, enteId);
      if (!found) throw new Error(`ente ${enteId} sumiu durante a leitura`);
      return this.#load(found, this.db);
    })();
    this.#latest.delete(enteId);
    this.#latest.set(enteId, next);
    while (this.#latest.size > SOURCES_MAX) this.#latest.delete(this.#latest.keys().next().value!);
    next.then(
      (source) => {
        if (this.#latest.get(enteId) !== next) return;
        this.#settled.delete(enteId);
        this.#settled.set(enteId, source);
        while (this.#settled.size > SOURCES_MAX) this.#settled.delete(this.#settled.keys().next().value!);
      },
      () => {
        if (this.#latest.get(enteId) === next) this.#latest.delete(enteId);
      },
    );
    return next;
  }

  /**
   * Everything of the debtor: in one statement (one snapshot, so the ente's version read before
   * labels it truly), or inside a transaction in pages of `pageSize` — there the transaction is the
   * snapshot (PGlite runs nothing else meanwhile; on PostgreSQL it holds the ente's row lock after
   * its version bump, and any write to the debtor's precatórios moves that version too).
   */
  async #load(found: { ente: EnteDevedor; version: number }, db: Db, pageSize?: number): Promise<EnteSource> {
    const precatorios = new Map<string, Precatorio>();
    const versions = new Map<string, number>();
    const histories = new Map<string, string>();
    let estoqueBrl = ZERO;
    let abertos = 0;
    // One reader for every page: the texts and amounts they repeat are shared by the whole source.
    const reader = rowReader();
    for (let after: string | null = null; ; ) {
      const enteId = found.ente.id;
      const page = await precatoriosWithVersions(db, pageSize ? { enteId, page: { after, size: pageSize } } : { enteId }, reader);
      for (const { precatorio, version, history } of page) {
        precatorios.set(precatorio.numero, precatorio);
        versions.set(precatorio.numero, version);
        histories.set(precatorio.numero, history);
      }
      const stock = await giveWayBetween(openStockSteps(page.map((x) => x.precatorio)));
      abertos += stock.abertos;
      estoqueBrl = estoqueBrl.plus(stock.estoqueBrl);
      if (!pageSize || page.length < pageSize) break;
      after = page[page.length - 1]!.precatorio.numero;
    }
    return { ente: found.ente, version: found.version, precatorios, versions, histories, abertos, estoqueBrl };
  }

  async #update(before: EnteSource, found: { ente: EnteDevedor; version: number }, now: ReadonlyMap<string, number>): Promise<EnteSource> {
    const enteId = found.ente.id;
    const stale = new Set<string>();
    for (const [numero, version] of now) if (before.versions.get(numero) !== version) stale.add(numero);
    if (stale.size > Math.max(MAX_RELOADED, now.size / 10)) return this.#load(found, this.db);
    // A reloaded row carries its own version, read with its content; one that moved to another
    // ente in between is left out here and picked up by the next refresh (its version differs).
    const fresh = new Map(
      (await precatoriosWithVersions(this.db, { numeros: [...stale] })).filter((x) => x.precatorio.enteId === enteId).map((x) => [x.precatorio.numero, x]),
    );
    const precatorios = new Map<string, Precatorio>();
    const versions = new Map<string, number>();
    const histories = new Map<string, string>();
    for (const numero of now.keys()) {
      const item = fresh.get(numero);
      if (item) {
        precatorios.set(numero, item.precatorio);
        versions.set(numero, item.version);
        histories.set(numero, item.history);
      } else if (!stale.has(numero)) {
        precatorios.set(numero, before.precatorios.get(numero)!);
        versions.set(numero, before.versions.get(numero)!);
        histories.set(numero, before.histories.get(numero)!);
      }
    }
    // The summary moves by what left and what came back: exact decimals, so the same as a full sum.
    const left = await giveWayBetween(openStockSteps(notIn(before.precatorios, precatorios)));
    const came = await giveWayBetween(openStockSteps(notIn(precatorios, before.precatorios)));
    const abertos = before.abertos - left.abertos + came.abertos;
    const estoqueBrl = before.estoqueBrl.minus(left.estoqueBrl).plus(came.estoqueBrl);
    return { ente: found.ente, version: found.version, precatorios, versions, histories, abertos, estoqueBrl };
  }
}
