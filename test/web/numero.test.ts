// Goal: the creditor's número field reads a CNJ número typed as 20 digits, with spaces or dots, and
// says when its check digits (ISO 7064 mod 97-10, Res. CNJ 65/2008) are wrong — with the core's parser.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { lerNumero } from '../../web/numero.ts';

const cnj = fc
  .tuple(
    fc.integer({ min: 0, max: 9_999_999 }),
    fc.integer({ min: 1990, max: 2030 }),
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(([s, a, j, tr, o]) => formatNumeroCnj(s, a, j, tr, o));

describe('lerNumero', () => {
  it('gives the canonical número for the punctuated text, its 20 digits, or them with spaces and dots', () => {
    fc.assert(
      fc.property(cnj, fc.array(fc.constantFrom(' ', '.', '  '), { minLength: 20, maxLength: 20 }), (numero, seps) => {
        const digits = numero.replace(/\D/g, '');
        expect(lerNumero(numero)).toEqual({ ok: true, numero });
        expect(lerNumero(digits)).toEqual({ ok: true, numero });
        const spaced = [...digits].map((d, i) => d + (i % 3 === 2 ? seps[i]! : '')).join('');
        expect(lerNumero(` ${spaced} `)).toEqual({ ok: true, numero });
      }),
    );
  });

  it('refuses any other check digits, naming the ones expected', () => {
    fc.assert(
      fc.property(cnj, fc.integer({ min: 1, max: 99 }), (numero, delta) => {
        const digits = numero.replace(/\D/g, '');
        const right = digits.slice(7, 9);
        const wrong = String((Number(right) + delta) % 100).padStart(2, '0');
        const r = lerNumero(`${digits.slice(0, 7)}${wrong}${digits.slice(9)}`);
        expect(r.ok).toBe(false);
        if (!r.ok)
          expect(r.motivo).toBe(
            `Os dígitos verificadores não conferem: o número tem ${wrong} depois do traço, mas para os demais dígitos deveria ter ${right}. Confira o número no ofício do precatório.`,
          );
      }),
    );
  });

  it('says how many digits a near-CNJ number has, passes older court números through, asks for an empty one', () => {
    expect(lerNumero('0000001234202381403')).toEqual({ ok: false, motivo: 'O número tem 19 dígitos; o número do precatório (padrão CNJ) tem 20.' });
    expect(lerNumero(' 2009.01792-1 ')).toEqual({ ok: true, numero: '2009.01792-1' });
    expect(lerNumero('   ')).toEqual({ ok: false, motivo: 'Digite o número do precatório.' });
  });
});
