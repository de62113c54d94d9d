// Goal: the CNJ check digits (Res. CNJ 65/2008, ISO 7064 mod 97-10) match real numbers.
// Method: recompute DD for the 211 TJDFT precatório numbers and compare with the published ones.
import { expect, it } from 'vitest';
import { formatNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { readSharedCsv } from '../support/shared.ts';

const numbers = readSharedCsv('data/reference/budget_year/tjdft_federal_autuacao_vs_exercicio.csv').map((r) => r['numero_precatorio']!);

it.each(numbers)('recomputes the check digits of %s', (numero) => {
  const m = /^(\d{7})-\d{2}\.(\d{4})\.(\d)\.(\d{2})\.(\d{4})$/.exec(numero)!;
  expect(formatNumeroCnj(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))).toBe(numero);
});
