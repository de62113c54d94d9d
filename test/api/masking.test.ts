// Goal: the masks public answers rely on, by example (the crawls check that they are applied).
import { describe, expect, it } from 'vitest';
import { maskCpf, maskDocumentsIn, maskNome } from '../../src/api/masking.ts';

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
});
