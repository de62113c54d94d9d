// The hash router's address parsing (web/router.ts): the root URL is the landing page, the rest of
// the address reaches the view decoded, and a malformed escape reaches it as typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHash } from '../../web/router.ts';

describe('parseHash', () => {
  it('sends the root URL to the fallback view', () => {
    expect(parseHash('', 'inicio')).toEqual(['inicio', '']);
    expect(parseHash('#/', 'inicio')).toEqual(['inicio', '']);
    expect(parseHash('#', 'inicio')).toEqual(['inicio', '']);
  });

  it('splits the view from its argument and decodes the argument', () => {
    expect(parseHash('#/painel', 'inicio')).toEqual(['painel', '']);
    expect(parseHash('#/consulta/0000001-23.2020.8.14.0301', 'inicio')).toEqual(['consulta', '0000001-23.2020.8.14.0301']);
    expect(parseHash('#/consulta/0000001%2023', 'inicio')).toEqual(['consulta', '0000001 23']);
    expect(parseHash('#/consulta/%E0%A4%A', 'inicio')).toEqual(['consulta', '%E0%A4%A']);
  });

  it('round-trips any argument written with encodeURIComponent', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,12}$/), fc.string(), (view, arg) => {
        expect(parseHash(`#/${view}/${encodeURIComponent(arg)}`, 'inicio')).toEqual([view, arg]);
      }),
    );
  });
});
