// Goal: the month loop pays as R3.8 says, with numbers a person can check by hand.
// Method: a three-precatório municipality in regime especial (cap 5 × R$ 10.000 = R$ 50.000) paid
// R$ 10.000 a month for 24 months, then variations (acordos, regime geral, EC 136 cap, growth).
import { describe, expect, it } from 'vitest';
import { Dec, money } from '../../../src/domain/money.ts';
import { simulate, projectedGrowth, describeSimulationError } from '../../../src/domain/simulation/index.ts';
import { RULES } from '../../support/rules.ts';
import { MUNICIPIO, MUNICIPIO_GERAL, beneficiario, deposit, dotacao, must, precatorio, projectionOf, queueOf, ym } from './fixtures.ts';

// Budget year 2024 (presented before the 2 April 2023 cut-off): alimentar P1, then comum P2 (R2.2).
// P3, budget 2025, belongs to a creditor who turns 60 on 2026-06-15: eligible at the 2026-07-01 run.
const P1 = precatorio(MUNICIPIO, 'P1', '2023-03-10', 'alimentar', [beneficiario('b1', '40000.00')]);
const P2 = precatorio(MUNICIPIO, 'P2', '2023-03-20', 'comum', [beneficiario('b2', '60000.00')]);
const P3 = precatorio(MUNICIPIO, 'P3', '2024-03-01', 'alimentar', [beneficiario('b3', '80000.00', { nascimento: '1966-06-15' as never })]);
const QUEUE = queueOf(MUNICIPIO, [P3, P2, P1]);
const HORIZON = { from: ym('2026-01'), until: ym('2027-12'), rules: RULES };

describe('a three-precatório debtor over 24 months (R3.8, R2.8)', () => {
  const result = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00')], HORIZON));
  const months = result.entes[0]!.months;
  const at = (m: string) => months.find((x) => x.month === m)!;

  it('pays P1 in four months of R$ 10.000, then starts on P2 in the list order', () => {
    expect(projectionOf(result, 'P1')).toMatchObject({ position: 1, firstPaymentMonth: '2026-01', fullPaymentMonth: '2026-04', paidCents: 4_000_000 });
    expect(projectionOf(result, 'P2')).toMatchObject({ position: 2, firstPaymentMonth: '2026-05', firstChronologicalMonth: '2026-05' });
  });

  it('pays the 60-year-old creditor first from July: five tranches of R$ 10.000 up to the R$ 50.000 cap (R3.3)', () => {
    for (const m of ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) {
      expect(at(m)).toMatchObject({ superpreferencePaidCents: 1_000_000, chronologicalPaidCents: 0 });
    }
    expect(projectionOf(result, 'P3')).toMatchObject({ firstPaymentMonth: '2026-07', superpreferencePaidCents: 5_000_000 });
  });

  it('keeps P2 ahead of P3 while partly paid: P2 is done in 2027-03, P3 gets the list money only after (R2.8)', () => {
    expect(at('2026-12')).toMatchObject({ superpreferencePaidCents: 0, chronologicalPaidCents: 1_000_000 });
    expect(projectionOf(result, 'P2').fullPaymentMonth).toBe('2027-03');
    expect(projectionOf(result, 'P3')).toMatchObject({ firstChronologicalMonth: '2027-04', fullPaymentMonth: '2027-06', paidCents: 8_000_000 });
  });

  it('leaves the last six deposits in the account: R$ 60.000 unspent at the end, stock zero', () => {
    expect(at('2027-12')).toMatchObject({ availableCents: 6_000_000, unspentCents: 6_000_000, stockCents: 0, openPrecatorios: 0 });
    expect(at('2026-06')).toMatchObject({ stockCents: 12_000_000, openPrecatorios: 2 });
    expect(result.entes[0]!.years.map((y) => [y.year, y.paidCents, y.superpreferencePaidCents, y.fullyPaid])).toEqual([
      [2026, 12_000_000, 5_000_000, 1],
      [2027, 6_000_000, 0, 2],
    ]);
  });

  it('records the events in order: tranches, partial payments and each quitação', () => {
    const events = result.entes[0]!.events;
    expect(events.filter((e) => e.kind === 'quitacao').map((e) => [e.month, e.numero])).toEqual([
      ['2026-04', 'P1'],
      ['2027-03', 'P2'],
      ['2027-06', 'P3'],
    ]);
    expect(events.filter((e) => e.kind === 'superpreferencia')).toHaveLength(5);
  });

  // By hand, R$ 20.000 a month, half to each account (ADCT 102), acordos at the default 40 % (R7.6):
  // 01: list pays P1 10.000 (30.000 left); acordos hold 10.000 < 18.000 for P1 — the call stops.
  // 02: list pays P1 10.000 (20.000 left); acordos have 20.000 ≥ 12.000: P1 settled, 8.000 renounced,
  //     8.000 stay; P2 (60.000 → 36.000) waits. 03: list 10.000 to P2; 18.000 < 30.000.
  // 04: list 10.000 to P2 (40.000 left); 28.000 ≥ 24.000: P2 settled, 4.000 stay.
  // 05–06: list 10.000 a month to P3 (60.000 left). 07: P3's tranche takes the list's 10.000 (R3.8),
  //     50.000 left; acordos 34.000 ≥ 30.000: P3 settled, 20.000 renounced.
  it('sends half of each deposit to the acordo account (ADCT 102), which settles P1, P2 and P3 in list order at 40 % (R7.7)', () => {
    const split = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '20000.00', '0.5')], HORIZON));
    expect(split.entes[0]!.months[0]).toMatchObject({ inflowCents: 2_000_000, acordosCents: 1_000_000, availableCents: 1_000_000, acordoPaidCents: 0 });
    expect(split.entes[0]!.months[1]).toMatchObject({ acordoPaidCents: 1_200_000, desagioCents: 800_000, acordoUnspentCents: 800_000 });
    expect(projectionOf(split, 'P1')).toMatchObject({
      fullPaymentMonth: '2026-02',
      acordoMonth: '2026-02',
      paidCents: 3_200_000,
      acordoPaidCents: 1_200_000,
      desagioCents: 800_000,
    });
    expect(projectionOf(split, 'P2')).toMatchObject({ fullPaymentMonth: '2026-04', paidCents: 4_400_000, acordoPaidCents: 2_400_000, desagioCents: 1_600_000 });
    expect(projectionOf(split, 'P3')).toMatchObject({
      fullPaymentMonth: '2026-07',
      superpreferencePaidCents: 1_000_000,
      paidCents: 6_000_000,
      acordoPaidCents: 3_000_000,
      desagioCents: 2_000_000,
    });
    expect(split.entes[0]!.months[6]).toMatchObject({ month: '2026-07', acordoUnspentCents: 400_000, stockCents: 0, openPrecatorios: 0 });
    expect(split.entes[0]!.events.filter((e) => e.kind === 'quitacao').map((e) => e.month)).toEqual(['2026-02', '2026-04', '2026-07']);
  });

  it('takes a lower expected deságio when given, and refuses one above the 40 % of ADCT 102 §1 (R7.6)', () => {
    const at20 = must(simulate([QUEUE], [{ ...deposit(MUNICIPIO.id, '20000.00', '0.5'), acordoDesagio: new Dec('0.2') }], HORIZON));
    // 01: P1's 30.000 would cost 24.000 > 10.000; 02: its 20.000 cost 16.000 ≤ 20.000, 4.000 renounced.
    expect(projectionOf(at20, 'P1')).toMatchObject({ fullPaymentMonth: '2026-02', acordoPaidCents: 1_600_000, desagioCents: 400_000 });
    const above = simulate([QUEUE], [{ ...deposit(MUNICIPIO.id, '20000.00', '0.5'), acordoDesagio: new Dec('0.41') }], HORIZON);
    expect(above.ok ? 'aceito' : describeSimulationError(above.error)).toMatch(/deságio esperado nos acordos fora de 0 % a 40 %/);
  });

  it('counts only the grounds holding at the start when asked (public projections): P3 then waits for the list', () => {
    const config = { dotacaoSchedule: 'DUODECIMOS', lumpSumMonth: 1, paymentRunDay: 'FIRST', superpreferenceGrounds: 'AS_OF_START' } as const;
    const publicRun = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00')], { ...HORIZON, config }));
    expect(projectionOf(publicRun, 'P3')).toMatchObject({ superpreferencePaidCents: 0, firstPaymentMonth: '2026-11', fullPaymentMonth: '2027-06' });
  });

  it('does not change its input', () => {
    const before = JSON.stringify(QUEUE);
    must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00')], HORIZON));
    expect(JSON.stringify(QUEUE)).toBe(before);
  });
});

describe('regime geral: the dotação pays each precatório in its budget year (CF art. 100 §5)', () => {
  const Q1 = precatorio(MUNICIPIO_GERAL, 'Q1', '2025-03-01', 'comum', [beneficiario('q1', '30000.00')]); // budget 2026
  const Q2 = precatorio(MUNICIPIO_GERAL, 'Q2', '2025-06-01', 'comum', [beneficiario('q2', '20000.00')]); // budget 2027
  const result = must(simulate([queueOf(MUNICIPIO_GERAL, [Q1, Q2])], [dotacao(MUNICIPIO_GERAL.id, '120000.00')], HORIZON));

  it('transfers the dotação in twelve duodécimos of R$ 10.000', () => {
    expect(result.entes[0]!.months.slice(0, 12).every((m) => m.inflowCents === 1_000_000)).toBe(true);
  });

  it('pays Q1 in 2026 and holds the rest until Q2 is due in January 2027', () => {
    expect(projectionOf(result, 'Q1')).toMatchObject({ firstPaymentMonth: '2026-01', fullPaymentMonth: '2026-03' });
    expect(projectionOf(result, 'Q2')).toMatchObject({ payableFrom: '2027-01', firstPaymentMonth: '2027-01', fullPaymentMonth: '2027-01' });
    expect(result.entes[0]!.months.find((m) => m.month === '2027-01')).toMatchObject({
      availableCents: 10_000_000,
      chronologicalPaidCents: 2_000_000,
      unspentCents: 8_000_000,
    });
  });
});

describe('EC 136 cap and deposits as a % of the RCL (CF art. 100 §23; ADCT 101)', () => {
  const rcl = { baseYear: 2026, annualBrl: money('1000000.00'), growthPctYear: new Dec(0) };

  it('deposits 1/12 of 12 % of an RCL of R$ 1.000.000: R$ 10.000 a month', () => {
    const result = must(simulate([QUEUE], [{ ...deposit(MUNICIPIO.id, '0'), source: { kind: 'percentual-rcl', pctOfRcl: new Dec(12) }, rcl }], HORIZON));
    expect(result.entes[0]!.months.every((m) => m.inflowCents === 1_000_000)).toBe(true);
  });

  it("stops at 6 % of the previous year's RCL: R$ 60.000 a year, the rest held back from July", () => {
    const result = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00', '1', { rcl, ec136CapPctOfRcl: new Dec(6) })], HORIZON));
    const months = result.entes[0]!.months;
    expect(months.slice(0, 6).every((m) => m.inflowCents === 1_000_000)).toBe(true);
    expect(months.slice(6, 12).every((m) => m.inflowCents === 0 && m.heldByCapCents === 1_000_000)).toBe(true);
    expect(result.entes[0]!.years.map((y) => [y.inflowCents, y.heldByCapCents])).toEqual([
      [6_000_000, 6_000_000],
      [6_000_000, 6_000_000],
    ]);
    expect(result.entes[0]!.events.filter((e) => e.kind === 'teto-ec136-atingido').map((e) => e.month)).toEqual(['2026-07', '2027-07']);
  });
});

describe('balances grow while they wait (R5.10, R5.9)', () => {
  // (1 + 12,6825030131 %)^(1/12) = 1 % a month of IPCA; outside graça 2 % a.a. simple on top.
  const growth = projectedGrowth({ ipcaPctYear: new Dec('12.6825030131') }, RULES);

  it('values an unpaid R$ 100.000 at R$ 101.168,33 and R$ 102.350,03 after one and two months', () => {
    const alone = queueOf(MUNICIPIO, [precatorio(MUNICIPIO, 'G1', '2023-03-10', 'comum', [beneficiario('g1', '100000.00')])]);
    const result = must(simulate([alone], [deposit(MUNICIPIO.id, '0')], { ...HORIZON, growth }));
    // 1,01 + 1,01 × 0,02/12 = 1,0116833…; then 1,0201 + (0,0016833 × 1,01 + 1,0201 × 0,02/12) = 1,0235003…
    expect(result.entes[0]!.months.slice(0, 3).map((m) => m.stockCents)).toEqual([10_000_000, 10_116_833, 10_235_003]);
  });

  it('takes longer to pay a growing balance than a frozen one', () => {
    const grown = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00')], { ...HORIZON, growth }));
    expect(
      projectionOf(grown, 'P2').fullPaymentMonth! > projectionOf(must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00')], HORIZON)), 'P2').fullPaymentMonth!,
    ).toBe(true);
  });
});

describe('expected new precatórios per year', () => {
  it('adds 12 a year of R$ 10.000, half alimentar, after the registered stock of earlier budget years', () => {
    const plan = { perYear: 12, totalBrlPerYear: money('120000.00'), alimentarShare: new Dec('0.5') };
    const result = must(simulate([QUEUE], [deposit(MUNICIPIO.id, '10000.00', '1', { newPrecatorios: plan })], HORIZON));
    const expected = result.entes[0]!.projections.filter((p) => p.expected);
    expect(expected).toHaveLength(24);
    expect(expected.every((p) => p.startBalanceCents === 1_000_000)).toBe(true);
    expect(expected.filter((p) => p.natureza === 'alimentar')).toHaveLength(12);
    expect(Math.min(...expected.map((p) => p.position))).toBeGreaterThan(3);
  });
});

describe('limits and expected failures are typed values', () => {
  it.each([
    [{ ...HORIZON, until: ym('2025-12') }, 'horizon-invalid'],
    [{ ...HORIZON, until: ym('2080-01') }, 'horizon-too-long'],
  ])('refuses a bad horizon (%#)', (options, kind) => {
    const result = simulate([QUEUE], [deposit(MUNICIPIO.id, '1')], options);
    expect(!result.ok && result.error.kind).toBe(kind);
  });

  it('says which ente has no funding, and refuses less than 50 % to the chronological order', () => {
    const missing = simulate([QUEUE], [], HORIZON);
    expect(!missing.ok && describeSimulationError(missing.error)).toBe(
      'o ente municipio-exemplo não tem financiamento informado (dotação anual, depósito mensal ou % da RCL)',
    );
    const low = simulate([QUEUE], [deposit(MUNICIPIO.id, '1', '0.4')], HORIZON);
    expect(!low.ok && low.error.kind).toBe('invalid-funding');
    const huge = simulate([QUEUE], [deposit(MUNICIPIO.id, '100000000000.01')], HORIZON);
    expect(!huge.ok && huge.error).toEqual({
      kind: 'invalid-funding',
      enteId: MUNICIPIO.id,
      reason: 'valor acima do limite da simulação (R$ 100 bilhões por mês ou por ano)',
    });
  });
});
