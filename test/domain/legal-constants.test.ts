// Goal: legal constants are dated rows of data/rules read through one accessor each (issue 15 §2):
// the chronological share's minimum (ADCT 102 caput, R7.5) and the superpreference age (CF art. 100
// §2, R3.1). Method: the shipped rows load and validate; a damaged table stops the load naming file
// and column; fast-check laws over generated timelines: the accessor answers the row in force for
// any date, and every message and default is built from the row's value, not a literal.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type IsoDate, addYears } from '../../src/domain/dates.ts';
import { Dec } from '../../src/domain/money.ts';
import { eligibilityOf } from '../../src/domain/queue/superpreference.ts';
import type { RuleBook } from '../../src/domain/rule-book.ts';
import {
  type ChronologicalShareMinimum,
  chronologicalShareMinimum,
  chronologicalShareProblem,
  defaultChronologicalShare,
} from '../../src/domain/rules/chronological-share.ts';
import { superpreferenceAgeFrom, superpreferenceAgeOn } from '../../src/domain/rules/superpreference-age.ts';
import { type Timeline, timeline } from '../../src/domain/rules/timeline.ts';
import { describeSimulationError, simulate } from '../../src/domain/simulation/index.ts';
import { DEFAULT_RULES_DIR, loadRuleBook } from '../../src/rules/load-rule-book.ts';
import { isoDateArb } from '../support/arbitraries.ts';
import { RULES } from '../support/rules.ts';
import { MUNICIPIO, beneficiario, deposit, precatorio, queueOf, ym } from './simulation/fixtures.ts';

/** Sorted distinct start dates with a value each: any timeline a law table could hold. */
const timelineArb = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<Timeline<T>> =>
  fc
    .uniqueArray(isoDateArb(1988, 2040), { minLength: 1, maxLength: 6 })
    .chain((starts) => fc.array(value, { minLength: starts.length, maxLength: starts.length }).map((values) => ({ starts: [...starts].sort(), values })))
    .map(({ starts, values }) => timeline(starts.map((validFrom, i) => ({ validFrom, value: values[i]!, legalBasis: `lei de teste nº ${i + 1}` }))));

const shareArb = fc.integer({ min: 0, max: 10_000 }).map((n) => new Dec(n).dividedBy(10_000));
const minimumArb: fc.Arbitrary<ChronologicalShareMinimum> = fc.record({ share: shareArb, citation: fc.constantFrom('ADCT art. 102', 'Lei X art. 1º') });
/** The row in force by a linear scan: the oracle for the binary search behind the accessors. */
const inForceByScan = <T>(rows: Timeline<T>, date: IsoDate) => rows.filter((r) => r.validFrom <= date).at(-1);

describe('the shipped rows (data/rules)', () => {
  it('hold the chronological minimum and the age as the spec states them, each row with its basis', () => {
    expect(RULES.chronologicalShareMinimum.map((r) => [r.validFrom, r.value.share.toString(), r.value.citation])).toEqual([
      ['1988-10-05', '1', 'CF art. 100 caput'],
      ['2009-12-10', '0.5', 'ADCT art. 97 §6'],
      ['2016-12-16', '0.5', 'ADCT art. 102'], // EC 94/2016, published 16/12/2016 (legal-rules §0.1)
    ]);
    expect(RULES.superpreferenceAgeYears.map((r) => [r.validFrom, r.value])).toEqual([
      ['2009-12-10', 60], // EC 62/2009 created the superpreference (R3.1)
      ['2016-12-16', 60], // EC 94/2016 rewrote §2, same age
    ]);
    for (const row of [...RULES.chronologicalShareMinimum, ...RULES.superpreferenceAgeYears]) expect(row.legalBasis.length).toBeGreaterThan(40);
  });
});

describe('a damaged rule table stops the load, naming file and column', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const withEdited = (file: string, edit: (text: string) => string) => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    dirs.push(dir);
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return () => loadRuleBook(dir);
  };

  it.each([
    [
      'chronological-share-minimum.csv',
      (t: string) => t.replace('2016-12-16,0.5,', '2016-12-16,1.5,'),
      /chronological-share-minimum\.csv: minimum_share: "1\.5"/,
    ],
    [
      'chronological-share-minimum.csv',
      (t: string) => t.replace('2016-12-16,0.5,ADCT art. 102,', '2016-12-16,0.5,,'),
      /chronological-share-minimum\.csv: citation: vazio/,
    ],
    ['chronological-share-minimum.csv', (t: string) => t.replace('2016-12-16', '2001-01-01'), /fora de ordem/],
    ['superpreference-age.csv', (t: string) => t.replace('2016-12-16,60,', '2016-12-16,sessenta,'), /superpreference-age\.csv: age_years: "sessenta"/],
    ['superpreference-age.csv', (t: string) => t.replace(/2016-12-16,60,".*"/, '2016-12-16,60,""'), /sem fundamento legal/],
  ])('%s: %s', (file, edit, message) => {
    expect(withEdited(file, edit)).toThrow(message);
  });
});

describe('chronological share minimum (ADCT 102 caput, R7.5)', () => {
  it('answers the row in force for any date from the first row on, for the shipped and any generated table', () => {
    fc.assert(
      fc.property(fc.option(timelineArb(minimumArb), { nil: undefined }), isoDateArb(1988, 2100), (generated, date) => {
        const rules: RuleBook = generated ? { ...RULES, chronologicalShareMinimum: generated } : RULES;
        const expected = inForceByScan(rules.chronologicalShareMinimum, date);
        if (expected) expect(chronologicalShareMinimum(rules, date)).toBe(expected);
        else expect(() => chronologicalShareMinimum(rules, date)).toThrow(/nenhuma regra de parcela mínima/);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly the shares from the minimum to 1, and the refusal quotes the minimum and its act', () => {
    fc.assert(
      fc.property(minimumArb, isoDateArb(1988, 2040), fc.integer({ min: -5_000, max: 15_000 }), (minimum, validFrom, n) => {
        const share = new Dec(n).dividedBy(10_000);
        const row = { validFrom, value: minimum, legalBasis: 'lei' };
        const problem = chronologicalShareProblem(share, row);
        expect(problem === undefined).toBe(share.greaterThanOrEqualTo(minimum.share) && share.lessThanOrEqualTo(1));
        // A fifth decimal would be rounded by the table (numeric(5, 4)): refused, never shifted.
        expect(chronologicalShareProblem(share.plus('0.00001'), row)).toMatch(/mais de 4 casas decimais/);
        if (problem) {
          expect(problem).toContain(minimum.citation);
          expect(problem).toContain(validFrom);
          if (!minimum.share.equals(1)) expect(problem).toContain(minimum.share.toString().replace('.', ','));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('defaults to the minimum in force for monthly money in the regime especial, to 1 otherwise', () => {
    fc.assert(
      fc.property(
        timelineArb(minimumArb),
        isoDateArb(1988, 2040),
        fc.constantFrom('geral', 'especial') as fc.Arbitrary<'geral' | 'especial'>,
        fc.constantFrom('dotacao-anual', 'deposito-mensal', 'percentual-rcl') as fc.Arbitrary<'dotacao-anual' | 'deposito-mensal' | 'percentual-rcl'>,
        (table, date, regime, kind) => {
          const rules: RuleBook = { ...RULES, chronologicalShareMinimum: table };
          fc.pre(date >= table[0]!.validFrom);
          const share = defaultChronologicalShare(rules, regime, kind, date);
          const expected = regime === 'especial' && kind !== 'dotacao-anual' ? inForceByScan(table, date)!.value.share : new Dec(1);
          expect(share.equals(expected)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is what the projection checks and says: another minimum in the table moves the refusal and the text', () => {
    const p = precatorio(MUNICIPIO, 'P1', '2024-03-10', 'comum', [beneficiario('b1', '1000.00')]);
    const queue = queueOf(MUNICIPIO, [p]);
    const rules: RuleBook = {
      ...RULES,
      chronologicalShareMinimum: timeline([
        ...RULES.chronologicalShareMinimum,
        { validFrom: '2026-01-01' as IsoDate, value: { share: new Dec('0.6'), citation: 'Lei de teste' }, legalBasis: 'hipotética' },
      ]),
    };
    const options = { from: ym('2026-01'), until: ym('2026-12'), rules };
    const refused = simulate([queue], [deposit(MUNICIPIO.id, '500.00', '0.55')], options);
    expect(!refused.ok && describeSimulationError(refused.error)).toBe(
      `financiamento do ente ${MUNICIPIO.id}: a parcela da ordem cronológica deve estar entre 0,6 (mínimo do Lei de teste, vigente desde 2026-01-01) e 1`,
    );
    // Under the shipped table 0.55 is lawful (ADCT 102: at least 0.5), and the text names that act.
    expect(simulate([queue], [deposit(MUNICIPIO.id, '500.00', '0.55')], { ...options, rules: RULES }).ok).toBe(true);
    expect(simulate([queue], [deposit(MUNICIPIO.id, '500.00', '0.6')], options).ok).toBe(true);
  });
});

describe('superpreference age (CF art. 100 §2, R3.1)', () => {
  const ageArb = fc.integer({ min: 50, max: 80 });

  it('answers the row in force for any date, and one age for the rest of time only when no later row changes it', () => {
    fc.assert(
      fc.property(timelineArb(ageArb), isoDateArb(1988, 2100), (table, date) => {
        const rules: RuleBook = { ...RULES, superpreferenceAgeYears: table };
        const expected = inForceByScan(table, date);
        if (!expected) {
          expect(() => superpreferenceAgeOn(rules, date)).toThrow(/idade da superpreferência/);
          expect(superpreferenceAgeFrom(rules, date)).toBeUndefined();
          return;
        }
        expect(superpreferenceAgeOn(rules, date)).toBe(expected.value);
        const changes = table.some((r) => r.validFrom > date && r.value !== expected.value);
        expect(superpreferenceAgeFrom(rules, date)).toBe(changes ? undefined : expected.value);
      }),
      { numRuns: 500 },
    );
  });

  it('decides eligibility: a holder qualifies on the run date exactly from the birthday at the age in force', () => {
    const p = precatorio(MUNICIPIO, 'P1', '2020-03-10', 'alimentar', [beneficiario('b1', '1000.00')]);
    fc.assert(
      fc.property(isoDateArb(1930, 1990), isoDateArb(2010, 2040), ageArb, (birth, runDate, age) => {
        const b = { ...p.beneficiarios[0]!, nascimento: birth };
        expect(eligibilityOf(p, b, runDate, age).eligible).toBe(addYears(birth, age) <= runDate);
      }),
      { numRuns: 500 },
    );
  });

  it('a projection whose horizon would see the age change is refused, not dated wrong', () => {
    const p = precatorio(MUNICIPIO, 'P1', '2024-03-10', 'alimentar', [beneficiario('b1', '1000.00', { nascimento: '1966-06-01' as IsoDate })]);
    const rules: RuleBook = {
      ...RULES,
      superpreferenceAgeYears: timeline([...RULES.superpreferenceAgeYears, { validFrom: '2030-01-01' as IsoDate, value: 65, legalBasis: 'hipotética' }]),
    };
    const run = simulate([queueOf(MUNICIPIO, [p])], [deposit(MUNICIPIO.id, '500.00', '1')], { from: ym('2026-01'), until: ym('2026-12'), rules });
    expect(!run.ok && run.error.kind).toBe('rules-unsupported');
    const after = simulate([queueOf(MUNICIPIO, [p])], [deposit(MUNICIPIO.id, '500.00', '1')], { from: ym('2030-01'), until: ym('2030-12'), rules });
    expect(after.ok).toBe(true);
  });
});
