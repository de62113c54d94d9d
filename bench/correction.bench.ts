// Benchmark (issue 4): correct 1 000 000 amounts to one target month in under 2 s.
// Data: the index folder named by PRECATORIOS_INDICES (default ../shared/data/indices, read in place)
// and, for the poupança interest part, the TJAP table of ../shared when present (else 0,5 % a.m.).
// Amounts, data-bases (2001-01 … 2026-08), budget years, esfera and tax flag come from a seeded PRNG.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BulkItem, bulkCorrector } from '../src/domain/correction/bulk.ts';
import { correct } from '../src/domain/correction/correct.ts';
import { indexTablesOf } from '../src/domain/correction/plan.ts';
import { type YearMonth, addMonths } from '../src/domain/dates.ts';
import { type IndexSeries, buildSeries } from '../src/domain/indices/series.ts';
import { Dec } from '../src/domain/money.ts';
import { readIndexFolder } from '../src/indices/folder.ts';
import { loadCorrectionRules } from '../src/indices/load-correction-rules.ts';

const N = 1_000_000;
const TARGET = '2026-09' as YearMonth;
const shared = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const folder = process.env['PRECATORIOS_INDICES'] ?? `${shared}indices`;
const read = readIndexFolder(folder);
if (!read.ok) throw new Error(`índices inválidos em ${folder}`);
const series: IndexSeries[] = [...read.value.series];
if (!series.some((s) => s.name === 'juros_poupanca')) {
  const tjap = `${shared}reference/correction/tjap_juros_mora_poupanca_monthly.csv`;
  const points = existsSync(tjap)
    ? readFileSync(tjap, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .map(([month, fraction]) => ({ month: month!, ratePct: new Dec(fraction!).times(100).toString() }))
    : Array.from({ length: 149 }, (_, i) => ({ month: addMonths('2009-07' as YearMonth, i), ratePct: '0.5' }));
  const juros = buildSeries('juros_poupanca', points);
  if (!juros.ok) throw new Error('juros inválidos');
  series.push(juros.value);
}
const env = { rules: loadCorrectionRules(), indices: indexTablesOf(series) };

// Seeded PRNG (mulberry32): the same million amounts on every run.
let seed = 20260901;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const items: BulkItem[] = new Array(N);
for (let i = 0; i < N; i++) {
  const dataBase = addMonths('2009-07' as YearMonth, Math.floor(random() * 206)); // 2009-07 … 2026-08
  const year = Number(dataBase.slice(0, 4));
  items[i] = {
    amountCents: BigInt(1 + Math.floor(random() * 500_000_000)),
    dataBase,
    context: {
      natureza: random() < 0.6 ? 'alimentar' : 'comum',
      tributario: random() < 0.1,
      modulated: false,
      esfera: random() < 0.7 ? 'estadual' : 'municipal',
      budgetYear: random() < 0.8 ? year + 1 + Math.floor(random() * 2) : undefined,
    },
  };
}

const started = performance.now();
const corrector = bulkCorrector(TARGET, env);
let total = 0n;
let failed = 0;
for (const item of items) {
  const r = corrector(item);
  if (r.ok) total += r.value;
  else failed++;
}
const bulkMs = performance.now() - started;
console.log(
  `correção em lote: ${N.toLocaleString('pt-BR')} valores até ${TARGET} em ${(bulkMs / 1000).toFixed(2)} s (${((bulkMs * 1000) / N).toFixed(2)} µs/valor; planos por data-base/contexto em cache; ${failed} erro(s))`,
);
console.log(`  soma corrigida: R$ ${(Number(total / 100n)).toLocaleString('pt-BR')} (conferência de determinismo)`);

const SAMPLE = 20_000;
const t0 = performance.now();
for (let i = 0; i < SAMPLE; i++) {
  const item = items[i]!;
  correct(new Dec(item.amountCents.toString()).dividedBy(100), item.dataBase, TARGET, item.context, env);
}
const singleMs = performance.now() - t0;
console.log(`correct() com memória, um a um: ${((singleMs * 1000) / SAMPLE).toFixed(1)} µs/valor (amostra de ${SAMPLE.toLocaleString('pt-BR')})`);
console.log(bulkMs < 2000 ? 'meta < 2 s: OK' : 'meta < 2 s: NÃO ATINGIDA');
