import { Dec } from '../money.ts';
import type { Op } from './plan.ts';
import { type Components, type MemoryLine, totalOf } from './types.ts';

const HUNDRED = new Dec(100);
const MONTHS_PER_YEAR = 12;

/**
 * R5.10: p % a.a. simple, "calculados mensalmente" = exactly p/12 % per month; as a divisor of the
 * principal (2 % a.a. → 1/600 per month), so the quotient is one exact division per segment.
 */
function monthsPerPrincipal(op: Extract<Op, { kind: 'ipca2' }>): Dec {
  return HUNDRED.times(MONTHS_PER_YEAR).dividedBy(op.interestPctPerYear);
}

interface Outcome {
  readonly state: Components;
  readonly lines: MemoryLine[];
}

/**
 * Runs a plan on an amount (R5.17). Every component is kept at full precision; rounding happens
 * only at output (R5.16). The SELIC cap of EC 136 (R5.10) compares two paths and keeps the lower.
 */
export function applyOps(ops: readonly Op[], start: Components, capMode: 'CUMULATIVE_FROM_2025_08' | 'PER_SEGMENT' | 'MONTHLY'): Outcome {
  const firstEc136 = ops.findIndex((o) => o.kind === 'ipca2');
  if (capMode === 'MONTHLY') return runSequence(ops, start, 'MONTHLY');
  if (capMode === 'PER_SEGMENT' || firstEc136 < 0) return runSequence(ops, start, 'PER_SEGMENT');
  // CUMULATIVE_FROM_2025_08 (default): from the first EC 136 month to the end, the IPCA + 2 % path
  // against the simple-SELIC path over the same rate months (TJAP code); graça segments scale both.
  const before = runSequence(ops.slice(0, firstEc136), start, 'PER_SEGMENT');
  const tail = ops.slice(firstEc136);
  const ipcaPath = runSequence(tail, before.state, 'NONE');
  const selicPath = runSequence(tail, before.state, 'ALWAYS_SELIC');
  const ipcaTotal = totalOf(ipcaPath.state);
  const selicTotal = totalOf(selicPath.state);
  const chosen = ipcaTotal.lessThanOrEqualTo(selicTotal) ? ipcaPath : selicPath;
  const selicSumPct = tail.reduce((acc, o) => (o.kind === 'ipca2' ? acc.plus(o.selicSumPct) : acc), new Dec(0));
  const capLine: MemoryLine = {
    phase: tail.at(-1)!.info.phase,
    rule: 'R5.10',
    kind: 'teto-selic',
    index: 'teto SELIC (EC 136)',
    firstMonth: tail[0]!.info.run.first,
    lastMonth: tail.at(-1)!.info.run.last,
    months: tail.reduce((n, o) => n + (o.kind === 'ipca2' ? o.info.months : 0), 0),
    sumPct: selicSumPct,
    provisional: tail.some((o) => o.info.provisional),
    note: chosen === ipcaPath ? 'IPCA + 2 % não supera a SELIC: mantido' : 'IPCA + 2 % supera a SELIC: aplicada a SELIC (ADCT 97 §16-A)',
    after: chosen.state,
  };
  return { state: chosen.state, lines: [...before.lines, ...chosen.lines, capLine] };
}

type CapStep = 'PER_SEGMENT' | 'MONTHLY' | 'NONE' | 'ALWAYS_SELIC';

function runSequence(ops: readonly Op[], start: Components, cap: CapStep): Outcome {
  let state = start;
  const lines: MemoryLine[] = [];
  for (const op of ops) {
    const outcome = step(op, state, cap);
    state = outcome.state;
    lines.push(...outcome.lines);
  }
  return { state, lines };
}

function line(op: Op, fields: Omit<MemoryLine, 'phase' | 'rule' | 'firstMonth' | 'lastMonth' | 'months' | 'provisional'>): MemoryLine {
  const run = op.info.run;
  const empty = run.last < run.first;
  return {
    phase: op.info.phase,
    rule: op.info.rule,
    firstMonth: empty ? undefined : run.first,
    lastMonth: empty ? undefined : run.last,
    months: op.info.months,
    provisional: op.info.provisional,
    ...fields,
  };
}

function scaled(c: Components, factor: Dec): Components {
  return { principal: c.principal.times(factor), jurosMora: c.jurosMora.times(factor), selic: c.selic.times(factor), jurosEc136: c.jurosEc136.times(factor) };
}

/** R5.8: SELIC once, on principal plus interest, never on SELIC already accrued. */
function selicBase(c: Components): Dec {
  return c.principal.plus(c.jurosMora).plus(c.jurosEc136);
}

function step(op: Op, c: Components, cap: CapStep): Outcome {
  switch (op.kind) {
    case 'scale': {
      const state = scaled(c, op.factor);
      return { state, lines: [line(op, { kind: 'correcao', index: op.label, factor: op.factor, after: state })] };
    }
    case 'interest': {
      // R5.7: simple interest on the corrected principal; accrued interest is only corrected.
      const state = { ...c, jurosMora: c.jurosMora.plus(c.principal.times(op.sumPct).dividedBy(HUNDRED)) };
      return { state, lines: [line(op, { kind: 'juros', index: op.label, sumPct: op.sumPct, after: state })] };
    }
    case 'selic': {
      const base = selicBase(c);
      const selic =
        op.compoundFactor === undefined ? c.selic.plus(base.times(op.sumPct).dividedBy(HUNDRED)) : base.plus(c.selic).times(op.compoundFactor).minus(base); // COMPOUND (old TJSP memórias only)
      const state = { ...c, selic };
      const label = op.compoundFactor === undefined ? 'SELIC simples' : 'SELIC capitalizada';
      return { state, lines: [line(op, { kind: 'selic', index: label, sumPct: op.sumPct, factor: op.compoundFactor, after: state })] };
    }
    case 'ipca2': {
      if (cap === 'MONTHLY') return ec136Monthly(op, c);
      const viaSelic = ec136AsSelic(op, c);
      if (cap === 'ALWAYS_SELIC') return viaSelic;
      const viaIpca = ec136(op, c);
      if (cap === 'NONE') return viaIpca;
      return totalOf(viaIpca.state).lessThanOrEqualTo(totalOf(viaSelic.state)) ? viaIpca : viaSelic;
    }
  }
}

/**
 * R5.10 with `ec136CapMode = 'MONTHLY'`: each month keeps the lower of IPCA + 2 % and SELIC, from
 * that month's state. One memory line per segment with how many months each side won.
 */
function ec136Monthly(op: Extract<Op, { kind: 'ipca2' }>, c: Components): Outcome {
  let state = c;
  let ipcaMonths = 0;
  const perUnit = monthsPerPrincipal(op);
  for (const month of op.monthly ?? []) {
    const corrected = scaled(state, month.ipcaFactor);
    const viaIpca = { ...corrected, jurosEc136: corrected.jurosEc136.plus(corrected.principal.dividedBy(perUnit)) };
    const viaSelic = { ...state, selic: state.selic.plus(selicBase(state).times(month.selicPct).dividedBy(HUNDRED)) };
    if (totalOf(viaIpca).lessThanOrEqualTo(totalOf(viaSelic))) {
      state = viaIpca;
      ipcaMonths++;
    } else {
      state = viaSelic;
    }
  }
  const note = `mês a mês: IPCA + 2 % em ${ipcaMonths}, SELIC em ${op.info.months - ipcaMonths} (teto SELIC ${op.selicSumPct.toFixed(2)} %)`;
  return { state, lines: [line(op, { kind: 'ec136', index: 'IPCA + 2 % a.a. (teto mensal)', factor: op.factor, note, after: state })] };
}

/** R5.10: IPCA on every component, 2 % a.a. simple on the corrected principal only. */
function ec136(op: Extract<Op, { kind: 'ipca2' }>, c: Components): Outcome {
  const corrected = scaled(c, op.factor);
  const interest = corrected.principal.times(op.info.months).dividedBy(monthsPerPrincipal(op));
  const state = { ...corrected, jurosEc136: corrected.jurosEc136.plus(interest) };
  return {
    state,
    lines: [
      line(op, { kind: 'correcao', index: 'IPCA', factor: op.factor, after: corrected }),
      line(op, {
        kind: 'ec136',
        index: `juros ${op.interestPctPerYear.toString().replace('.', ',')} % a.a.`,
        sumPct: op.interestPctPerYear.dividedBy(MONTHS_PER_YEAR).times(op.info.months),
        note: `teto SELIC ${op.selicSumPct.toFixed(2)} %`,
        after: state,
      }),
    ],
  };
}

/** R5.10 §16-A: the SELIC over the same months replaces IPCA + 2 % when lower. */
function ec136AsSelic(op: Extract<Op, { kind: 'ipca2' }>, c: Components): Outcome {
  const state = { ...c, selic: c.selic.plus(selicBase(c).times(op.selicSumPct).dividedBy(HUNDRED)) };
  return { state, lines: [line(op, { kind: 'selic', index: 'SELIC (teto EC 136)', sumPct: op.selicSumPct, after: state })] };
}
