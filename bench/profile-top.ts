// Reads a .cpuprofile (node --cpu-prof, or BENCH_BENEFICIARIOS_PROFILE) and prints the functions
// with the most self time, and the most total time (self + callees, counted once per sample):
// `node bench/profile-top.ts FILE [COUNT] [--blocos BLOCKS.json]`. With --blocos, only the samples
// inside the given windows (hrtime µs, as BENCH_IMPORT_LEITURA_BLOCOS writes the event loop's
// blocks): what held the thread when nothing else could run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const { positionals, values } = parseArgs({ allowPositionals: true, options: { blocos: { type: 'string' } } });
const [file, countText] = positionals;
if (!file) throw new Error('uso: node bench/profile-top.ts ARQUIVO.cpuprofile [QUANTOS] [--blocos BLOCOS.json]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const windows = values.blocos ? (JSON.parse(readFileSync(values.blocos, 'utf8')) as { fromUs: number; toUs: number }[]) : undefined;
const inWindows = (us: number) => !windows || windows.some((w) => w.fromUs <= us && us <= w.toUs);
const count = Number(countText ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node) => `${n.callFrame.functionName || '(anônima)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (!inWindows(at)) continue;
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  all += ms;
  let node = byId.get(profile.samples[i]!);
  if (!node) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    node = byId.get(id)!;
    const l = label(node);
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + ms);
  }
}
const top = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([l, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / all).toFixed(1).padStart(5)} %  ${l}`)
    .join('\n');
console.log(`total ${all.toFixed(0)} ms\n-- próprio\n${top(self)}\n-- total\n${top(total)}`);
