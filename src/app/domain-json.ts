import { Dec } from '../domain/money.ts';

/**
 * Domain values (precatórios, entes, funding rows) as JSON that comes back as the same values:
 * exact decimals travel as `{"$dec": "123.45"}` (decimal.js would otherwise arrive as plain text),
 * everything else is already JSON (dates are ISO text in the domain). For the CLI reading the
 * registry through a server (`simular`): the same objects the store would have given it.
 */
export function encodeDomain(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Dec ? { $dec: raw.toString() } : v;
  });
}

export function decodeDomain(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const dec = (v as { $dec?: unknown }).$dec;
      if (keys.length === 1 && typeof dec === 'string') return new Dec(dec);
    }
    return v;
  });
}
