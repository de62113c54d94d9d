// A registry whose beneficiaries carry the ofício's tax facts (migration 0010), read through the
// import's own assembler: the O6.5 RRA example (alimentar, PF_RRA, NM 24, com vínculo, data-base =
// the payment month so principal = face = 100.000,00), a comum credit without facts, and an RRA
// credit with IGEPREV previdência. With the shared index series stored (../shared, read in place).
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { recordsOf } from '../../src/import/types.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import type { Db } from '../../src/storage/db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';

const HEADER = [
  'numero',
  'ente_id',
  'ente_nome',
  'esfera',
  'regime',
  'natureza',
  'apresentado_em',
  'data_base',
  'valor_requisitado',
  'beneficiario_id',
  'nome',
  'cpf',
  'regime_tributario',
  'meses_rra',
  'vinculo',
  'previdencia_regime',
];
export const RRA = '0000011-61.2025.8.14.0301';
export const COMUM = '0000012-46.2025.8.14.0301';
export const BODY_WINS = '0000013-31.2025.8.14.0301';
const row = (numero: string, natureza: string, facts: string[]) => [
  numero,
  'x',
  'Município X',
  'municipal',
  'especial',
  natureza,
  '2026-01-05 09:00',
  '2026-01',
  '100000.00',
  'b1',
  'Maria da Silva',
  '52998224725',
  ...facts,
];

export function taxFactsInput() {
  const rows = [
    row(RRA, 'alimentar', ['PF_RRA', '24', 'com-vinculo', '']),
    row(COMUM, 'comum', ['', '', '', '']),
    row(BODY_WINS, 'alimentar', ['PF_RRA', '24', 'com-vinculo', 'IGEPREV_PA']),
  ];
  const parsed = assembleProjectRows(recordsOf(HEADER, rows), supportedDatesToday());
  if (parsed.rejected.length > 0) throw new Error(JSON.stringify(parsed.rejected));
  return parsed;
}

export async function seedTaxFacts(db: Db): Promise<void> {
  await db.transaction((tx) => importRegistry(tx, taxFactsInput(), 'teste'));
  await new SqlIndexStore(db).put([...SHARED_SERIES, TJAP_JUROS]);
}
