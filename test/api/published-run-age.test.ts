// Goal: the texts that explain why a public run date is refused and what `fila --publica` hides
// name the superpreference age of data/rules (R3.1), not a literal (issue 15 §2). Method: the API
// refusal under generated age tables (fast-check) names the age in force on the published run; the
// CLI help is the one built from the shipped row.
import fc from 'fast-check';
import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.ts';
import { publishedRun } from '../../src/api/published-run.ts';
import { helpText } from '../../src/cli/fila.ts';
import { main } from '../../src/cli/main.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import { superpreferenceAgeOn } from '../../src/domain/rules/superpreference-age.ts';
import { timeline } from '../../src/domain/rules/timeline.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import { RULES } from '../support/rules.ts';

const context = { header: () => undefined } as unknown as Context;

describe('the age in the texts is the row in force', () => {
  it('a public request naming a date is refused with the age in force on the published run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 50, max: 80 }), fc.integer({ min: 50, max: 80 }), fc.boolean(), async (before, after, changed) => {
        const today = '2026-06-01' as IsoDate;
        const rules = {
          ...RULES,
          superpreferenceAgeYears: timeline([
            { validFrom: '2009-12-10' as IsoDate, value: before, legalBasis: 'lei A' },
            { validFrom: (changed ? '2026-01-01' : '2027-01-01') as IsoDate, value: after, legalBasis: 'lei B' },
          ]),
        };
        const run = publishedRun({ today: () => today, staff: { check: () => ({ kind: 'sem-token' }) }, rules });
        const refusal = await run.runDate(context, '2020-01-01').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refusal).toBeInstanceOf(ApiError);
        expect((refusal as ApiError).motivo).toContain(`completa ${changed ? after : before} anos`);
      }),
      { numRuns: 100 },
    );
  });

  it('`fila --ajuda` prints the help built from the shipped age', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
    try {
      expect(await main(['fila', '--ajuda'])).toBe(0);
    } finally {
      process.stdout.write = original;
    }
    const age = superpreferenceAgeOn(RULES, supportedDatesToday().today);
    expect(written.join('')).toBe(helpText(age));
    expect(helpText(age)).toContain(`aniversário de ${age} anos`);
  });
});
