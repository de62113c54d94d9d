// Court exports for the import fuzz tests (csv-fuzz*.prop.test.ts): valid precatórios rendered the
// way court systems and Excel write them, with corruptions injected at known rows, and what the
// importer must make of each file.
import fc from 'fast-check';
import type { CourtTimestamp, IsoDate, YearMonth } from '../../src/domain/dates.ts';
import type { EnteDevedor } from '../../src/domain/ente.ts';
import { Dec, type Money } from '../../src/domain/money.ts';
import type { Beneficiario, Precatorio } from '../../src/domain/precatorio.ts';
import { cpfCheckDigits } from '../../src/domain/cpf.ts';
import { formatNumeroCnj } from '../../src/domain/numero-cnj.ts';
import { type Random, seededRandom, seededShuffle } from '../../src/demo/random.ts';
import { isoDateArb, moneyArb } from '../support/arbitraries.ts';

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** Text that lands byte-exact: accents, quotes, both separators, line breaks, formula injection. */
const TEXT_PIECES = [
  'Maria',
  'José da Silva',
  'Conceição',
  'SÃO PAULO',
  "D'Ávila",
  '"Dora"',
  ';',
  ',',
  '\n',
  '\r\n',
  '\r',
  "=cmd|' /C calc'!A0",
  '+55 91',
  '-1',
  '@SUM(A1:A9)',
  ' ',
  'Müller',
  'R$ 5 €',
  'a – b',
  'l’água',
  'Nº 5',
  '\t',
];
/** Only UTF-8 can carry these. */
const UTF8_PIECES = ['😀 ok', 'Łódź', '中文', 'Ő x'];
// Every non-ASCII character above sits between ASCII ones, so in Windows-1252 it is never valid
// UTF-8 by accident (the file is then read as 1252, as written) and never looks like UTF-8 text
// (C2/C3 + continuation byte), which would make it a mixed-encoding file.

const textArb = (encoding: FileEncoding): fc.Arbitrary<string | undefined> =>
  fc
    .array(fc.constantFrom(...TEXT_PIECES, ...(encoding === 'windows-1252' ? [] : UTF8_PIECES)), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('').trim() || undefined);

export const OPTIONAL_COLUMNS = [
  'ente_nome',
  'tributario',
  'expedido_em',
  'data_base',
  'status',
  'processo_origem',
  'credor_id',
  'titularidade',
  'pago',
  'superpreferencia_paga',
  'nascimento',
  'doenca_grave_desde',
  'deficiencia_desde',
  'nome',
  'cpf',
] as const;
const ALWAYS_COLUMNS = [
  'numero',
  'ente_id',
  'esfera',
  'regime',
  'natureza',
  'apresentado_em',
  'valor_requisitado',
  'beneficiario_id',
  'valor_beneficiario',
] as const;

const cpfArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .filter((d) => new Set(d).size > 1)
  .map((d) => d.join('') + cpfCheckDigits(d.join('')));

const presentedArb: fc.Arbitrary<CourtTimestamp> = fc
  .tuple(isoDateArb(2018, 2024), fc.constantFrom('08:00', '09:30', '14:15', '23:59'))
  .map(([d, t]) => `${d}T${t}:00.000-03:00` as CourtTimestamp);

const beneficiarioArb = (encoding: FileEncoding) =>
  fc.record({
    share: moneyArb(50_000_000),
    paidFraction: fc.constantFrom(0, 0, 0.5, 1),
    superprefFraction: fc.constantFrom(0, 0, 0.5, 1),
    titularidade: fc.constantFrom('originario', 'originario', 'herdeiro', 'cessionario') as fc.Arbitrary<Beneficiario['titularidade']>,
    nascimento: fc.option(isoDateArb(1930, 2000), { nil: undefined }),
    // Recognitions already made: the importer refuses future ones (domain/supported-dates.ts).
    doenca: fc.option(isoDateArb(2010, 2024), { nil: undefined }),
    deficiencia: fc.option(isoDateArb(2010, 2024), { nil: undefined }),
    credor: fc.integer({ min: 0, max: 5 }),
    nome: textArb(encoding),
    cpf: fc.option(cpfArb, { nil: undefined }),
  });

const precatorioArb = (encoding: FileEncoding, enteCount: number) =>
  fc.record({
    ente: fc.integer({ min: 0, max: enteCount - 1 }),
    numeroKind: fc.constantFrom('cnj', 'cnj', 'cnj', 'legado', 'formula'),
    natureza: fc.constantFrom('alimentar', 'comum') as fc.Arbitrary<Precatorio['natureza']>,
    tributario: fc.boolean(),
    // Inside the supported ranges and in the order the law implies (data-base ≤ expedição ≤
    // apresentação ≤ today, R1.1, R5.1): a valid export, which the importer must take whole.
    apresentadoEm: presentedArb,
    expedidoEm: fc.option(isoDateArb(2010, 2017), { nil: undefined }),
    dataBase: fc.option(fc.tuple(fc.integer({ min: 2001, max: 2009 }), fc.integer({ min: 1, max: 12 })), { nil: undefined }),
    status: fc.constantFrom('ativo', 'ativo', 'suspenso', 'cancelado') as fc.Arbitrary<Precatorio['status']>,
    processo: textArb(encoding),
    beneficiarios: fc.array(beneficiarioArb(encoding), { minLength: 1, maxLength: 3 }),
  });

const ENTE_NAMES = ['Estado do Pará', 'Município de Belém', 'União', 'Município de São Félix do Xingu'];

/** Precatórios as the importer must read them back, with the columns the file has. */
export interface CourtData {
  readonly encoding: FileEncoding;
  readonly columns: readonly string[];
  readonly entes: readonly EnteDevedor[];
  readonly precatorios: readonly Precatorio[];
}

export const courtDataArb = (maxPrecatorios = 10): fc.Arbitrary<CourtData> =>
  fc
    .record({
      encoding: fc.constantFrom<FileEncoding>('utf-8', 'utf-8-bom', 'windows-1252'),
      optional: fc.subarray([...OPTIONAL_COLUMNS]),
      entes: fc.array(
        fc.record({
          esfera: fc.constantFrom('estadual', 'municipal', 'uniao') as fc.Arbitrary<EnteDevedor['esfera']>,
          regime: fc.constantFrom('geral', 'especial') as fc.Arbitrary<EnteDevedor['regime']>,
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .chain(({ encoding, optional, entes }) =>
      fc.array(precatorioArb(encoding, entes.length), { maxLength: maxPrecatorios }).map((drafts) => {
        const columns: string[] = [...ALWAYS_COLUMNS, ...optional];
        const has = (c: string) => columns.includes(c);
        const enteList: EnteDevedor[] = entes.map((e, i) => ({
          id: `ente-${i + 1}`,
          nome: has('ente_nome') ? ENTE_NAMES[i]! : `ente-${i + 1}`,
          esfera: e.esfera,
          regime: e.regime,
        }));
        const precatorios = drafts.map((d, i) => toPrecatorio(d, i + 1, enteList[d.ente]!, has));
        return { encoding, columns, entes: enteList, precatorios };
      }),
    );

type Draft = ReturnType<typeof precatorioArb> extends fc.Arbitrary<infer T> ? T : never;

/** The precatório as the importer reads it: a column the file lacks reads as its default. */
function toPrecatorio(d: Draft, index: number, ente: EnteDevedor, has: (c: string) => boolean): Precatorio {
  const numero =
    d.numeroKind === 'cnj'
      ? formatNumeroCnj(100_000 + index, 2020 + (index % 5), 8, 14, 301 + (index % 3))
      : d.numeroKind === 'legado'
        ? `${2000 + index}.0${index}-1`
        : `=HYPERLINK("x";"${index}")`;
  const beneficiarios = d.beneficiarios.map((b, i): Beneficiario => {
    const id = `${numero}#${i + 1}`;
    const pago = has('pago') ? b.share.times(b.paidFraction).toDecimalPlaces(2) : new Dec(0);
    const doenca = has('doenca_grave_desde') ? b.doenca : undefined;
    return {
      id,
      credorId: has('credor_id') ? `credor-${b.credor}` : id,
      titularidade: has('titularidade') ? b.titularidade : 'originario',
      valorBrl: b.share,
      pagoBrl: pago,
      superpreferenciaPagaBrl: has('superpreferencia_paga') ? pago.times(b.superprefFraction).toDecimalPlaces(2) : new Dec(0),
      nascimento: has('nascimento') ? b.nascimento : undefined,
      doencaGraveDesde: doenca,
      deficienciaDesde: has('deficiencia_desde') && !doenca ? b.deficiencia : undefined,
      nome: has('nome') ? b.nome : undefined,
      cpf: has('cpf') ? b.cpf : undefined,
    };
  });
  return {
    numero,
    enteId: ente.id,
    regime: ente.regime,
    natureza: d.natureza,
    tributario: has('tributario') ? d.tributario : false,
    apresentacao: { kind: 'registrada', apresentadoEm: d.apresentadoEm },
    expedidoEm: has('expedido_em') ? d.expedidoEm : undefined,
    dataBase: has('data_base') && d.dataBase ? (`${d.dataBase[0]}-${String(d.dataBase[1]).padStart(2, '0')}` as YearMonth) : undefined,
    valorRequisitadoBrl: beneficiarios.reduce<Money>((acc, b) => acc.plus(b.valorBrl), new Dec(0)),
    processoOrigem: has('processo_origem') ? d.processo : undefined,
    status: has('status') ? d.status : 'ativo',
    beneficiarios,
  };
}

// ---------------------------------------------------------------------------------------------
// Corruptions

export type CorruptionKind = 'missing-cell' | 'extra-cell' | 'bad-number' | 'bad-date' | 'nul' | 'control' | 'big-field' | 'duplicate';

export interface Corruption {
  readonly kind: CorruptionKind;
  /** Which data row (index into the rows of the file, before duplicates are inserted). */
  readonly row: number;
  /** Free choice inside the corruption (column, value, position). */
  readonly pick: number;
}

export const corruptionsArb = (kinds: readonly CorruptionKind[], max = 3): fc.Arbitrary<Corruption[]> =>
  fc.array(fc.record({ kind: fc.constantFrom(...kinds), row: fc.nat(40), pick: fc.nat(1000) }), { maxLength: max });

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderStyle {
  readonly seed: number;
  readonly delimiter: ',' | ';';
  readonly lineEnd: '\n' | '\r\n';
  readonly quoting: 'minimal' | 'all' | 'random';
  /** Unnamed empty columns after the data, in the header and every row (Excel's used range). */
  readonly emptyColumns: number;
  readonly trailingLineEnd: boolean;
}

export const renderStyleArb: fc.Arbitrary<RenderStyle> = fc.record({
  seed: fc.integer(),
  delimiter: fc.constantFrom(',' as const, ';' as const),
  lineEnd: fc.constantFrom('\n' as const, '\r\n' as const),
  quoting: fc.constantFrom('minimal' as const, 'all' as const, 'random' as const),
  emptyColumns: fc.constantFrom(0, 0, 1, 2),
  trailingLineEnd: fc.boolean(),
});

/** What the importer must report for one corrupted row. */
export interface ExpectedError {
  readonly line: number;
  readonly field: string;
  readonly reason: RegExp;
}

export interface CourtFile {
  readonly bytes: Buffer;
  /** The whole file must be refused (CsvFileError) with this message. */
  readonly refusal?: RegExp;
  readonly errors: readonly ExpectedError[];
  /** Lines of every row of a precatório that must be rejected: each must be reported. */
  readonly failedLines: ReadonlySet<number>;
  readonly landed: readonly Precatorio[];
  /** Rows read (not counting the header, empty lines and lines of bare separators). */
  readonly rows: number;
}

interface Row {
  cells: string[];
  readonly group: number;
  corruption?: Omit<ExpectedError, 'line'>;
  duplicateOf?: number;
}

const BAD_NUMBERS: readonly [string, RegExp][] = [
  ['abc', /não é um valor em reais/],
  ['12,34,56', /não é um valor em reais/],
  ['1.234', /ambíguo/],
  ['1,2345', /mais de duas casas decimais/],
  ['99999999999999999,00', /passa do maior valor/],
  ['-5,00', /valor negativo/],
  ['1.2.3', /não é um valor em reais/],
];
const BAD_DATES: readonly string[] = ['30/02/2024', '2024-13-01', 'ontem', '2023-02-29', '31/04/2023', '00/00/0000'];
const PRECATORIO_COLUMNS = [
  'numero',
  'ente_id',
  'regime',
  'natureza',
  'tributario',
  'apresentado_em',
  'expedido_em',
  'data_base',
  'valor_requisitado',
  'status',
  'processo_origem',
];
const AMOUNT_COLUMNS = ['valor_requisitado', 'valor_beneficiario', 'pago', 'superpreferencia_paga'];
const DATE_COLUMNS = ['apresentado_em', 'expedido_em', 'data_base', 'nascimento', 'doenca_grave_desde', 'deficiencia_desde'];
const TEXT_COLUMNS = ['nome', 'processo_origem', 'ente_nome'];

/** Renders `data` as a court export in `style`, applies `corruptions`, and says what must come out. */
export function renderCourtFile(data: CourtData, style: RenderStyle, corruptions: readonly Corruption[] = []): CourtFile {
  const random = seededRandom(style.seed);
  const columns = seededShuffle(data.columns, style.seed);
  const numeroColumn = columns.indexOf('numero');
  const width = columns.length + style.emptyColumns;
  const rows: Row[] = [];
  data.precatorios.forEach((p, group) => {
    const ente = data.entes.find((e) => e.id === p.enteId)!;
    // The precatório's own columns are written once and repeated on each of its rows, as exports do.
    const shared = new Map(PRECATORIO_COLUMNS.map((c) => [c, renderCell(c, p, p.beneficiarios[0]!, ente, random)]));
    for (const b of p.beneficiarios) {
      const cells = columns.map((c) => shared.get(c) ?? renderCell(c, p, b, ente, random));
      rows.push({ group, cells: [...cells, ...Array<string>(style.emptyColumns).fill('')] });
    }
  });
  // Corruptions: at most one per row, each on a row that exists.
  const used = new Set<number>();
  const duplicates: { row: Row; after: number }[] = [];
  for (const c of corruptions) {
    if (rows.length === 0) break;
    const index = c.row % rows.length;
    if (used.has(index)) continue;
    const row = rows[index]!;
    if (c.kind === 'duplicate') {
      // A copy of this row after a row of a later precatório: its rows are no longer consecutive.
      const later = rows.findIndex((r) => r.group > row.group + (c.pick % 2));
      if (later === -1) continue;
      used.add(index);
      duplicates.push({ row: { group: row.group, cells: [...row.cells], duplicateOf: index }, after: later + (c.pick % Math.max(1, rows.length - later)) });
      continue;
    }
    const applied = corrupt(row, c, columns, numeroColumn, width);
    if (applied) used.add(index);
  }
  const allRows: Row[] = [...rows];
  for (const d of duplicates.sort((a, b) => b.after - a.after)) allRows.splice(d.after + 1, 0, d.row);

  // Text, with the line where each row starts.
  const quote = (cell: string) => {
    const needs = cell.includes(style.delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
    const wanted = needs || style.quoting === 'all' || (style.quoting === 'random' && random.chance(0.3));
    return wanted ? `"${cell.replaceAll('"', '""')}"` : cell;
  };
  const headerCells = [...columns.map((c) => headerName(c, random)), ...Array<string>(style.emptyColumns).fill('')];
  const lines: string[] = [];
  let line = 1;
  const emit = (text: string) => {
    lines.push(text);
    line += breaksIn(text) + 1;
  };
  if (random.chance(0.1)) emit('');
  emit(headerCells.map(quote).join(style.delimiter));
  const rowLines: number[] = [];
  for (const row of allRows) {
    if (random.chance(0.1)) emit('');
    if (random.chance(0.05)) emit(style.delimiter.repeat(width - 1));
    rowLines.push(line);
    emit(row.cells.map(quote).join(style.delimiter));
  }
  const text = lines.join(style.lineEnd) + (style.trailingLineEnd ? style.lineEnd : '');

  // Expectations.
  const firstLineOfGroup = new Map<number, number>();
  allRows.forEach((r, i) => {
    if (r.duplicateOf === undefined && !firstLineOfGroup.has(r.group)) firstLineOfGroup.set(r.group, rowLines[i]!);
  });
  const dupIndex = allRows.findIndex((r) => r.duplicateOf !== undefined);
  const bytes = encode(text, data.encoding);
  if (dupIndex !== -1) {
    const numero = data.precatorios[allRows[dupIndex]!.group]!.numero;
    const message = `as linhas do precatório ${numero} não são consecutivas (linha ${firstLineOfGroup.get(allRows[dupIndex]!.group)} e linha ${rowLines[dupIndex]})`;
    return { bytes, refusal: new RegExp(escapeRegExp(message)), errors: [], failedLines: new Set(), landed: [], rows: allRows.length };
  }
  const failedGroups = new Set(allRows.filter((r) => r.corruption).map((r) => r.group));
  return {
    bytes,
    errors: allRows.flatMap((r, i) => (r.corruption ? [{ line: rowLines[i]!, ...r.corruption }] : [])),
    failedLines: new Set(allRows.flatMap((r, i) => (failedGroups.has(r.group) ? [rowLines[i]!] : []))),
    landed: data.precatorios.filter((_, group) => !failedGroups.has(group)),
    rows: allRows.length,
  };
}

/** Applies one corruption to a row in place; false when it does not apply to this file. */
function corrupt(row: Row, c: Corruption, columns: readonly string[], numeroColumn: number, width: number): boolean {
  const present = (names: readonly string[]) => names.filter((n) => columns.includes(n));
  const set = (column: string, value: string, field: string, reason: RegExp) => {
    row.cells[columns.indexOf(column)] = value;
    row.corruption = { field, reason };
    return true;
  };
  switch (c.kind) {
    case 'missing-cell':
    case 'extra-cell': {
      // After the número, so the row can still be told apart (a cell missing before it would
      // shift the número itself: then nothing can say which precatório the row belongs to).
      const positions = width - numeroColumn - 1;
      if (c.kind === 'missing-cell' && positions > 0) row.cells.splice(numeroColumn + 1 + (c.pick % positions), 1);
      else row.cells.splice(numeroColumn + 1 + (c.pick % (positions + 1)), 0, 'x');
      row.corruption = { field: '(linha)', reason: new RegExp(`^${row.cells.length} colunas, o cabeçalho tem ${width}`) };
      return true;
    }
    case 'bad-number': {
      const [value, reason] = BAD_NUMBERS[c.pick % BAD_NUMBERS.length]!;
      const column = pickOf(present(AMOUNT_COLUMNS), c.pick);
      return column ? set(column, value, column, reason) : false;
    }
    case 'bad-date': {
      const column = pickOf(present(DATE_COLUMNS), c.pick);
      const reason = column === 'data_base' ? /não é um mês válido/ : column === 'apresentado_em' ? /não é uma data-hora válida/ : /não é uma data válida/;
      return column ? set(column, BAD_DATES[c.pick % BAD_DATES.length]!, column, reason) : false;
    }
    case 'nul':
    case 'control': {
      const index = c.pick % columns.length;
      const cell = row.cells[index]!;
      const at = c.pick % (cell.length + 1);
      const char = c.kind === 'nul' ? '\u0000' : pickOf(['\u001b', '\u0007', '\u0001', '\u001f'], c.pick)!;
      const code = `U\\+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      return set(columns[index]!, cell.slice(0, at) + char + cell.slice(at), columns[index]!, new RegExp(`caractere de controle ${code}`));
    }
    case 'big-field': {
      const column = pickOf(present(TEXT_COLUMNS), c.pick);
      return column ? set(column, 'x'.repeat(1 << 20), column, /campo acima de 1000 caracteres \(tem 1048576\)/) : false;
    }
    default:
      return false;
  }
}

function pickOf<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

function renderCell(column: string, p: Precatorio, b: Beneficiario, ente: EnteDevedor, random: Random): string {
  const pad = (v: string) => (v !== '' && random.chance(0.05) ? ` ${v} ` : v);
  switch (column) {
    case 'numero':
      return pad(p.numero);
    case 'ente_id':
      return pad(p.enteId);
    case 'ente_nome':
      return ente.nome;
    case 'esfera':
      return pad(random.pick(ESFERA_TEXT[ente.esfera]));
    case 'regime':
      return pad(random.pick(p.regime === 'geral' ? ['geral', 'Geral', 'GERAL'] : ['especial', 'Especial']));
    case 'natureza':
      return pad(random.pick(p.natureza === 'alimentar' ? ['alimentar', 'Alimentícia', 'ALIMENTAR', 'alimenticia'] : ['comum', 'Comum']));
    case 'tributario':
      return pad(random.pick(p.tributario ? ['sim', 'S', 'Sim'] : ['não', 'nao', 'N', '']));
    case 'apresentado_em':
      return pad(timestampText(p.apresentacao.kind === 'registrada' ? p.apresentacao.apresentadoEm : ('' as CourtTimestamp), random));
    case 'expedido_em':
      return p.expedidoEm ? pad(dateText(p.expedidoEm, random)) : '';
    case 'data_base':
      return p.dataBase ? pad(random.chance(0.5) ? p.dataBase : `${p.dataBase.slice(5)}/${p.dataBase.slice(0, 4)}`) : '';
    case 'valor_requisitado':
      return pad(amountText(p.valorRequisitadoBrl, random));
    case 'status':
      return pad(p.status === 'ativo' ? random.pick(['', 'ativo', 'Ativo']) : random.pick([p.status, p.status.toUpperCase()]));
    case 'processo_origem':
      return p.processoOrigem ?? '';
    case 'beneficiario_id':
      return pad(b.id);
    case 'credor_id':
      return pad(b.credorId);
    case 'titularidade':
      return pad(b.titularidade === 'originario' ? random.pick(['', 'originario', 'Originário']) : random.pick(TITULARIDADE_TEXT[b.titularidade]));
    case 'valor_beneficiario':
      return pad(amountText(b.valorBrl, random));
    case 'pago':
      return b.pagoBrl.isZero() && random.chance(0.5) ? '' : pad(amountText(b.pagoBrl, random));
    case 'superpreferencia_paga':
      return b.superpreferenciaPagaBrl.isZero() && random.chance(0.5) ? '' : pad(amountText(b.superpreferenciaPagaBrl, random));
    case 'nascimento':
      return b.nascimento ? pad(dateText(b.nascimento, random)) : '';
    case 'doenca_grave_desde':
      return b.doencaGraveDesde ? pad(dateText(b.doencaGraveDesde, random)) : '';
    case 'deficiencia_desde':
      return b.deficienciaDesde ? pad(dateText(b.deficienciaDesde, random)) : '';
    case 'nome':
      return b.nome ?? '';
    case 'cpf':
      return b.cpf ? (random.chance(0.5) ? b.cpf : `${b.cpf.slice(0, 3)}.${b.cpf.slice(3, 6)}.${b.cpf.slice(6, 9)}-${b.cpf.slice(9)}`) : '';
    default:
      throw new Error(`coluna desconhecida ${column}`);
  }
}

const ESFERA_TEXT: Record<EnteDevedor['esfera'], string[]> = {
  uniao: ['uniao', 'União', 'federal'],
  estadual: ['estadual', 'Estado', 'ESTADUAL'],
  municipal: ['municipal', 'Município', 'municipio'],
};
const TITULARIDADE_TEXT: Record<Beneficiario['titularidade'], string[]> = {
  originario: ['originario'],
  herdeiro: ['herdeiro', 'Herdeiro'],
  cessionario: ['cessionario', 'Cessionário'],
};

/** Header names as exports spell them: any case, stray spaces. */
function headerName(column: string, random: Random): string {
  const name = random.pick([column, column.toUpperCase(), column[0]!.toUpperCase() + column.slice(1)]);
  return random.chance(0.1) ? ` ${name} ` : name;
}

/** ISO or Brazilian amounts: 1234.56, 1.234,56, 1234,56, R$ 1.234,56. */
function amountText(amount: Money, random: Random): string {
  const iso = amount.toFixed(2);
  const [int, cents] = iso.split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return random.pick([iso, `${grouped},${cents}`, `${int},${cents}`, `R$ ${grouped},${cents}`]);
}

function dateText(date: IsoDate, random: Random): string {
  return random.chance(0.5) ? date : `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** '2024-01-15T09:30:00.000-03:00' as court systems print it. */
function timestampText(ts: CourtTimestamp, random: Random): string {
  const date = ts.slice(0, 10);
  const hm = ts.slice(11, 16);
  const br = `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  return random.pick([`${date} ${hm}`, `${date}T${hm}`, `${date}T${hm}:00`, `${date}T${hm}:00-03:00`, `${br} ${hm}`, `${br} ${hm}:00`]);
}

/** Line breaks as an editor counts them: CRLF, LF or CR. */
export function breaksIn(text: string): number {
  return (text.match(/\r\n|\n|\r/g) ?? []).length;
}

/** Windows-1252 per the WHATWG table: Latin-1 but for 0x80–0x9F (transcribed, not derived from the code under test). */
const WINDOWS_1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WINDOWS_1252 = new Map<string, number>(
  Array.from({ length: 256 }, (_, b) => [b >= 0x80 && b <= 0x9f ? WINDOWS_1252_80_9F[b - 0x80]! : String.fromCharCode(b), b]),
);

export function encode(text: string, encoding: FileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(
    [...text].map((ch) => {
      const byte = WINDOWS_1252.get(ch);
      if (byte === undefined) throw new Error(`${JSON.stringify(ch)} não existe em Windows-1252`);
      return byte;
    }),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
