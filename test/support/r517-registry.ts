// The worked example of correction.md R5.17 as a registry (issue 16): a municipal debtor "x" in
// regime geral (RPV by the ADCT 87 default, 30 salários mínimos: superpreference cap 3 × 48.630,00
// = 145.890,00 in 2026) with two alimentar precatórios of R$ 100.000,00, data-base 2019-06,
// presented 2020-03-10 (budget 2021), each held by a creditor born in 1950 (superpreference by age).
// The shared index series (../shared, read in place) and the TJAP poupança interest are stored.
import { assembleProjectRows } from '../../src/import/project-format.ts';
import { recordsOf } from '../../src/import/types.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';
import type { Db } from '../../src/storage/db.ts';
import { importRegistry } from '../../src/storage/registry-store.ts';
import { SqlIndexStore } from '../../src/storage/sql-index-store.ts';
import { SHARED_SERIES, TJAP_JUROS } from '../domain/correction/fixtures.ts';

const HEADER =
  'numero,ente_id,ente_nome,esfera,regime,natureza,tributario,apresentado_em,expedido_em,data_base,valor_requisitado,status,processo_origem,beneficiario_id,credor_id,titularidade,valor_beneficiario,pago,superpreferencia_paga,nascimento,doenca_grave_desde,deficiencia_desde'.split(
    ',',
  );
const row = (numero: string, hora: string, credor: string) =>
  [
    numero,
    'x',
    'Município X',
    'municipal',
    'geral',
    'alimentar',
    'não',
    `2020-03-10 ${hora}`,
    '2020-02-20',
    '2019-06',
    '100000.00',
    'ativo',
    `proc-${credor}`,
  ].concat(['b1', credor, 'originario', '100000.00', '', '', '1950-05-01', '', '']);
export const R517_A = '0000001-90.2020.8.14.0301';
export const R517_B = '0000002-75.2020.8.14.0301';

export function r517Input() {
  const rows = [row(R517_A, '09:00', 'c1'), row(R517_B, '10:00', 'c2')];
  const parsed = assembleProjectRows(recordsOf(HEADER, rows), supportedDatesToday());
  if (parsed.rejected.length > 0) throw new Error(`linhas recusadas: ${JSON.stringify(parsed.rejected)}`);
  return parsed;
}

export async function seedR517(db: Db): Promise<void> {
  await db.transaction((tx) => importRegistry(tx, r517Input(), 'teste'));
  await new SqlIndexStore(db).put([...SHARED_SERIES, TJAP_JUROS]);
}
