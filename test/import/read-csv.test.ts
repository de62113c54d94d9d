// Goal: a malformed row stops nothing — it is reported with line, field and reason (in Portuguese)
// and the good precatórios still load; a precatório is accepted whole or not at all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamPreparedCsv } from '../../src/import/parallel-read.ts';
import { CsvFileError, readPrecatoriosCsv, streamPrecatoriosCsv } from '../../src/import/read-csv.ts';

const FIXTURE = new URL('../fixtures/projeto-com-erros.csv', import.meta.url).pathname;

function tempCsv(content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'precatorios-')), 'arquivo.csv');
  writeFileSync(path, content);
  return path;
}

describe('project CSV format', () => {
  it('loads the good precatórios and reports every bad row with line, field and reason', async () => {
    const outcome = await readPrecatoriosCsv(FIXTURE);
    expect(outcome.format).toBe('projeto');
    expect(outcome.precatorios.map((p) => p.numero.slice(0, 7))).toEqual(['0000001', '0000004']);
    expect(outcome.rejected.map((r) => [r.line, r.field])).toEqual([
      [4, 'apresentado_em'],
      [5, 'valor_requisitado'],
      [8, '(linha)'],
      [9, 'beneficiarios'],
      [11, 'expedido_em'],
    ]);
    expect(outcome.rejected[0]!.reason).toMatch(/não é uma data-hora válida/);
    expect(outcome.rejected[1]!.reason).toMatch(/"abc" não é um valor em reais/);
    expect(outcome.rejected[3]!.reason).toMatch(/a soma das cotas \(2500.00\) difere do valor requisitado \(3000.00\)/);
    expect(outcome.rejected[4]!.reason).toMatch(/expedição não pode ser posterior à apresentação/);
  });

  it('groups rows of one número into beneficiaries and reads Brazilian numbers', async () => {
    const [first] = (await readPrecatoriosCsv(FIXTURE)).precatorios;
    expect(first!.valorRequisitadoBrl.toFixed(2)).toBe('150000.00');
    expect(first!.beneficiarios.map((b) => [b.id, b.titularidade, b.valorBrl.toFixed(2)])).toEqual([
      ['b1', 'originario', '100000.00'],
      ['b2', 'herdeiro', '50000.00'],
    ]);
  });

  it('rejects the whole precatório when one of its rows disagrees, naming the other line', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,beneficiario_id,valor_beneficiario';
    const path = tempCsv(`${header}\nP1,e,estadual,geral,comum,2024-01-01,10.00,a,5.00\nP1,e,estadual,geral,alimentar,2024-01-01,10.00,b,5.00\n`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.precatorios).toHaveLength(0);
    expect(outcome.rejected.map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, 'numero', 'precatório P1 rejeitado por erro em outra linha'],
      [3, 'natureza', 'difere da linha 2 do mesmo precatório P1'],
    ]);
  });

  it('refuses the whole file when the rows of a precatório are not consecutive (nothing half-imported)', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,beneficiario_id,valor_beneficiario';
    const path = tempCsv(`${header}\nP1,e,estadual,geral,comum,2024-01-01,10.00,a,5.00\nP2,e,estadual,geral,comum,2024-01-01,10.00,a,10.00\nP1,e,estadual,geral,comum,2024-01-01,10.00,b,5.00\n`);
    await expect(readPrecatoriosCsv(path)).rejects.toThrow('as linhas do precatório P1 não são consecutivas (linha 2 e linha 4): ordene o arquivo por número; nada foi importado');
  });

  it('streams in bounded batches: the sink never gets more than the batch size', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const rows = Array.from({ length: 25 }, (_, i) => `P${String(i).padStart(3, '0')},e,estadual,geral,comum,2024-01-01,10.00`);
    const sizes: number[] = [];
    const summary = await streamPrecatoriosCsv(tempCsv(`${header}\n${rows.join('\n')}\n`), async (b) => {
      sizes.push(b.precatorios.length);
    }, 10);
    expect(sizes).toEqual([10, 10, 5]);
    expect(summary).toMatchObject({ rowsRead: 25, accepted: 25, rejected: [] });
  });

  it('refuses a CNJ número with a wrong check digit, and keeps an older court format as published', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const path = tempCsv(`${header}\n0000001-86.2023.8.14.0301,e,estadual,geral,comum,2024-01-01,10.00\n2009.01792-1,e,estadual,geral,comum,2024-01-01,10.00\n`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([{ line: 2, field: 'numero', reason: 'número CNJ "0000001-86.2023.8.14.0301" com dígito verificador errado (esperado 85, Res. CNJ 65/2008)' }]);
    expect(outcome.precatorios.map((p) => p.numero)).toEqual(['2009.01792-1']);
  });

  it('refuses a structurally broken CSV (a quote never closed) as a whole, saying so', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const path = tempCsv(`${header}\nP1,e,estadual,geral,comum,2024-01-01,10.00\nP2,"e,estadual,geral,comum,2024-01-01,10.00\n`);
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(CsvFileError);
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(/CSV malformado/);
  });

  it('reads ; as separator and skips a UTF-8 BOM', async () => {
    const header = 'numero;ente_id;esfera;regime;natureza;apresentado_em;valor_requisitado';
    const path = tempCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\nP1;e;municipal;geral;comum;02/04/2024 10:00;1.234,56\n`)]));
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.precatorios[0]!.valorRequisitadoBrl.toFixed(2)).toBe('1234.56');
    expect(outcome.precatorios[0]!.apresentacao).toEqual({ kind: 'registrada', apresentadoEm: '2024-04-02T10:00:00.000-03:00' });
  });

  it('refuses a file whose header it does not recognise, naming the missing columns', async () => {
    await expect(readPrecatoriosCsv(tempCsv('a,b\n1,2\n'))).rejects.toThrow(CsvFileError);
    await expect(readPrecatoriosCsv(tempCsv('numero,valor\n1,2\n'))).rejects.toThrow(/faltam as colunas ente_id, esfera/);
    await expect(readPrecatoriosCsv(tempCsv(''))).rejects.toThrow(/arquivo vazio/);
  });
});

const HEADER = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,nome';
const row = (numero: string, nome: string, valor = '10.00') => `${numero},e,estadual,geral,comum,2024-01-01,${valor},${nome}`;

describe('a refused file and the writes already under way', () => {
  // 30 precatórios, then P0001 again: the file is refused after batches went to the sink. The
  // caller rolls back when the promise rejects, so no write may still be running by then — a
  // write that outlived the rollback would land outside the transaction (on PostgreSQL, on a
  // client already back in the pool).
  const rows = Array.from({ length: 30 }, (_, i) => row(`P${String(i).padStart(4, '0')}`, 'x'));
  const path = () => tempCsv(`${HEADER}\n${rows.join('\n')}\n${row('P0000', 'y')}\n`);
  const slowSink = (ms: number) => {
    const log = { started: 0, finished: 0 };
    const sink = async () => {
      log.started += 1;
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.finished += 1;
    };
    return { log, sink };
  };

  it('streamPrecatoriosCsv rejects only after every sink call has returned', async () => {
    const { log, sink } = slowSink(30);
    const error = await streamPrecatoriosCsv(path(), sink, 4).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(log.started).toBeGreaterThan(0);
    expect(log.finished).toBe(log.started);
  });

  it('streamPreparedCsv (worker thread) rejects only after every batch handed to the writer has been written', async () => {
    const big = Array.from({ length: 12_000 }, (_, i) => row(`P${String(i).padStart(6, '0')}`, 'x'));
    const file = tempCsv(`${HEADER}\n${big.join('\n')}\n${row('P000000', 'y')}\n`);
    const { log, sink } = slowSink(1500);
    const error = await streamPreparedCsv(file, sink).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(log.started).toBeGreaterThan(0);
    expect(log.finished).toBe(log.started);
  });
});

