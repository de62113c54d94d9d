// Goal: a malformed row stops nothing — it is reported with line, field and reason (in Portuguese)
// and the good precatórios still load; a precatório is accepted whole or not at all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamPreparedCsv } from '../../src/import/parallel-read.ts';
import { CELL_CHARS_MAX, CsvFileError, ROW_ERRORS_MAX, readPrecatoriosCsv, streamPrecatoriosCsv } from '../../src/import/read-csv.ts';
import { supportedDatesToday } from '../../src/shell/supported-dates-today.ts';

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
    const path = tempCsv(
      `${header}\nP1,e,estadual,geral,comum,2024-01-01,10.00,a,5.00\nP2,e,estadual,geral,comum,2024-01-01,10.00,a,10.00\nP1,e,estadual,geral,comum,2024-01-01,10.00,b,5.00\n`,
    );
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(
      'as linhas do precatório P1 não são consecutivas (linha 2 e linha 4): ordene o arquivo por número; nada foi importado',
    );
  });

  it('streams in bounded batches: the sink never gets more than the batch size', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const rows = Array.from({ length: 25 }, (_, i) => `P${String(i).padStart(3, '0')},e,estadual,geral,comum,2024-01-01,10.00`);
    const sizes: number[] = [];
    const summary = await streamPrecatoriosCsv(
      tempCsv(`${header}\n${rows.join('\n')}\n`),
      async (b) => {
        sizes.push(b.precatorios.length);
      },
      10,
    );
    expect(sizes).toEqual([10, 10, 5]);
    expect(summary).toMatchObject({ rowsRead: 25, accepted: 25, rejected: [] });
  });

  it('refuses a CNJ número with a wrong check digit, and keeps an older court format as published', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado';
    const path = tempCsv(
      `${header}\n0000001-86.2023.8.14.0301,e,estadual,geral,comum,2024-01-01,10.00\n2009.01792-1,e,estadual,geral,comum,2024-01-01,10.00\n`,
    );
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([
      { line: 2, field: 'numero', reason: 'número CNJ "0000001-86.2023.8.14.0301" com dígito verificador errado (esperado 85, Res. CNJ 65/2008)' },
    ]);
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
/** Some ASCII rows and then empty lines up to `bytes`: the same text in UTF-8 and in Windows-1252. */
const asciiRows = (bytes: number) => `${row('A1', 'Fulano')}\n${row('A2', 'Beltrano')}${'\n'.repeat(bytes)}`;

describe('encodings (decided for the whole file before the first row)', () => {
  it('reads Windows-1252 as the WHATWG table does: accents, and € ’ “ ” – from 0x80–0x9F', async () => {
    const path = tempCsv(Buffer.from(`${HEADER}\n${row('P1', 'Jo\xe3o \x93S\xe9\x94 \x96 R$ 5 \x80 l\x92\xe1gua')}\n`, 'latin1'));
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.precatorios[0]!.beneficiarios[0]!.nome).toBe('João “Sé” – R$ 5 € l’água');
  });

  it('a file that is ASCII for 3 MiB and then Windows-1252 is read as Windows-1252 throughout', async () => {
    const path = tempCsv(Buffer.from(`${HEADER}\n${asciiRows(3 << 20)}\n${row('P1', 'Concei\xe7\xe3o')}\n`, 'latin1'));
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.precatorios.at(-1)!.beneficiarios[0]!.nome).toBe('Conceição');
  });

  it('UTF-8 characters cut by the 1 MiB scan chunks are still UTF-8 (é, €, 😀 at every split)', async () => {
    for (const char of ['é', '€', '😀']) {
      const size = Buffer.byteLength(char);
      for (let before = 1; before < size; before++) {
        const head = `${HEADER}\n`;
        const filler = '\n'.repeat((1 << 20) - before - Buffer.byteLength(head) - 'P1,e,estadual,geral,comum,2024-01-01,10.00,'.length);
        const path = tempCsv(`${head}${filler}${row('P1', `${char}!`)}\n`);
        const outcome = await readPrecatoriosCsv(path);
        expect(outcome.precatorios[0]!.beneficiarios[0]!.nome, `${char} cortado depois de ${before} byte(s)`).toBe(`${char}!`);
      }
    }
  });

  it('refuses a file that mixes encodings (UTF-8 text, then Windows-1252 bytes after 2 MiB), naming both lines', async () => {
    const utf8 = Buffer.from(`${HEADER}\n${row('P0', 'José')}\n${asciiRows(2 << 20)}\n`);
    const lines = utf8.toString().split('\n').length;
    const path = tempCsv(Buffer.concat([utf8, Buffer.from(`${row('P1', 'Concei\xe7\xe3o')}\n`, 'latin1')]));
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(
      `codificação mista: o arquivo tem texto em UTF-8 (linha 2), mas a linha ${lines} tem bytes que não são UTF-8`,
    );
  });

  it('refuses a UTF-8 BOM followed by bytes that are not UTF-8', async () => {
    const path = tempCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n${row('P1', 'Jo\xe3o')}\n`, 'latin1')]));
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(/codificação mista: o arquivo começa com a marca de UTF-8 \(BOM\), mas a linha 2/);
  });

  it('refuses UTF-16 (either byte order) and says how to save the file', async () => {
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]) {
      const path = tempCsv(Buffer.concat([Buffer.from(bom), Buffer.from(`${HEADER}\n`, 'utf16le')]));
      await expect(readPrecatoriosCsv(path)).rejects.toThrow(/o arquivo está em UTF-16 .*salve-o como "CSV UTF-8"/);
    }
    const noBom = tempCsv(Buffer.from(`${HEADER}\n${row('P1', 'x')}\n`, 'utf16le'));
    await expect(readPrecatoriosCsv(noBom)).rejects.toThrow(/o cabeçalho tem caracteres de controle \(bytes nulos\?\): o arquivo parece estar em UTF-16/);
  });
});

describe('bad input in rows and in the file', () => {
  it('rejects a row with NUL or another control character, naming the field; TAB is text', async () => {
    const path = tempCsv(`${HEADER}\n${row('P1', 'a\u0000b')}\n${row('P2', 'c\u001b[31m')}\n${row('P3', 'd\te')}\n`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([
      { line: 2, field: 'nome', reason: 'contém o caractere de controle U+0000 (byte nulo), que não é texto e não pode ser gravado' },
      { line: 3, field: 'nome', reason: 'contém o caractere de controle U+001B, que não é texto e não pode ser gravado' },
    ]);
    expect(outcome.precatorios.map((p) => p.beneficiarios[0]!.nome)).toEqual(['d\te']);
  });

  it(`rejects a cell over ${CELL_CHARS_MAX} characters and accepts one at the limit`, async () => {
    const path = tempCsv(`${HEADER}\n${row('P1', 'x'.repeat(CELL_CHARS_MAX + 1))}\n${row('P2', 'y'.repeat(CELL_CHARS_MAX))}\n`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected).toEqual([{ line: 2, field: 'nome', reason: `campo acima de ${CELL_CHARS_MAX} caracteres (tem ${CELL_CHARS_MAX + 1})` }]);
    expect(outcome.precatorios.map((p) => p.numero)).toEqual(['P2']);
  });

  it('refuses a record that grows past 4 Mi characters (a quote opened and never closed) instead of buffering the file', async () => {
    const path = tempCsv(`${HEADER}\n${row('P1', 'x')}\n${row('P2', `"${'y\n'.repeat(2_200_000)}`)}`);
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(
      'CSV malformado: linha 3: registro com mais de 4194304 caracteres (aspas sem fechar ou campo grande demais); nada foi importado',
    );
  });

  it('names the line where the record with a quote in the middle of an unquoted cell starts, after a quoted CRLF', async () => {
    const path = tempCsv(`${HEADER}\r\n${row('P1', '"a\r\nb"')}\r\n${row('P2', 'Maria "Dora"')}\r\n`);
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(/^CSV malformado: linha 4: aspas no meio de um campo sem aspas .*; nada foi importado$/);
  });

  it('reads mixed line ends (CRLF, LF, CR) and reports the line where each row starts', async () => {
    const path = tempCsv(`${HEADER}\r\n${row('P1', '"a\r\nb\nc"')}\n\r\n${row('P2', 'x', 'abc')}\r${row('P3', 'y')}\n${row('P4', 'z', '1.234')}`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.precatorios.map((p) => [p.numero, p.beneficiarios[0]!.nome])).toEqual([
      ['P1', 'a\r\nb\nc'],
      ['P3', 'y'],
    ]);
    expect(outcome.rejected.map((r) => [r.line, r.field])).toEqual([
      [6, 'valor_requisitado'],
      [8, 'valor_requisitado'],
    ]);
    expect(outcome.rejected[1]!.reason).toBe(
      '"1.234" é ambíguo: milhar ou três casas decimais? Valores em reais têm até duas casas decimais; escreva 1234,00 ou 1.234,00',
    );
  });

  it('skips lines of bare separators, keeps unnamed empty columns, and rejects a row with one cell too many', async () => {
    const path = tempCsv(`${HEADER},,\n${row('P1', 'a')},,\n,,,,,,,,,\n  \n${row('P2', '"b\nc"')},,,x\n${row('P3', 'd')},,\n${row('P4', 'e')},x,\n`);
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.precatorios.map((p) => p.numero)).toEqual(['P1', 'P3']);
    expect(outcome.rejected).toEqual([
      { line: 5, field: '(linha)', reason: '11 colunas, o cabeçalho tem 10 (o registro vai da linha 5 à 6: confira as aspas)' },
      { line: 8, field: 'coluna 9', reason: 'valor numa coluna sem nome no cabeçalho' },
    ]);
    expect(outcome.rowsRead).toBe(4);
  });

  it('an unreadable row fails its whole precatório, so it is never imported without that beneficiary', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,beneficiario_id,valor_beneficiario,nome';
    const path = tempCsv(
      `${header}\nP1,e,estadual,geral,comum,2024-01-01,10.00,a,10.00,x\nP1,e,estadual,geral,comum,2024-01-01,10.00,b,0.00,y,extra\nP1\u0000,e,estadual,geral,comum,2024-01-01,10.00,c,0.00,z\n`,
    );
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.precatorios).toEqual([]);
    expect(outcome.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'numero'],
      [3, '(linha)'],
      [4, 'numero'],
    ]);
  });

  it('refuses amounts the registry cannot hold instead of failing the whole import at the database', async () => {
    const path = tempCsv(
      `${HEADER}\n${row('P1', 'a', '99999999999999999.00')}\n${row('P2', 'b', '1234.567')}\n${row('P3', 'c', '"9.999.999.999.999.999,99"')}\n`,
    );
    const outcome = await readPrecatoriosCsv(path);
    expect(outcome.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, '"99999999999999999.00" passa do maior valor que o registro guarda (16 dígitos antes dos centavos)'],
      [3, '"1234.567" tem mais de duas casas decimais (valores em reais vão até os centavos)'],
    ]);
    expect(outcome.precatorios[0]!.valorRequisitadoBrl.toFixed(2)).toBe('9999999999999999.99');
  });

  it('refuses a header that names a column twice', async () => {
    await expect(readPrecatoriosCsv(tempCsv(`${HEADER},NOME\n${row('P1', 'a')},b\n`))).rejects.toThrow(
      'cabeçalho com a coluna nome repetida; nada foi importado',
    );
  });

  it(`refuses a file with more than ${ROW_ERRORS_MAX} row errors, quoting the first`, async () => {
    const bad = 'x,e,?,?,?,?,?,a'; // five bad fields per row
    const path = tempCsv(
      `${HEADER}\n${Array<string>(ROW_ERRORS_MAX / 5 + 1)
        .fill(bad)
        .join('\n')}\n`,
    );
    await expect(readPrecatoriosCsv(path)).rejects.toThrow(
      /^mais de 100000 erros de linha: o arquivo não parece estar no formato esperado \(primeiro erro: linha 2, campo natureza: "\?" não é uma natureza/,
    );
  });
});

describe('a refused file and the writes already under way', () => {
  // 30 precatórios, then P0000 again: the file is refused after batches went to the sink. The
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
    const error = await streamPrecatoriosCsv(path(), sink, 4).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvFileError);
    expect(log.started).toBeGreaterThan(0);
    expect(log.finished).toBe(log.started);
  });

  it('streamPreparedCsv (worker thread) rejects only after every batch handed to the writer has been written', async () => {
    const big = Array.from({ length: 12_000 }, (_, i) => row(`P${String(i).padStart(6, '0')}`, 'x'));
    const file = tempCsv(`${HEADER}\n${big.join('\n')}\n${row('P000000', 'y')}\n`);
    const { log, sink } = slowSink(1500);
    const error = await streamPreparedCsv(file, sink, supportedDatesToday()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CsvFileError);
    expect(log.started).toBeGreaterThan(0);
    expect(log.finished).toBe(log.started);
  });
});
