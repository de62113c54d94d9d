// Goal: a debtor's precatórios read as chunks of text lines (storage/precatorio-lines.ts) come back
// exactly as plain rows give them, on both backends: whatever the free text of número, ente or
// origin — tabs, line breaks, the '=' that marks an origin, quotes, backslashes, '' against NULL,
// accents, emoji — with the order of the debtor's pages ("C", across chunk boundaries), the
// version and the public history of each.
// Method: the demo registry with one debtor's números and origins drawn (fixed seed) from text made
// of those characters, every third left plain; the whole debtor, its pages and a list of números
// read through precatoriosWithVersions, compared with findPrecatorio and locatePrecatorio (rows).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Precatorio } from '../../src/domain/precatorio.ts';
import { LINES_PER_CHUNK } from '../../src/storage/precatorio-lines.ts';
import { findPrecatorio, historyFromText, locatePrecatorio, precatoriosWithVersions } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS, registryOn } from '../support/backends.ts';
import { canonical } from '../support/canonical.ts';

const TRICKY = ['\t', '\n', '\r', '=', '"', '\\', 'N', 't', '{', ',', ' ', 'ç', '😀', '\u2028', 'a', 'Z', '0'];
const text = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 6 });

// The debtor has several chunks' worth of precatórios (checked below).
const base = demoInput(7, 0.3);
const enteId = base.precatorios[0]!.enteId;
const ofEnte = base.precatorios.filter((p) => p.enteId === enteId);
const [drawn] = fc.sample(
  fc.array(fc.record({ numero: text, origem: fc.option(text, { nil: undefined }) }), { minLength: ofEnte.length, maxLength: ofEnte.length }),
  {
    seed: 19,
    numRuns: 1,
  },
);
const renamed = new Map<Precatorio, Precatorio>(
  ofEnte.map((p, i) => {
    const d = drawn![i]!;
    if (i % 3 === 0) return [p, p];
    // Unique números (the key): the drawn text, then a number that holds no separator.
    const numero = `${d.numero}#${i}`;
    return [p, { ...p, numero, processoOrigem: d.origem, beneficiarios: p.beneficiarios.map((b, k) => ({ ...b, id: `${numero}/${k}` })) }];
  }),
);
const INPUT = { ...base, precatorios: base.precatorios.map((p) => renamed.get(p) ?? p) };
const numerosOfEnte = INPUT.precatorios.filter((p) => p.enteId === enteId).map((p) => p.numero);

describe.each(BACKENDS)('a debtor read as lines of text, on $name', (backend) => {
  const registry = registryOn(backend, INPUT);

  it('gives each precatório, its version and its history as plain rows do', async () => {
    const db = registry();
    expect(numerosOfEnte.length).toBeGreaterThan(3 * LINES_PER_CHUNK);
    const read = await precatoriosWithVersions(db, { enteId });
    expect(read.map((x) => x.precatorio.numero).sort()).toEqual([...numerosOfEnte].sort());
    for (const { precatorio, version, history } of read) {
      const rows = (await findPrecatorio(db, precatorio.numero))!;
      expect(canonical(precatorio)).toEqual(canonical(rows.precatorio));
      expect(version).toBe(rows.version);
      const located = (await locatePrecatorio(db, precatorio.numero))!;
      expect(historyFromText(history).map((e) => [e.at, e.kind])).toEqual(located.events.map((e) => [e.at, e.kind]));
    }
  });

  it('reads the debtor in pages in número order ("C"), across chunks, and the same precatórios by número', async () => {
    const db = registry();
    const byBytes = [...numerosOfEnte].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    // Small pages, and pages longer than a chunk (the next page starts after the last line read).
    for (const size of [5, LINES_PER_CHUNK + 40]) {
      const paged: string[] = [];
      for (let after: string | null = null; ; ) {
        const page = await precatoriosWithVersions(db, { enteId, page: { after, size } });
        paged.push(...page.map((x) => x.precatorio.numero));
        if (page.length < size) break;
        after = page.at(-1)!.precatorio.numero;
      }
      expect(paged).toEqual(byBytes);
    }
    const some = byBytes.filter((_, i) => i % 2 === 0);
    const byNumero = await precatoriosWithVersions(db, { numeros: some });
    expect(byNumero.map((x) => x.precatorio.numero).sort()).toEqual([...some].sort());
  });
});
