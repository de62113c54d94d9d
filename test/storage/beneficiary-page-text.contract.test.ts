// Goal: the page statement of a large precatório (storage/beneficiary-pages.ts) sends most lines as
// they are and quotes only those whose free text holds a tab or a line break; whatever the text —
// those separators, the '=' that marks a name, quotes, backslashes, '' against NULL, accents, emoji —
// every beneficiary comes back exactly as a one-statement read of rows gives it, on both backends.
// Method: one precatório of more beneficiaries than the first statement reads, whose ids, creditors,
// names and CPFs are drawn (fixed seed) from text made of those characters, some lines with none of
// them; compared, in order, with findPrecatorio (plain rows, no page format).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import { FIRST_BENEFICIARIOS } from '../../src/storage/beneficiary-pages.ts';
import { findPrecatorio, precatoriosWithVersions } from '../../src/storage/registry-store.ts';
import { demoInput } from '../support/api.ts';
import { BACKENDS, registryOn } from '../support/backends.ts';
import { canonical } from '../support/canonical.ts';

const WIDTH = FIRST_BENEFICIARIOS + 300;
const TRICKY = ['\t', '\n', '\r', '=', '"', '\\', 'N', 't', 'n', '{', ',', ' ', 'ç', '😀', '\u2028', 'a'];
const text = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 6 });
// Every fourth beneficiary is plain text (no tab or line break), so a page mixes both kinds of line.
const plain = fc.string({ unit: fc.constantFrom('=', '"', '\\', 'a', ' ', 'ç', '😀'), maxLength: 6 });
const [drawn] = fc.sample(
  fc.array(fc.record({ id: text, credorId: text, nome: fc.option(text, { nil: undefined }), cpf: fc.option(plain, { nil: undefined }), plainNome: plain }), {
    minLength: WIDTH,
    maxLength: WIDTH,
  }),
  { seed: 15, numRuns: 1 },
);

const base = demoInput(5, 0.05);
const template = base.precatorios.find((p) => p.status === 'ativo')!;
const share = money('10.00');
const big: Precatorio = {
  ...template,
  valorRequisitadoBrl: share.times(WIDTH),
  beneficiarios: drawn!.map(
    (d, i): Beneficiario => ({
      // Unique ids (the key): the drawn text, then a number that never holds a separator.
      id: `${i % 4 === 0 ? d.plainNome : d.id}#${i}`,
      credorId: i % 4 === 0 ? `${d.plainNome}#${i}` : d.credorId,
      titularidade: 'originario',
      valorBrl: share,
      pagoBrl: money('0'),
      superpreferenciaPagaBrl: money('0'),
      nome: i % 4 === 0 ? d.plainNome : d.nome,
      cpf: d.cpf,
    }),
  ),
};
const INPUT = { ...base, precatorios: base.precatorios.map((p) => (p === template ? big : p)) };

describe.each(BACKENDS)('free text in the pages of a large precatório, on $name', (backend) => {
  const registry = registryOn(backend, INPUT);

  it('comes back exactly as plain rows give it, in the same order', async () => {
    const db = registry();
    const read = (await precatoriosWithVersions(db, { numeros: [big.numero] }))[0]!.precatorio;
    const rows = (await findPrecatorio(db, big.numero))!.precatorio;
    expect(read.beneficiarios).toHaveLength(WIDTH);
    expect(canonical(read)).toEqual(canonical(rows));
    // And as imported (the rows are not the page format's own echo): '' stays '', absent stays absent.
    const byId = new Map(big.beneficiarios.map((b) => [b.id, b]));
    for (const b of read.beneficiarios) {
      const imported = byId.get(b.id)!;
      expect([b.credorId, b.nome, b.cpf]).toEqual([imported.credorId, imported.nome, imported.cpf]);
    }
  });
});
