import type { Precatorio } from '../../src/domain/precatorio.ts';

/** A precatório as plain sorted data, for equality across storage round trips. */
export function canonical(p: Precatorio): unknown {
  return JSON.parse(
    JSON.stringify(p, (_key, value) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        );
      }
      return value;
    }),
  );
}
