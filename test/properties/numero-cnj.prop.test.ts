// Goal: the CNJ number parser (Res. CNJ 65/2008, ISO 7064 mod 97-10) accepts every valid number and
// rejects every single-digit change; older formats are kept as legacy, never "fixed".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyNumero, formatNumeroCnj, parseNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { readSharedCsv } from '../support/shared.ts';

const parts = fc.tuple(
  fc.integer({ min: 0, max: 9_999_999 }),
  fc.integer({ min: 1900, max: 2099 }),
  fc.integer({ min: 1, max: 9 }),
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 9999 }),
);

describe('properties of the CNJ número', () => {
  it('accepts every generated valid number, and reads back its parts', () => {
    fc.assert(
      fc.property(parts, ([n, a, j, tr, o]) => {
        const text = formatNumeroCnj(n, a, j, tr, o);
        const parsed = parseNumeroCnj(text);
        expect(parsed.ok && [parsed.value.sequencial, parsed.value.ano, parsed.value.segmento, parsed.value.tribunal, parsed.value.origem]).toEqual([
          n,
          a,
          j,
          tr,
          o,
        ]);
        expect(parseNumeroCnj(text.replace(/[.-]/g, '')).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('computes the check digits exactly as big-integer arithmetic does', () => {
    fc.assert(
      fc.property(parts, ([n, a, j, tr, o]) => {
        const digits = `${String(n).padStart(7, '0')}${a}${j}${String(tr).padStart(2, '0')}${String(o).padStart(4, '0')}00`;
        const expected = String(98 - Number(BigInt(digits) % 97n)).padStart(2, '0');
        expect(formatNumeroCnj(n, a, j, tr, o).slice(8, 10)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects any single-digit change (mod 97 catches every substitution of one digit)', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.integer({ min: 1, max: 9 }), ([n, a, j, tr, o], at, delta) => {
        const text = formatNumeroCnj(n, a, j, tr, o);
        const positions = [...text].map((ch, i) => (/\d/.test(ch) ? i : -1)).filter((i) => i >= 0);
        const i = positions[at % positions.length]!;
        const changed = text.slice(0, i) + String((Number(text[i]) + delta) % 10) + text.slice(i + 1);
        expect(parseNumeroCnj(changed).ok).toBe(false);
        expect(classifyNumero(changed).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the older court formats as legacy, unchanged', () => {
    for (const text of ['2009.01792-1', '2009.01792-1 (2009.01475-2)', '1998.03464-7']) {
      expect(classifyNumero(text)).toEqual({ ok: true, value: { kind: 'legado', texto: text } });
    }
  });

  it('accepts all 211 real TJDFT numbers as CNJ', () => {
    const rows = readSharedCsv('data/reference/budget_year/tjdft_federal_autuacao_vs_exercicio.csv');
    expect(rows.filter((r) => classifyNumero(r['numero_precatorio']!).ok && parseNumeroCnj(r['numero_precatorio']!).ok)).toHaveLength(211);
  });
});
