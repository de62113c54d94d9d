// Goal: the per-client limiter keeps its law — never more than N accepted in any window — with an
// accurate Retry-After, bounded memory, and client keys that a client cannot forge. Pure: the clock
// is injected; no database, no socket.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, type LimitRule, SlidingWindowLimiter, clientKey, parseLimitRule } from '../../src/api/rate-limit.ts';
import { rateLimitsOf } from '../../src/cli/servir.ts';

const SEED = 20251123;

/** A manual clock: integer milliseconds that only move forward. */
function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), at: (ms: number) => (t = ms) };
}

const ruleArb: fc.Arbitrary<LimitRule> = fc.record({ limit: fc.integer({ min: 1, max: 12 }), windowMs: fc.integer({ min: 1, max: 5_000 }) });
/** Requests as (client, ms since the previous request); gaps from 0 up to a little over a window. */
const trafficArb = (rule: LimitRule) =>
  fc.array(
    fc.record({
      client: fc.constantFrom('a', 'b', 'c'),
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Math.ceil(rule.windowMs / 4) }), fc.integer({ min: 0, max: rule.windowMs + 2 })),
    }),
    { maxLength: 200 },
  );

function replay(rule: LimitRule, traffic: { client: string; gap: number }[]) {
  const c = clock(1_000_000);
  const limiter = new SlidingWindowLimiter(rule, c.now);
  const log: { client: string; t: number; ok: boolean; retryAfterMs?: number }[] = [];
  for (const r of traffic) {
    c.advance(r.gap);
    const d = limiter.take(r.client);
    log.push({ client: r.client, t: c.now(), ok: d.ok, ...(d.ok ? {} : { retryAfterMs: d.retryAfterMs }) });
  }
  return { log, limiter };
}

describe('sliding-window limiter (laws, fast-check)', () => {
  it('never accepts more than N requests of one client in any window', () => {
    fc.assert(
      fc.property(
        ruleArb.chain((rule) => fc.tuple(fc.constant(rule), trafficArb(rule))),
        ([rule, traffic]) => {
          const { log } = replay(rule, traffic);
          for (const client of ['a', 'b', 'c']) {
            const accepted = log.filter((r) => r.client === client && r.ok).map((r) => r.t);
            // N + 1 acceptances always span at least a whole window.
            for (let i = 0; i + rule.limit < accepted.length; i++) expect(accepted[i + rule.limit]! - accepted[i]!).toBeGreaterThanOrEqual(rule.windowMs);
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('is never stricter than one slot beyond the window: fewer than N accepted in [t − window − slot, t] means accepted', () => {
    fc.assert(
      fc.property(
        ruleArb.chain((rule) => fc.tuple(fc.constant(rule), trafficArb(rule))),
        ([rule, traffic]) => {
          const { log, limiter } = replay(rule, traffic);
          log.forEach((r, i) => {
            const recent = log.slice(0, i).filter((x) => x.client === r.client && x.ok && x.t >= r.t - rule.windowMs - limiter.slotMs).length;
            if (recent < rule.limit) expect(r.ok, `pedido ${i} recusado com ${recent} aceitos na janela`).toBe(true);
          });
        },
      ),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it('Retry-After is accurate: a retry exactly then is accepted, one millisecond earlier is refused', () => {
    fc.assert(
      fc.property(
        ruleArb.chain((rule) => fc.tuple(fc.constant(rule), trafficArb(rule))),
        ([rule, traffic]) => {
          const c = clock(5_000);
          const limiter = new SlidingWindowLimiter(rule, c.now);
          let checked = 0;
          for (const r of traffic) {
            c.advance(r.gap);
            const d = limiter.take(r.client);
            if (d.ok) continue;
            expect(d.retryAfterMs).toBeGreaterThan(0);
            expect(d.retryAfterMs).toBeLessThanOrEqual(rule.windowMs + limiter.slotMs);
            // Refused requests spend nothing, so probing does not change the state being probed.
            c.advance(d.retryAfterMs - 1);
            expect(limiter.take(r.client).ok).toBe(false);
            c.advance(1);
            expect(limiter.take(r.client).ok).toBe(true);
            checked++;
          }
          return checked >= 0;
        },
      ),
      { seed: SEED + 2, numRuns: 400 },
    );
  });

  it("one client's traffic never changes another's decisions", () => {
    fc.assert(
      fc.property(
        ruleArb.chain((rule) => fc.tuple(fc.constant(rule), trafficArb(rule))),
        ([rule, traffic]) => {
          const together = replay(rule, traffic).log.filter((r) => r.client === 'a');
          // Same traffic with the others' requests replaced by silence (their gaps still pass).
          const c = clock(1_000_000);
          const alone = new SlidingWindowLimiter(rule, c.now);
          const decisions: boolean[] = [];
          for (const r of traffic) {
            c.advance(r.gap);
            if (r.client === 'a') decisions.push(alone.take('a').ok);
          }
          expect(decisions).toEqual(together.map((r) => r.ok));
        },
      ),
      { seed: SEED + 3, numRuns: 300 },
    );
  });
});

describe('sliding-window limiter (examples)', () => {
  it('120 a minute: the 121st request waits until the first one leaves the window', () => {
    const c = clock(0);
    const limiter = new SlidingWindowLimiter({ limit: 120, windowMs: 60_000 }, c.now);
    for (let i = 0; i < 120; i++) {
      expect(limiter.take('1.2.3.4').ok).toBe(true);
      c.advance(100); // 120 requests in 12 s
    }
    const refused = limiter.take('1.2.3.4');
    // The first request (second 0) leaves the window when its whole one-second slot has: at 61 s.
    expect(refused).toEqual({ ok: false, retryAfterMs: 61_000 - 12_000 });
    expect(limiter.take('5.6.7.8').ok).toBe(true);
  });

  it('forgets clients idle for a window, and never remembers more than maxClients', () => {
    const c = clock(0);
    const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 1_000 }, c.now, 100);
    for (let i = 0; i < 1_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.clients).toBe(100);
    c.advance(1_000 + limiter.slotMs);
    limiter.take('10.9.9.9');
    expect(limiter.clients).toBe(1);
  });

  it('a clock that steps back cannot reopen a spent budget', () => {
    const c = clock(10_000);
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 }, c.now);
    expect(limiter.take('x').ok).toBe(true);
    c.at(0);
    expect(limiter.take('x').ok).toBe(false);
  });
});

describe('client key', () => {
  it('is the socket address; X-Forwarded-For is ignored unless a proxy is trusted', () => {
    expect(clientKey('203.0.113.7', '198.51.100.1', 0)).toBe('203.0.113.7');
    expect(clientKey(undefined, '198.51.100.1', 0)).toBe('desconhecido');
  });

  it('behind N trusted proxies, takes the entry N places from the right: a forged left part changes nothing', () => {
    expect(clientKey('10.0.0.1', '198.51.100.1', 1)).toBe('198.51.100.1');
    expect(clientKey('10.0.0.1', '6.6.6.6, 198.51.100.1', 1)).toBe('198.51.100.1');
    expect(clientKey('10.0.0.1', '6.6.6.6, 198.51.100.1, 10.0.0.2', 2)).toBe('198.51.100.1');
    expect(clientKey('10.0.0.1', 'lixo', 1)).toBe('10.0.0.1');
  });

  it('counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientKey('2001:db8:aa:bb:1:2:3:4', undefined, 0)).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8:aa:bb::99', undefined, 0)).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:0db8::1', undefined, 0)).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1', undefined, 0)).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.5', undefined, 0)).toBe('192.0.2.5');
  });
});

describe('limit settings', () => {
  it('reads <n>/<s> and "desligado"; refuses anything else naming the setting', () => {
    expect(parseLimitRule('120/60', 'x')).toEqual({ limit: 120, windowMs: 60_000 });
    expect(parseLimitRule(' 5 / 1s ', 'x')).toEqual({ limit: 5, windowMs: 1_000 });
    expect(parseLimitRule('desligado', 'x')).toBeNull();
    expect(parseLimitRule('0', 'x')).toBeNull();
    expect(() => parseLimitRule('120 por minuto', 'PRECATORIOS_LIMITE_CONSULTAS')).toThrow(
      'PRECATORIOS_LIMITE_CONSULTAS: "120 por minuto" não é um limite válido (use <requisições>/<segundos>, p. ex. 120/60, ou "desligado")',
    );
    expect(() => parseLimitRule('10/0', 'x')).toThrow(/não é um limite válido/);
  });
});

describe('servir: flags, then PRECATORIOS_* variables, then the defaults', () => {
  it('defaults to 120 lookups and 20 simulations a minute per address, X-Forwarded-For not trusted', () => {
    expect(rateLimitsOf({}, {})).toEqual({ ...DEFAULT_RATE_LIMITS, confiarProxy: 0 });
    expect(DEFAULT_RATE_LIMITS).toEqual({ consultas: { limit: 120, windowMs: 60_000 }, simulacoes: { limit: 20, windowMs: 60_000 } });
  });

  it('lets the variables and the flags change or turn off each budget (the load benchmark turns them off)', () => {
    const env = { PRECATORIOS_LIMITE_CONSULTAS: 'desligado', PRECATORIOS_LIMITE_SIMULACOES: '5/10', PRECATORIOS_CONFIAR_PROXY: '1' };
    expect(rateLimitsOf({}, env)).toEqual({ consultas: null, simulacoes: { limit: 5, windowMs: 10_000 }, confiarProxy: 1 });
    expect(rateLimitsOf({ 'limite-consultas': '600/60', 'limite-simulacoes': 'off', 'confiar-proxy': '0' }, env)).toEqual({
      consultas: { limit: 600, windowMs: 60_000 },
      simulacoes: null,
      confiarProxy: 0,
    });
  });

  it('refuses a malformed setting naming it', () => {
    expect(() => rateLimitsOf({ 'limite-consultas': 'muito' }, {})).toThrow(/^--limite-consultas: "muito" não é um limite válido/);
    expect(() => rateLimitsOf({}, { PRECATORIOS_LIMITE_SIMULACOES: '1/x' })).toThrow(/^PRECATORIOS_LIMITE_SIMULACOES: "1\/x"/);
    expect(() => rateLimitsOf({ 'confiar-proxy': 'sim' }, {})).toThrow(
      '--confiar-proxy / PRECATORIOS_CONFIAR_PROXY: "sim" deve ser o número de proxies reversos à frente do servidor (0 a 10)',
    );
  });
});
