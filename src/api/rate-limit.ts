import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { StaffAuth } from './auth.ts';
import type { ErrorBody } from './errors.ts';

/**
 * Per-client request budgets for the public API (issue 9): a court's public lookup must stay up for
 * everyone when one client floods it. The law the limiter keeps: **in any window of `windowMs`, at
 * most `limit` requests of one client are accepted** — a sliding window, not a fixed one (a fixed
 * minute lets 2 × limit through across its boundary).
 *
 * How, with bounded memory: time is cut into slots of `slotMs` (1/60 of the window, at least 1 ms);
 * a client keeps one counter per slot in a ring of ⌈window/slot⌉ + 1 counters. A request at `t` is
 * accepted when the slots that can still hold a request of (t − window, t] — from the slot of
 * t − window to the slot of t — add up to less than `limit`. Counting the whole oldest slot makes the
 * limiter conservative by at most one slot (1 s for a per-minute limit), never lenient.
 */
export interface LimitRule {
  /** Requests accepted per window. */
  readonly limit: number;
  readonly windowMs: number;
}

export type Decision =
  | { readonly ok: true; readonly remaining: number }
  /** `retryAfterMs`: the earliest moment (from now) a request of this client will be accepted again. */
  | { readonly ok: false; readonly retryAfterMs: number };

/** Slots per window: the limiter's time resolution (see above). */
const SLOTS_PER_WINDOW = 60;
/** Clients remembered at once; beyond it the least recently seen is forgotten (~350 bytes each). */
export const MAX_CLIENTS_DEFAULT = 50_000;

interface Bucket {
  readonly counts: Uint32Array;
  /** Slot of this client's latest request; counts of older slots than `last - ring + 1` are stale. */
  last: number;
}

export class SlidingWindowLimiter {
  readonly slotMs: number;
  readonly #ring: number;
  /** Insertion order = least recently seen first: the idle and the evictable are at the front. */
  readonly #buckets = new Map<string, Bucket>();
  #latest = -Infinity;
  #sweptAt = -Infinity;

  constructor(
    readonly rule: LimitRule,
    /** Milliseconds on a monotonic clock; read once per request. Tests inject their own. */
    private readonly now: () => number = () => performance.now(),
    readonly maxClients: number = MAX_CLIENTS_DEFAULT,
  ) {
    if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new Error(`limite deve ser um inteiro ≥ 1 (recebido: ${rule.limit})`);
    if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1) throw new Error(`janela deve ser um inteiro de milissegundos ≥ 1 (recebido: ${rule.windowMs})`);
    this.slotMs = Math.max(1, Math.ceil(rule.windowMs / SLOTS_PER_WINDOW));
    this.#ring = Math.ceil(rule.windowMs / this.slotMs) + 1;
  }

  /** Clients currently remembered (bounded by `maxClients`). */
  get clients(): number {
    return this.#buckets.size;
  }

  /** Counts one request of `client` if its budget allows it. */
  take(client: string): Decision {
    // Whole milliseconds, never going back: slot arithmetic stays exact and a clock step back
    // cannot reopen a spent budget.
    const t = (this.#latest = Math.max(this.#latest, Math.floor(this.now())));
    const slot = Math.floor(t / this.slotMs);
    const first = Math.floor((t - this.rule.windowMs) / this.slotMs);
    this.#sweep(first);
    const bucket = this.#touch(client, slot);
    const counts = bucket.counts;
    let used = 0;
    for (let s = first; s <= slot; s++) used += counts[this.#index(s)]!;
    if (used < this.rule.limit) {
      counts[this.#index(slot)]! += 1;
      return { ok: true, remaining: this.rule.limit - used - 1 };
    }
    // Refused: wait until enough of the oldest slots have left the window. Slot m leaves it when
    // t' − window reaches the start of slot m + 1.
    let s = first;
    for (; used >= this.rule.limit; s++) used -= counts[this.#index(s)]!;
    return { ok: false, retryAfterMs: s * this.slotMs + this.rule.windowMs - t };
  }

  /** Ring position of a slot; slots before the clock's zero are negative. */
  #index(slot: number): number {
    return ((slot % this.#ring) + this.#ring) % this.#ring;
  }

  /** The client's bucket, moved to the back (most recently seen), with slots up to `slot` cleared. */
  #touch(client: string, slot: number): Bucket {
    let bucket = this.#buckets.get(client);
    if (bucket) this.#buckets.delete(client);
    else {
      while (this.#buckets.size >= this.maxClients) this.#buckets.delete(this.#buckets.keys().next().value!);
      bucket = { counts: new Uint32Array(this.#ring), last: slot };
    }
    this.#buckets.set(client, bucket);
    for (let s = Math.max(bucket.last + 1, slot - this.#ring + 1); s <= slot; s++) bucket.counts[this.#index(s)] = 0;
    bucket.last = Math.max(bucket.last, slot);
    return bucket;
  }

  /**
   * Forgets clients idle for a whole window (their requests can no longer count), at most once per
   * slot. The least recently seen are first, so the sweep stops at the first client still active.
   */
  #sweep(first: number): void {
    if (first === this.#sweptAt) return;
    this.#sweptAt = first;
    for (const [client, bucket] of this.#buckets) {
      if (bucket.last >= first) break;
      this.#buckets.delete(client);
    }
  }
}

/**
 * The key a client is counted under. The socket's address, unless the server sits behind
 * `trustedProxies` reverse proxies that append to X-Forwarded-For: then the entry that many places
 * from the right (entries further left were written by the client and can be forged). IPv6 clients
 * are counted per /64 — one subscriber usually holds a whole /64 and could rotate addresses in it.
 */
export function clientKey(socketAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: number): string {
  let address = socketAddress;
  if (trustedProxies > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const candidate = hops[Math.max(0, hops.length - trustedProxies)];
    if (candidate && isIP(candidate)) address = candidate;
  }
  return address ? normalizeAddress(address) : 'desconhecido';
}

function normalizeAddress(address: string): string {
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1]!;
  if (isIP(plain) !== 6) return plain;
  const [head = '', tail] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * "120/60" → 120 requests per 60 s; "desligado", "off" or "0" → no limit (null). For `servir`'s
 * flags and PRECATORIOS_LIMITE_* variables; the error names the setting and the expected form.
 */
export function parseLimitRule(text: string, setting: string): LimitRule | null {
  const t = text.trim().toLowerCase();
  if (t === 'desligado' || t === 'off' || t === '0') return null;
  const m = /^(\d{1,9})\s*\/\s*(\d{1,6})\s*s?$/.exec(t);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[2]) > 86_400) {
    throw new Error(`${setting}: "${text}" não é um limite válido (use <requisições>/<segundos>, p. ex. 120/60, ou "desligado")`);
  }
  return { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 };
}

export function describeRule(rule: LimitRule | null): string {
  return rule ? `${rule.limit} a cada ${rule.windowMs / 1000} s` : 'desligado';
}

/** Budgets of `createApp`; a missing or null rule means no limit on that kind of request. */
export interface RateLimits {
  /** Every public /api request except simulations: lookups, lists, exports (and staff routes tried without a valid token). */
  readonly consultas?: LimitRule | null;
  /** POST /api/simulacoes: CPU-heavy, so its own, lower budget. */
  readonly simulacoes?: LimitRule | null;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (0: none, the default). */
  readonly confiarProxy?: number;
  readonly maxClientes?: number;
  /** Monotonic milliseconds (tests). */
  readonly agora?: () => number;
}

/**
 * `servir`'s defaults for a public court site: 120 requests a minute per address is two a second
 * sustained — far above a person paging the list or looking up their número, far below a scraper.
 * A simulation runs a whole debtor's projection: 20 a minute.
 */
export const DEFAULT_RATE_LIMITS = {
  consultas: { limit: 120, windowMs: 60_000 },
  simulacoes: { limit: 20, windowMs: 60_000 },
} as const satisfies RateLimits;

/**
 * The limiter in front of /api: staff with a valid token pass untouched; a simulation spends the
 * simulation budget; anything else the lookup budget. A refusal is 429 with Retry-After in whole
 * seconds (rounded up, so a retry after it is accepted) and the reason in Portuguese.
 * A request without an Authorization header is decided without awaiting anything (the staff check
 * answers it synchronously, with no database access); one with a token waits for its check — one
 * indexed lookup, which the route then reuses — even when it ends in a 429.
 */
export function rateLimiter(limits: RateLimits, staff: StaffAuth): MiddlewareHandler | undefined {
  const make = (rule: LimitRule | null | undefined) => (rule ? new SlidingWindowLimiter(rule, limits.agora, limits.maxClientes) : undefined);
  const consultas = make(limits.consultas);
  const simulacoes = make(limits.simulacoes);
  if (!consultas && !simulacoes) return undefined;
  const trusted = limits.confiarProxy ?? 0;
  return async (c, next) => {
    const simulation = c.req.method === 'POST' && c.req.path === '/api/simulacoes';
    const limiter = simulation ? simulacoes : consultas;
    if (!limiter || c.req.method === 'OPTIONS') return next();
    const checked = staff.check(c);
    if ((checked instanceof Promise ? await checked : checked).kind === 'ok') return next();
    const decision = limiter.take(clientKey(socketAddressOf(c), c.req.header('x-forwarded-for'), trusted));
    if (decision.ok) return next();
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    c.header('Retry-After', String(seconds));
    return c.json<ErrorBody>(
      {
        erro: 'limite-excedido',
        campo: null,
        motivo: `muitas ${simulation ? 'simulações' : 'requisições'} deste endereço: o limite é de ${describeRule(limiter.rule)}; tente de novo em ${seconds} s`,
      },
      429,
    );
  };
}

/** The peer of the TCP connection under @hono/node-server; none when the app is called in-process. */
function socketAddressOf(c: Context): string | undefined {
  const env = c.env as { incoming?: unknown; server?: unknown } | undefined;
  return env && (env.incoming || env.server) ? getConnInfo(c).remote.address : undefined;
}
