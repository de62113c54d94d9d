import type { EnteDevedor, Esfera, Regime } from '../domain/ente.ts';
import { ZERO } from '../domain/money.ts';
import type { Natureza, Precatorio, StatusPrecatorio } from '../domain/precatorio.ts';
import { type SupportedDates, outsideYear } from '../domain/supported-dates.ts';
import { validatePrecatorio } from '../domain/validate-precatorio.ts';
import { normalize, parseChoice, parseInteger, parseNonNegativeAmount, parseNumero } from './fields.ts';
import { RowReader } from './row-reader.ts';
import type { CsvRecord, RowError } from './types.ts';

/**
 * TJRJ's public "Ordem Cronológica de Precatórios" (Portal do Conhecimento), as exported:
 * entidade_grupo, entidade_devedora, regime, ordem, numero_precatorio, situacao, natureza,
 * orcamento, valor_historico, saldo_atualizado.
 * The list is kept per debtor group (the ente's direct and indirect administration, R2.1
 * ENTE_CONSOLIDATED), so the group is the ente. It publishes no presentation time and no personal
 * data: the official `ordem` stands in for the presentation, and each precatório gets one
 * anonymous beneficiary holding its historical value.
 */
export const TJRJ_COLUMNS = [
  'entidade_grupo',
  'entidade_devedora',
  'regime',
  'ordem',
  'numero_precatorio',
  'situacao',
  'natureza',
  'orcamento',
  'valor_historico',
  'saldo_atualizado',
] as const;

const NATUREZA: Record<string, Natureza> = { alimenticia: 'alimentar', alimentar: 'alimentar', comum: 'comum' };
const REGIME: Record<string, Regime> = { geral: 'geral', especial: 'especial' };

/**
 * TJRJ situações → status. Every suspension, a challenge (impugnado) and archiving keep the list
 * position without being payable; "dispensa de provisionamento" stays active.
 */
function statusOf(situacao: string): StatusPrecatorio {
  const s = normalize(situacao);
  return s === 'ativo' || s.startsWith('dispensa') ? 'ativo' : 'suspenso';
}

/** The sphere of a debtor group from its name (INSS and União are federal). */
export function esferaOfGroup(group: string): Esfera {
  const n = normalize(group);
  if (n.startsWith('inss') || n.startsWith('uniao')) return 'uniao';
  if (n.startsWith('municipio')) return 'municipal';
  return 'estadual';
}

export function enteIdOf(group: string): string {
  return normalize(group)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Streams TJRJ rows into precatórios, one row each. A número may appear once in the registry (it
 * is the registry's key), so a repeated número is rejected, naming the first line.
 */
export class TjrjAssembler {
  /** `dates`: the ranges supported on the import's day (supported-dates.ts). */
  constructor(private readonly dates: SupportedDates) {}

  readonly #entes = new Map<string, EnteDevedor>();
  readonly #seen = new Map<string, number>();

  add(record: CsvRecord): { precatorios: Precatorio[]; rejected: RowError[] } {
    const r = new RowReader(record);
    const group = r.cell('entidade_grupo').trim();
    const numero = r.cell('numero_precatorio').trim();
    if (group === '') r.fail('entidade_grupo', 'campo obrigatório vazio');
    if (numero === '') r.fail('numero_precatorio', 'campo obrigatório vazio');
    else r.field('numero_precatorio', parseNumero);
    const regime = r.field('regime', (t) => parseChoice(t, REGIME, 'um regime'));
    const ordem = r.field('ordem', (t) => parseInteger(t, 0, 10_000_000));
    const natureza = r.field('natureza', (t) => parseChoice(t, NATUREZA, 'uma natureza'));
    // Any integer first (a clear "not a number"), then the supported budget years (R1.2, R1.4).
    const budgetYear = r.field('orcamento', (t) => {
      const year = parseInteger(t, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const outside = year.ok ? outsideYear(this.dates.orcamento, year.value) : undefined;
      return outside === undefined ? year : { ok: false as const, error: outside };
    });
    const valor = r.field('valor_historico', parseNonNegativeAmount);
    if (ordem === 0) r.fail('ordem', 'ordem 0: registro sem posição na lista publicada (legado), fora da fila');
    const duplicateOf = this.#seen.get(numero);
    if (duplicateOf !== undefined) r.fail('numero_precatorio', `número repetido (linha ${duplicateOf})`);
    if (r.errors.length > 0) return { precatorios: [], rejected: r.errors };
    const enteId = enteIdOf(group);
    const ente = this.#entes.get(enteId) ?? { id: enteId, nome: group, esfera: esferaOfGroup(group), regime: regime! };
    if (ente.regime !== regime) {
      return { precatorios: [], rejected: [{ line: record.line, field: 'regime', reason: `o ente ${group} aparece em outro regime em linha anterior` }] };
    }
    this.#seen.set(numero, record.line);
    this.#entes.set(enteId, ente);
    const valid = validatePrecatorio(
      {
        numero,
        enteId,
        regime: regime!,
        natureza: natureza!,
        tributario: false,
        apresentacao: { kind: 'ordem-publicada', ordem: ordem!, budgetYear: budgetYear! },
        valorRequisitadoBrl: valor!,
        status: statusOf(r.cell('situacao')),
        beneficiarios: [
          { id: `${numero}#1`, credorId: `${numero}#1`, titularidade: 'originario', valorBrl: valor!, pagoBrl: ZERO, superpreferenciaPagaBrl: ZERO },
        ],
      },
      this.dates,
    );
    if (valid.ok) return { precatorios: [valid.value], rejected: [] };
    return { precatorios: [], rejected: valid.error.map((e) => ({ line: record.line, field: e.field, reason: e.reason })) };
  }

  finish(): { precatorios: Precatorio[]; rejected: RowError[] } {
    return { precatorios: [], rejected: [] };
  }

  entes(): EnteDevedor[] {
    return [...this.#entes.values()];
  }
}
