// Goal: what-if scenarios override one input each and the comparison says, per creditor, how many
// months the full payment moves. Method: the three-precatório municipality of simulate.test.ts
// (R$ 10.000 a month, cap R$ 50.000) with numbers checked by hand.
import { describe, expect, it } from 'vitest';
import { Dec, money } from '../../../src/domain/money.ts';
import { compareRuns, simulate } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';
import { MUNICIPIO, beneficiario, day, deposit, must, precatorio, projectionOf, queueOf, ym } from './fixtures.ts';

const P1 = precatorio(MUNICIPIO, 'P1', '2023-03-10', 'alimentar', [beneficiario('b1', '40000.00')]);
const P2 = precatorio(MUNICIPIO, 'P2', '2023-03-20', 'comum', [beneficiario('b2', '60000.00')]);
const P3 = precatorio(MUNICIPIO, 'P3', '2024-03-01', 'alimentar', [beneficiario('b3', '80000.00')]);
const QUEUE = queueOf(MUNICIPIO, [P1, P2, P3]);
const FUNDING = [deposit(MUNICIPIO.id, '10000.00')];
const OPTIONS = { from: ym('2026-01'), until: ym('2027-12'), rules: RULES };
const BASE = must(simulate([QUEUE], FUNDING, OPTIONS));

describe('scenarios against the baseline (P1 2026-04, P2 2026-10, P3 2027-06)', () => {
  it('baseline: the list in order, R$ 10.000 a month', () => {
    expect(['P1', 'P2', 'P3'].map((n) => projectionOf(BASE, n).fullPaymentMonth)).toEqual(['2026-04', '2026-10', '2027-06']);
  });

  it('+100 % deposit: P1 in 2 months, P2 in 3 more, P3 in 4 more → 2, 5 and 9 months earlier', () => {
    const richer = must(simulate([QUEUE], FUNDING, { ...OPTIONS, scenario: { name: 'dobro', fundingChangePct: new Dec(100) } }));
    const comparison = compareRuns(BASE, richer);
    expect(comparison.shifts.map((s) => [s.numero, s.scenarioMonth, s.shiftMonths, s.kind])).toEqual([
      ['P1', '2026-02', -2, 'antecipado'],
      ['P2', '2026-05', -5, 'antecipado'],
      ['P3', '2026-09', -9, 'antecipado'],
    ]);
    expect(comparison.meanShiftMonths).toBe(-5.3);
    expect(comparison.counts).toMatchObject({ antecipado: 3, adiado: 0 });
  });

  it('a new disease grant for P3 from 2026-01: R$ 50.000 tranche first (5 months), P1 and P2 wait 5 months more, P3 earlier', () => {
    const grant = { numero: 'P3', beneficiarioId: 'b3', ground: 'doenca-grave' as const, since: day('2026-01-01') };
    const run = must(simulate([QUEUE], FUNDING, { ...OPTIONS, scenario: { name: 'doença', superpreferenceGrants: [grant] } }));
    expect(projectionOf(run, 'P3')).toMatchObject({ firstPaymentMonth: '2026-01', superpreferencePaidCents: 5_000_000 });
    const shifts = compareRuns(BASE, run).shifts.map((s) => [s.numero, s.shiftMonths]);
    // P1: 2026-06..09 → 2026-09 (+5); P2: 2026-10..2027-03 (+5); P3's last R$ 30.000 in 2027-04..06 (0).
    expect(shifts).toEqual([
      ['P1', 5],
      ['P2', 5],
      ['P3', 0],
    ]);
  });

  it('a grant naming no beneficiary goes to the first who is not a cessionário, and is refused where all are (R3.2, CF §13)', () => {
    const shared = precatorio(MUNICIPIO, 'P4', '2024-04-01', 'alimentar', [
      beneficiario('c1', '30000.00', { titularidade: 'cessionario' }),
      beneficiario('h1', '50000.00', { titularidade: 'herdeiro' }),
    ]);
    const queue = queueOf(MUNICIPIO, [P1, P2, P3, shared]);
    const grant = { numero: 'P4', ground: 'deficiencia' as const, since: day('2026-01-01') };
    const named = must(simulate([queue], FUNDING, { ...OPTIONS, scenario: { name: 'nomeado', superpreferenceGrants: [{ ...grant, beneficiarioId: 'h1' }] } }));
    const unnamed = must(simulate([queue], FUNDING, { ...OPTIONS, scenario: { name: 'sem nome', superpreferenceGrants: [grant] } }));
    expect(projectionOf(unnamed, 'P4')).toEqual(projectionOf(named, 'P4'));
    expect(projectionOf(unnamed, 'P4').superpreferencePaidCents).toBe(5_000_000);
    const onlyAssignees = queueOf(MUNICIPIO, [
      precatorio(MUNICIPIO, 'P5', '2024-04-01', 'alimentar', [beneficiario('c2', '30000.00', { titularidade: 'cessionario' })]),
    ]);
    const refused = simulate([onlyAssignees], FUNDING, { ...OPTIONS, scenario: { name: 'x', superpreferenceGrants: [{ ...grant, numero: 'P5' }] } });
    expect(refused.ok ? 'aceito' : refused.error).toMatchObject({ kind: 'invalid-scenario', reason: expect.stringContaining('só tem cessionários') });
  });

  it('a higher RPV ceiling from 2026-07 (R$ 12.000 → cap R$ 60.000) lets a 60-year-old take one more tranche', () => {
    const older = queueOf(MUNICIPIO, [
      P1,
      P2,
      precatorio(MUNICIPIO, 'P3', '2024-03-01', 'alimentar', [beneficiario('b3', '80000.00', { nascimento: day('1960-01-10') })]),
    ]);
    const before = must(simulate([older], FUNDING, OPTIONS));
    const after = must(
      simulate([older], FUNDING, { ...OPTIONS, scenario: { name: 'teto', rpvCeiling: { amountBrl: money('12000.00'), from: ym('2026-07') } } }),
    );
    expect(projectionOf(before, 'P3').superpreferencePaidCents).toBe(5_000_000);
    expect(projectionOf(after, 'P3').superpreferencePaidCents).toBe(6_000_000);
  });

  it('an extra precatório presented earlier in the same budget year goes ahead of P2 and delays those behind it', () => {
    const extra = precatorio(MUNICIPIO, 'X1', '2023-03-01', 'comum', [beneficiario('x1', '20000.00')]);
    const run = must(simulate([QUEUE], FUNDING, { ...OPTIONS, scenario: { name: 'extra', extraPrecatorios: [extra] } }));
    expect(projectionOf(run, 'X1')).toMatchObject({ position: 2, fullPaymentMonth: '2026-06' });
    const comparison = compareRuns(BASE, run);
    expect(comparison.shifts.map((s) => [s.numero, s.shiftMonths, s.kind])).toEqual([
      ['P1', 0, 'igual'],
      ['P2', 2, 'adiado'],
      ['P3', 2, 'adiado'],
      ['X1', null, 'somente-no-cenario'],
    ]);
  });

  it('refuses overrides that name nobody in the list, and grants to a comum credit', () => {
    const unknown = simulate([QUEUE], FUNDING, {
      ...OPTIONS,
      scenario: { name: 'x', superpreferenceGrants: [{ numero: 'P9', beneficiarioId: 'b9', ground: 'deficiencia', since: day('2026-01-01') }] },
    });
    expect(!unknown.ok && unknown.error).toEqual({ kind: 'invalid-scenario', reason: 'superpreferência: precatório P9 não está na fila simulada' });
    const comum = simulate([QUEUE], FUNDING, {
      ...OPTIONS,
      scenario: { name: 'x', superpreferenceGrants: [{ numero: 'P2', beneficiarioId: 'b2', ground: 'deficiencia', since: day('2026-01-01') }] },
    });
    expect(!comum.ok && comum.error.kind).toBe('invalid-scenario');
    const duplicate = simulate([QUEUE], FUNDING, { ...OPTIONS, scenario: { name: 'x', extraPrecatorios: [P1] } });
    expect(!duplicate.ok && duplicate.error).toEqual({ kind: 'invalid-scenario', reason: 'precatório extra P1: número já usado' });
  });
});
