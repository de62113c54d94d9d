// Goal: the masks public answers rely on, by example (the crawls check that they are applied).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskCpf, maskDocumentsIn, maskNome } from '../../src/api/masking.ts';
import { cpfCheckDigits } from '../../src/domain/cpf.ts';
import { formatNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { cnpjCheckDigits } from './fixtures.ts';

describe('masks', () => {
  it('CPF keeps its middle digits only; anything else that is not 11 digits is hidden whole (a CNPJ too)', () => {
    expect(maskCpf('529.982.247-25')).toBe('***.982.247-**');
    expect(maskCpf('52998224725')).toBe('***.982.247-**');
    expect(maskCpf('11.222.333/0001-81')).toBe('***');
    expect(maskCpf(undefined)).toBeNull();
  });

  it('names keep initials of the words that are not short particles', () => {
    expect(maskNome('Maria da Conceição Souza')).toBe('M. C. S.');
  });

  it('a beneficiary id that carries a CPF or a CNPJ has it masked; CNJ números and other ids pass unchanged', () => {
    expect(maskDocumentsIn('529.982.247-25')).toBe('***.982.247-**');
    expect(maskDocumentsIn('52998224725-2')).toBe('***.982.247-**-2');
    expect(maskDocumentsIn('cpf 52998224725')).toBe('cpf ***.982.247-**');
    expect(maskDocumentsIn('11.222.333/0001-81')).toBe('***');
    expect(maskDocumentsIn('0142372-48.2018.8.14.0301#1')).toBe('0142372-48.2018.8.14.0301#1');
    expect(maskDocumentsIn('2009.01792-1#2')).toBe('2009.01792-1#2');
    expect(maskDocumentsIn('b1')).toBe('b1');
  });

  it('the shapes issue 15 found published in full are masked', () => {
    for (const shape of ['160149184-00', '160 149 184 00', '160-149-184-00', '160.149.184.00', '123.456.789/09'])
      expect(maskDocumentsIn(`id ${shape}#2`)).toMatch(/^id \*\*\*\.\d{3}\.\d{3}-\*\*#2$/);
    for (const shape of ['12345678/0001-95', '12.345.678/0001-95', '12345678000195']) expect(maskDocumentsIn(shape)).toBe('***');
  });
});

// Laws over generated documents: every shape courts write, embedded in text, is masked; text with
// no document passes unchanged — CNJ números above all, which are public and are the lookup key.
const digitsArb = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const cpfArb = digitsArb(9).map((nine) => `${nine}${cpfCheckDigits(nine)}`);
const cnpjArb = digitsArb(12).map((twelve) => `${twelve}${cnpjCheckDigits(twelve)}`);
/** What goes between two digit groups: nothing, one separator, or one padded with spaces. */
const sepArb = fc.constantFrom('', '.', '-', '/', ' ', '  ', ' - ', '. ', '\u00A0', '\u2013');
/** A document in groups, each gap its own separator (mixed shapes included). */
const render = (digits: string, groups: readonly number[]) =>
  fc.array(sepArb, { minLength: groups.length - 1, maxLength: groups.length - 1 }).map((seps) => {
    let at = 0;
    return groups
      .map((n, i) => {
        const g = digits.slice(at, (at += n));
        return i === 0 ? g : `${seps[i - 1]}${g}`;
      })
      .join('');
  });
/** The shapes named in issue 15, always tried, and then any mix. */
const cpfShapes = (d: string) => [
  `${d.slice(0, 9)}-${d.slice(9)}`,
  `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)} ${d.slice(9)}`,
  `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)}-${d.slice(9)}`,
  `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}.${d.slice(9)}`,
  `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}/${d.slice(9)}`,
  `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`,
  d,
];
const cnpjShapes = (d: string) => [
  `${d.slice(0, 8)}/${d.slice(8, 12)}-${d.slice(12)}`,
  `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`,
  d,
];
/** Text around a document: words and punctuation, no digit touching it. */
const contextArb = fc.stringMatching(/^[A-Za-zÀ-ú #:;,()=_-]{0,12}$/).map((t) => t.replace(/^[-]+|[-]+$/g, ''));

describe('maskDocumentsIn over generated documents', () => {
  it('no CPF in any shape, embedded in any text, keeps more than its six middle digits; no CNPJ keeps any', () => {
    fc.assert(
      fc.property(
        fc
          .oneof(
            cpfArb.map((d) => ({ d, kind: 'cpf' as const })),
            cnpjArb.map((d) => ({ d, kind: 'cnpj' as const })),
          )
          .chain(({ d, kind }) =>
            fc.tuple(
              fc.constant(d),
              fc.constant(kind),
              fc.oneof(fc.constantFrom(...(kind === 'cpf' ? cpfShapes(d) : cnpjShapes(d))), render(d, kind === 'cpf' ? [3, 3, 3, 2] : [2, 3, 3, 4, 2])),
              contextArb,
              contextArb,
            ),
          ),
        ([d, kind, shape, before, after]) => {
          const masked = maskDocumentsIn(`${before}${shape}${after}`);
          // The context carries no digits: every digit left is what the mask chose to keep.
          expect(masked.replace(/\D/g, ''), `${before}${shape}${after} → ${masked}`).toBe(kind === 'cpf' ? d.slice(3, 9) : '');
          expect(masked.startsWith(before) && masked.endsWith(after)).toBe(true);
        },
      ),
      { numRuns: 3000, seed: 20251201 },
    );
  });

  it('two documents side by side are both masked', () => {
    fc.assert(
      fc.property(cpfArb, cnpjArb, sepArb, (cpf, cnpj, sep) => {
        const masked = maskDocumentsIn(`${cpf} ${sep}x ${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`);
        expect(masked.replace(/\D/g, '')).toBe(cpf.slice(3, 9));
      }),
      { numRuns: 500, seed: 20251201 },
    );
  });

  it('text without a document passes unchanged: CNJ números (formatted or bare), dates, money, short numbers', () => {
    const cnjArb = fc
      .record({
        seq: fc.integer({ min: 0, max: 9_999_999 }),
        ano: fc.integer({ min: 1990, max: 2030 }),
        j: fc.integer({ min: 1, max: 9 }),
        tr: fc.integer({ min: 0, max: 99 }),
        origem: fc.integer({ min: 0, max: 9999 }),
      })
      .map((n) => formatNumeroCnj(n.seq, n.ano, n.j, n.tr, n.origem));
    const plain = fc.oneof(
      cnjArb,
      cnjArb.map((n) => n.replace(/\D/g, '')),
      cnjArb.map((n) => `${n}#2`),
      fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2040, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.integer({ min: 0, max: 2 ** 31 }).map((c) => `R$ ${(c / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2 })}`),
      // Lists of numbers (a run of up to 10 digits each, comma-separated: a comma never joins a document).
      fc.array(fc.integer({ min: 0, max: 9_999_999_999 }), { maxLength: 4 }).map((ns) => ns.join(', ')),
    );
    fc.assert(
      fc.property(plain, contextArb, (text, before) => {
        expect(maskDocumentsIn(`${before}${text}`)).toBe(`${before}${text}`);
      }),
      { numRuns: 3000, seed: 20251201 },
    );
  });
});
