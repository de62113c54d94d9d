// Preloaded into each `servir` by `BENCH_LOAD_OBSERVE=1 npm run bench load` (NODE_OPTIONS --import):
// what the server itself saw, to tell a slow server from a slow machine. On exit it prints, for the
// requests that arrived after the warm-up (BENCH_OBSERVE_FROM_MS after the first request): time
// from request to finished response, the event loop's delay, GC pauses and the slowest requests.
// It is how the load tail was diagnosed (see README, Desempenho): GC pauses stayed under ~9 ms while
// the tail came from the first second of a fresh process and from new PostgreSQL connections.
import dc from 'node:diagnostics_channel';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

if (process.argv.includes('servir')) {
  const from = Number(process.env.BENCH_OBSERVE_FROM_MS ?? 0);
  const started = new WeakMap();
  const durations = [];
  const slow = [];
  const pauses = [];
  let first;
  const loop = monitorEventLoopDelay({ resolution: 2 });
  const measuring = (t) => first !== undefined && t - first >= from;
  dc.subscribe('http.server.request.start', ({ request }) => {
    const now = performance.now();
    first ??= now;
    if (measuring(now)) loop.enable();
    started.set(request, now);
  });
  dc.subscribe('http.server.response.finish', ({ request }) => {
    const t0 = started.get(request);
    if (t0 === undefined || !measuring(t0)) return;
    const ms = performance.now() - t0;
    durations.push(ms);
    if (ms > 10) slow.push({ at: (t0 - first) / 1000, ms, what: `${request.method} ${request.url}` });
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (measuring(e.startTime)) pauses.push(e.duration);
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    durations.sort((a, b) => a - b);
    const p = (q) => (durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? NaN).toFixed(1);
    const ms = (ns) => (ns / 1e6).toFixed(1);
    const top = slow
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((s) => `${s.ms.toFixed(0)} ms em ${s.at.toFixed(1)} s ${s.what.slice(0, 70)}`);
    process.stderr.write(
      `[servidor ${process.pid}] ${durations.length} pedidos medidos no servidor: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, máx ${p(1)} ms; ` +
        `atraso do laço de eventos p99 ${ms(loop.percentile(99))} ms, máx ${ms(loop.max)} ms; ` +
        `GC ${pauses.length} pausas, ${pauses.reduce((a, b) => a + b, 0).toFixed(0)} ms, a maior ${Math.max(0, ...pauses).toFixed(1)} ms; ` +
        `${slow.length} acima de 10 ms${top.length ? `, os piores: ${top.join('; ')}` : ''}\n`,
    );
  });
}
