// Reading the número a creditor types: the CNJ parser of the core (src/domain/numero-cnj.ts), not a copy.
import { parseNumeroCnj } from '../src/domain/numero-cnj.ts';
import { MSG } from './messages.ts';

export type NumeroLido = { readonly ok: true; readonly numero: string } | { readonly ok: false; readonly motivo: string };

/**
 * Spaces, dots and dashes are ignored when the text holds a CNJ number's 20 digits: the answer is the
 * canonical NNNNNNN-DD.AAAA.J.TR.OOOO, or the check-digit error (ISO 7064 mod 97-10). Any other text
 * (a court's older número, e.g. "2009.01792-1") goes to the server as typed, spaces removed.
 */
export function lerNumero(texto: string): NumeroLido {
  const compacto = texto.replace(/\s+/g, '');
  if (compacto === '') return { ok: false, motivo: MSG.consultaVazia };
  const digitos = compacto.replace(/[.\-]/g, '');
  if (/^\d{20}$/.test(digitos)) {
    const r = parseNumeroCnj(digitos);
    if (r.ok) return { ok: true, numero: r.value.texto };
    if (r.error.kind === 'digito-verificador') return { ok: false, motivo: MSG.credor.digitoErrado(digitos.slice(7, 9), r.error.esperado) };
  }
  if (/^\d+$/.test(digitos) && digitos.length > 14 && digitos.length !== 20) return { ok: false, motivo: MSG.credor.digitosContados(digitos.length) };
  return { ok: true, numero: compacto };
}
