import { FIRST_BENEFICIARIO_PAGE } from './beneficiary-pages.ts';
import type { BeneficiarioArray, PrecatorioRow } from './rows.ts';

/** A precatório as read with its debtor: its columns, its first beneficiaries and its public history. */
export type PrecatorioWithExtras = PrecatorioRow & { beneficiarios: BeneficiarioArray[]; history: string | null };

/**
 * Precatórios per text chunk. One statement still reads a whole debtor (one snapshot), but as rows
 * of text instead of a row of 17 columns per precatório: PGlite (in this thread) decodes each
 * column of each row in JavaScript, and for the Estado do Pará's 33 600 precatórios that was most of
 * the statement (2.2–3.3 s as rows, 1.1–1.3 s as chunks of lines, 3 runs each; issue 19 start-up).
 * The size hardly matters to the statement (128, 512 and 2 048 lines: 1.1–2.1, 1.4–1.5 and
 * 1.1–1.6 s, 3 runs each); small chunks (~80 kB) are short texts to hold and decode.
 */
export const LINES_PER_CHUNK = 128;

/** Free text of the precatório, which may hold a line's separators (a tab, a line break) — rarely does. */
const FREE_TEXT = ['p.numero', 'p.ente_id', 'p.processo_origem'];
const HOLDS_SEPARATOR = FREE_TEXT.map((c) => `coalesce(strpos(${c}, E'\\t') + strpos(${c}, E'\\n'), 0)`).join(' + ');

/**
 * The fields after the free text ones, the same on both kinds of line. The beneficiaries' JSON has
 * raw line breaks only between elements (a JSON string escapes its own), so they are dropped. The
 * history (HISTORY_TEXT: a line per event, "when TAB what") comes with unit (\x1f) and record
 * (\x1e) separators instead, which no timestamp or event kind holds.
 */
const FIXED = `p.regime, p.natureza, p.tributario::text, coalesce(p.apresentado_em::text, ''), coalesce(p.ordem_publicada::text, ''),
  coalesce(p.orcamento_publicado::text, ''), coalesce(p.expedido_em::text, ''), coalesce(p.data_base, ''), p.valor_requisitado::text,
  p.status, p.version::text, coalesce(p.honorarios_sucumbenciais, false)::text, replace((${FIRST_BENEFICIARIO_PAGE})::text, E'\\n', ''),
  coalesce((select string_agg(v.at::text || E'\\x1f' || v.kind, E'\\x1e' order by v.id) from events v where v.precatorio_numero = p.numero), '')`;
/** 17 fields: número, ente and origin as they are (origin after a '=', '' is NULL), then FIXED. */
const PLAIN_LINE = `concat_ws(E'\\t', p.numero, p.ente_id, coalesce('=' || p.processo_origem, ''), ${FIXED})`;
/** 18 fields: the free text JSON-quoted (so it holds no raw tab or line break), FIXED, then an empty 18th that marks the line. */
const QUOTED_LINE = `concat_ws(E'\\t', to_json(p.numero)::text, to_json(p.ente_id)::text, coalesce(to_json(p.processo_origem)::text, ''), ${FIXED}, '')`;

/**
 * The statement reading the precatórios `where` selects (a condition on `precatorios p`, possibly
 * with its own `order by … limit`): rows of `chunk` text, in número order ("C", as the debtor's
 * pages are keyed), each up to LINES_PER_CHUNK lines of one precatório.
 */
export function precatorioChunksSql(where: string): string {
  return `select string_agg(x.line, E'\\n' order by x.n) as chunk from (
    select case when ${HOLDS_SEPARATOR} > 0 then ${QUOTED_LINE} else ${PLAIN_LINE} end as line,
           row_number() over (order by p.numero collate "C") as n
    from precatorios p where ${where}) x
  group by (x.n - 1) / ${LINES_PER_CHUNK} order by (x.n - 1) / ${LINES_PER_CHUNK}`;
}

const unquote = (field: string): string => JSON.parse(field) as string;

/**
 * A copy of a field that does not keep its chunk alive. `split` gives fields of 13 characters or
 * more as slices of the chunk (V8's sliced strings), so one número kept in a source kept the whole
 * chunk: the Estado do Pará's source held 1 831 bytes per precatório against 1 408 as rows (heap
 * after a full collection, 33 600 precatórios). Prefixing makes a rope that `slice` must flatten
 * into a new string first; what is kept then refers to that copy only.
 */
const detached = (field: string): string => (field.length < 13 ? field : ` ${field}`.slice(1));
const orNull = (field: string): string | null => (field === '' ? null : field);
const intOrNull = (field: string): number | null => (field === '' ? null : Number(field));

/** The precatórios of the chunks `precatorioChunksSql` read, in order, as the columns they came from. */
export function precatoriosOfChunks(rows: readonly { chunk: string | null }[]): PrecatorioWithExtras[] {
  const out: PrecatorioWithExtras[] = [];
  for (const { chunk } of rows) {
    if (chunk === null) continue;
    for (const line of chunk.split('\n')) out.push(precatorioOfLine(line));
  }
  return out;
}

function precatorioOfLine(line: string): PrecatorioWithExtras {
  const f = line.split('\t');
  const quoted = f.length === 18;
  if (!quoted && f.length !== 17) throw new Error(`linha de precatório inesperada do banco (${f.length} campos)`);
  const origem = f[2]!;
  const history = f[16]!;
  return {
    numero: quoted ? unquote(f[0]!) : detached(f[0]!),
    ente_id: quoted ? unquote(f[1]!) : detached(f[1]!),
    processo_origem: origem === '' ? null : quoted ? unquote(origem) : detached(origem.slice(1)),
    regime: f[3] as PrecatorioRow['regime'],
    natureza: f[4] as PrecatorioRow['natureza'],
    tributario: f[5] === 'true',
    apresentado_em: orNull(detached(f[6]!)),
    ordem_publicada: intOrNull(f[7]!),
    orcamento_publicado: intOrNull(f[8]!),
    expedido_em: orNull(f[9]!),
    data_base: orNull(f[10]!),
    valor_requisitado: detached(f[11]!),
    status: f[12] as PrecatorioRow['status'],
    version: f[13]!,
    honorarios_sucumbenciais: f[14] === 'true',
    beneficiarios: JSON.parse(f[15]!) as BeneficiarioArray[],
    // Back to HISTORY_TEXT's separators.
    history: history === '' ? null : history.replaceAll('\x1f', '\t').replaceAll('\x1e', '\n'),
  };
}
