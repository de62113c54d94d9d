import type { Precatorio } from '../precatorio.ts';
import type { Ranked } from '../queue/ordering.ts';
import { type Result, err, ok } from '../result.ts';
import { EXPECTED_NUMERO_PREFIX } from './expected.ts';
import { BALANCE_CENTS_MAX, type EnteQueue, SCENARIO_ITEMS_MAX, type Scenario, type SimulationError, type SuperpreferenceGrantOverride } from './types.ts';

/**
 * What-if overrides are checked against the queues before anything runs: a grant must name an
 * existing beneficiary, an extra precatório an ente being simulated and a número not in use.
 */
export function validateScenario(scenario: Scenario | undefined, queues: readonly EnteQueue[]): Result<true, SimulationError> {
  if (!scenario) return ok(true);
  const invalid = (reason: string) => err<SimulationError>({ kind: 'invalid-scenario', reason });
  const grants = scenario.superpreferenceGrants ?? [];
  const extra = scenario.extraPrecatorios ?? [];
  if (grants.length > SCENARIO_ITEMS_MAX || extra.length > SCENARIO_ITEMS_MAX) return invalid(`no máximo ${SCENARIO_ITEMS_MAX} itens por lista do cenário`);
  const numeros = new Map<string, Precatorio>();
  for (const q of queues) for (const r of q.ranked) numeros.set(r.item.numero, r.item);
  for (const g of grants) {
    const p = numeros.get(g.numero);
    if (!p) return invalid(`superpreferência: precatório ${g.numero} não está na fila simulada`);
    if (p.natureza !== 'alimentar') return invalid(`superpreferência: o precatório ${g.numero} é comum (só créditos alimentares, R3.2)`);
    const b = granteeOf(p, g);
    if (!b)
      return invalid(
        g.beneficiarioId === undefined
          ? `superpreferência: o precatório ${g.numero} só tem cessionários (CF art. 100 §13, R3.2)`
          : `superpreferência: beneficiário ${g.beneficiarioId} não está no precatório ${g.numero}`,
      );
    if (b.titularidade === 'cessionario') return invalid(`superpreferência: ${g.beneficiarioId} é cessionário (CF art. 100 §13, R3.2)`);
  }
  const entes = new Set(queues.map((q) => q.ente.id));
  const seen = new Set<string>();
  for (const p of extra) {
    if (!entes.has(p.enteId)) return invalid(`precatório extra ${p.numero}: ente ${p.enteId} não está na simulação`);
    if (numeros.has(p.numero) || seen.has(p.numero) || p.numero.startsWith(EXPECTED_NUMERO_PREFIX))
      return invalid(`precatório extra ${p.numero}: número já usado`);
    if (p.status !== 'ativo') return invalid(`precatório extra ${p.numero}: deve estar ativo`);
    if (p.beneficiarios.some((b) => b.valorBrl.abs().times(100).greaterThan(BALANCE_CENTS_MAX))) return err({ kind: 'amount-too-large', numero: p.numero });
    seen.add(p.numero);
  }
  return ok(true);
}

/** A new superpreference grant (R3.2: disease or disability recognised on a date) applied to a copy of the list. */
export function applyScenarioToList(ranked: readonly Ranked<Precatorio>[], scenario: Scenario | undefined): readonly Ranked<Precatorio>[] {
  const grants = scenario?.superpreferenceGrants ?? [];
  if (grants.length === 0) return ranked;
  const byNumero = new Map<string, (typeof grants)[number][]>();
  for (const g of grants) byNumero.set(g.numero, [...(byNumero.get(g.numero) ?? []), g]);
  return ranked.map((entry) => {
    const mine = byNumero.get(entry.item.numero);
    if (!mine) return entry;
    const beneficiarios = entry.item.beneficiarios.map((b) => {
      const g = mine.find((x) => granteeOf(entry.item, x) === b);
      if (!g) return b;
      // R3.4 §7: one ground per creditor; the scenario's grant replaces any other recognised ground.
      return g.ground === 'doenca-grave'
        ? { ...b, doencaGraveDesde: g.since, deficienciaDesde: undefined }
        : { ...b, deficienciaDesde: g.since, doencaGraveDesde: undefined };
    });
    return { ...entry, item: { ...entry.item, beneficiarios } };
  });
}

/**
 * The beneficiary a grant names, or — none named, as the desk's "this precatório's creditor" — the
 * first one who may hold a superpreference (not a cessionário, CF art. 100 §13, R3.2).
 */
export function granteeOf(p: Precatorio, g: SuperpreferenceGrantOverride): Precatorio['beneficiarios'][number] | undefined {
  return g.beneficiarioId === undefined
    ? p.beneficiarios.find((b) => b.titularidade !== 'cessionario')
    : p.beneficiarios.find((b) => b.id === g.beneficiarioId);
}

export function scenarioExtrasByEnte(scenario: Scenario | undefined): Map<string, Precatorio[]> {
  const byEnte = new Map<string, Precatorio[]>();
  for (const p of scenario?.extraPrecatorios ?? []) byEnte.set(p.enteId, [...(byEnte.get(p.enteId) ?? []), p]);
  return byEnte;
}
