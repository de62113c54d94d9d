// Goal (issue 15 §1): POST /api/importacoes takes a CSV of any size up to a named, configurable cap
// without holding it in memory: the body is streamed to a temporary file, a body one byte over the
// cap is refused with 413 naming the limit and how to change it (whether its length is declared or
// not), a body exactly at the cap is imported, and a refused or cut-off one lands nothing. Asked for NDJSON,
// the answer is the import's progress (precatórios written after each batch, as the local
// `importar` prints them) and then the same report the plain JSON answer gives — or the error,
// with its status, as the last line.
// Method: the app without a socket (app.request) over in-memory PGlite; bodies sent as a Buffer
// (Content-Length) and as a ReadableStream (no length, as a streamed upload arrives chunked).
import { afterEach, describe, expect, it } from 'vitest';
import { appOver } from './fixtures.ts';
import { IMPORT_PROGRESS_TYPE } from '../../src/api/routes/importacoes.ts';
import { DEFAULT_IMPORT_MAX_BYTES, MIB } from '../../src/api/upload.ts';
import { importLimitOf } from '../../src/cli/servir.ts';
import { toCsv } from '../../src/cli/output.ts';
import { generateTjpaDemo } from '../../src/demo/tjpa-demo.ts';
import type { Db } from '../../src/storage/db.ts';
import { openDatabase } from '../../src/storage/open-db.ts';
import { TOKEN } from '../support/api.ts';

const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

async function emptyApp(importMaxBytes?: number) {
  const db = await openDatabase({ pgliteDir: 'memory://' });
  opened.push(db);
  const { app } = appOver(db, undefined, [], importMaxBytes);
  return { app, db };
}

const ONE_ROW =
  'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado\nLIMITE-1,municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,1000.00\n';

/** The one-row CSV padded with blank lines (which the reader skips) to exactly `bytes`. */
const csvOf = (bytes: number) => Buffer.from(ONE_ROW + '\n'.repeat(bytes - Buffer.byteLength(ONE_ROW)));

function streamed(body: Buffer): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(body.subarray(at, (at += 1000)));
    },
  });
}

const send = (app: Awaited<ReturnType<typeof emptyApp>>['app'], body: Buffer | ReadableStream<Uint8Array>, accept?: string) =>
  app.request('/api/importacoes', {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv', ...(accept ? { accept } : {}) },
    body,
    ...(body instanceof Buffer ? {} : { duplex: 'half' }),
  } as RequestInit);

const count = async (db: Db) => Number((await db.query<{ n: string }>('select count(*)::text as n from precatorios')).rows[0]!.n);

describe('POST /api/importacoes: a streamed upload under a named cap', () => {
  it('the cap is inclusive: exactly the cap is imported, one byte more is refused naming the limit — declared or streamed', async () => {
    const CAP = 4000;
    for (const shape of ['declared', 'streamed'] as const) {
      const { app, db } = await emptyApp(CAP);
      const body = (n: number) => (shape === 'declared' ? csvOf(n) : streamed(csvOf(n)));
      const over = await send(app, body(CAP + 1));
      expect(over.status, shape).toBe(413);
      expect(await over.json()).toEqual({
        erro: 'corpo-grande-demais',
        campo: 'arquivo',
        motivo: `o arquivo passa do limite deste servidor (${CAP} bytes; servir --limite-importacao ou PRECATORIOS_LIMITE_IMPORTACAO, em MiB); divida o arquivo ou aumente o limite`,
      });
      expect(await count(db), `${shape}: nada gravado`).toBe(0);
      const at = await send(app, body(CAP));
      expect(at.status, shape).toBe(200);
      expect(await at.json()).toMatchObject({ linhasLidas: 1, novos: 1 });
      expect(await count(db)).toBe(1);
    }
  }, 60_000);

  it('with no cap given (the default), a streamed body past the 1 MiB limit of the JSON routes is imported', async () => {
    const { app } = await emptyApp();
    // A 2 MiB body, twice the 1 MiB of every other route.
    const res = await send(app, streamed(csvOf(2 * 1024 * 1024)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ novos: 1 });
  }, 60_000);

  it('an upload cut off midway is a 400 saying how much arrived, and lands nothing', async () => {
    const { app, db } = await emptyApp();
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks++ < 3) controller.enqueue(csvOf(1000));
        else controller.error(new Error('a conexão caiu'));
      },
    });
    const res = await send(app, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { erro: string; campo: string; motivo: string };
    expect(answer).toMatchObject({ erro: 'envio-interrompido', campo: 'arquivo' });
    // The bytes that had gone through when the stream broke: at most what was sent.
    const got = /^o envio do arquivo foi interrompido depois de (\d+) bytes; nada foi gravado no registro$/.exec(answer.motivo);
    expect(Number(got?.[1])).toBeLessThanOrEqual(3000);
    expect(await count(db)).toBe(0);
  }, 60_000);

  it('asked for NDJSON: progress after every batch, then the report the plain answer gives', async () => {
    const csv = Buffer.from(toCsv(generateTjpaDemo(7, 2)));
    const plain = await emptyApp();
    const expected = await (await send(plain.app, csv)).json();
    const { app } = await emptyApp();
    const res = await send(app, streamed(csv), IMPORT_PROGRESS_TYPE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(IMPORT_PROGRESS_TYPE);
    const lines = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const progress = lines.slice(0, -1).map((l) => l['gravados'] as number);
    expect(progress.length).toBeGreaterThan(1);
    // Strictly growing, and the last batch is the whole file's precatórios.
    expect(progress.every((n, i) => Number.isInteger(n) && (i === 0 || n > progress[i - 1]!))).toBe(true);
    expect(lines.at(-1)).toEqual({ relatorio: expected });
    expect(progress.at(-1)).toBe((expected as { novos: number }).novos);
    // The share of the file read (the desk's bar): never down, within the file, all of it at the end.
    const read = lines.slice(0, -1).map((l) => [l['bytesLidos'] as number, l['bytesTotal'] as number] as const);
    expect(read.every(([b, t], i) => t === csv.length && b > 0 && b <= t && (i === 0 || b >= read[i - 1]![0]))).toBe(true);
    expect(read.at(-1)![0]).toBe(csv.length);
    expect(read.length > 1 && read[0]![0] < csv.length).toBe(true);
  }, 120_000);

  it('asked for NDJSON: a file refused as a whole ends the stream with its status and reason, and lands nothing', async () => {
    const header = 'numero,ente_id,esfera,regime,natureza,apresentado_em,valor_requisitado,beneficiario_id,valor_beneficiario';
    const row = (n: string, b: string) => `${n},municipio-de-belem,municipal,especial,comum,2025-01-10 10:00,10.00,${b},5.00`;
    const csv = Buffer.from(`${header}\n${row('FORA-1', 'a')}\n${row('FORA-2', 'a')}\n${row('FORA-1', 'b')}\n`);
    const { app, db } = await emptyApp();
    const res = await send(app, csv, IMPORT_PROGRESS_TYPE);
    expect(res.status).toBe(200);
    const last = JSON.parse((await res.text()).trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ status: 422, erro: 'arquivo-invalido', campo: 'arquivo', motivo: expect.stringContaining('FORA-1 não são consecutivas') });
    expect(await count(db)).toBe(0);
  }, 60_000);
});

describe('the cap as servir takes it (--limite-importacao, PRECATORIOS_LIMITE_IMPORTACAO, in MiB)', () => {
  it('flag over variable over the default; anything but a whole 1…1048576 MiB is refused naming both', () => {
    expect(importLimitOf(undefined, {})).toBe(DEFAULT_IMPORT_MAX_BYTES);
    expect(importLimitOf(undefined, { PRECATORIOS_LIMITE_IMPORTACAO: '' })).toBe(DEFAULT_IMPORT_MAX_BYTES);
    expect(importLimitOf(undefined, { PRECATORIOS_LIMITE_IMPORTACAO: '100' })).toBe(100 * MIB);
    expect(importLimitOf('8', { PRECATORIOS_LIMITE_IMPORTACAO: '100' })).toBe(8 * MIB);
    expect(importLimitOf('1048576', {})).toBe(1024 * 1024 * MIB);
    for (const bad of ['0', '-1', '1.5', '64MiB', 'muito', '1048577', '1e3']) {
      expect(() => importLimitOf(bad, {}), bad).toThrow(
        `--limite-importacao / PRECATORIOS_LIMITE_IMPORTACAO: "${bad}" deve ser o tamanho máximo do CSV em MiB, um inteiro de 1 a 1048576`,
      );
    }
  });
});
