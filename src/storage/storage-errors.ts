/**
 * Failures of the store itself (its folder, its disk, its files), worded for the user, in one place
 * (issue 15 §1): whatever PGlite, PostgreSQL or the file system throw — `Aborted()`, "PGlite failed
 * to initialize properly", an Emscripten `ErrnoError` that is not even an Error (printed as
 * `[object Object]`) — becomes a StorageFailure naming the folder, the problem and what to do.
 */
export type StorageFailureKind =
  | 'em-uso'
  | 'trancado'
  | 'danificado'
  | 'incompleto'
  | 'estranha'
  | 'versao'
  | 'somente-leitura'
  | 'disco-cheio'
  | 'inconsistente'
  | 'indisponivel';

export class StorageFailure extends Error {
  constructor(
    readonly kind: StorageFailureKind,
    readonly dir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageFailure';
  }

  /** The problem without the server's paths, for a public answer (the log keeps the message). */
  publicReason(): string {
    const reasons: Partial<Record<StorageFailureKind, string>> = {
      'disco-cheio': 'disco cheio no servidor',
      'somente-leitura': 'armazenamento somente leitura no servidor',
      inconsistente: 'o registro não confere consigo mesmo',
    };
    return `o registro não pode ser gravado agora: ${reasons[this.kind] ?? 'armazenamento indisponível ou danificado'}; a equipe foi avisada pelo registro do servidor`;
  }

  /** A file-system error met while preparing `dir` (errno codes of Node). */
  static fromFs(error: unknown, dir: string, context: string): StorageFailure {
    const code = errnoCode(error);
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      return new StorageFailure(
        'somente-leitura',
        dir,
        `${context}: a pasta ${dir} é somente leitura ou sem permissão de escrita para este usuário (${code}); monte-a com escrita ou use outra PRECATORIOS_DATA_DIR`,
      );
    if (code === 'ENOSPC' || code === 'EDQUOT')
      return new StorageFailure('disco-cheio', dir, `${context}: disco cheio em ${dir} (${code}); libere espaço e tente de novo — nada foi gravado`);
    return new StorageFailure('indisponivel', dir, `${context}: ${describeFsError(error)}`);
  }
}

/** Emscripten's errno numbers (PGlite's file system), for the ones a store meets. */
const EMSCRIPTEN_ERRNO: Record<number, string> = { 2: 'EACCES', 19: 'EDQUOT', 29: 'EIO', 44: 'ENOENT', 51: 'ENOSPC', 63: 'EPERM', 69: 'EROFS' };

/** The errno code of a Node error or of PGlite's ErrnoError ({ name: 'ErrnoError', errno: 51 }). */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; errno?: unknown; name?: unknown };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (e.name === 'ErrnoError' && typeof e.errno === 'number') return EMSCRIPTEN_ERRNO[e.errno] ?? `errno ${e.errno}`;
  return undefined;
}

export function describeFsError(error: unknown): string {
  const code = errnoCode(error);
  const message = error instanceof Error ? error.message : undefined;
  return message ?? (code ? `erro de arquivo ${code}` : describeUnknown(error));
}

/** Any thrown value as readable text: never `[object Object]`. */
export function describeUnknown(error: unknown): string {
  const file = fileErrorText(error);
  if (file) return file;
  if (error instanceof Error) {
    // A StorageFailure is already worded for the user; its cause is for the log.
    const cause = error.cause === undefined || error instanceof StorageFailure ? '' : ` (causa: ${describeUnknown(error.cause)})`;
    return `${error.message}${cause}`;
  }
  if (typeof error === 'string') return error;
  const code = errnoCode(error);
  if (code) return `erro de arquivo ${code}`;
  try {
    const json = JSON.stringify(error);
    if (json !== undefined && json !== '{}') return json;
  } catch {
    // circular: fall through
  }
  if (error === null || error === undefined || typeof error !== 'object') return String(error);
  const name = (error as { constructor?: { name?: string } }).constructor?.name;
  return name ? `erro sem mensagem (${name})` : 'erro sem mensagem';
}

/** Node's file errors (`ENOENT: no such file or directory, open 'x'`) in the user's words, naming the path. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'arquivo ou pasta não encontrado',
  EACCES: 'sem permissão de acesso a',
  EPERM: 'operação não permitida em',
  EISDIR: 'é uma pasta, não um arquivo:',
  ENOTDIR: 'não é uma pasta:',
  ENOSPC: 'disco cheio ao gravar',
  EROFS: 'sistema de arquivos somente leitura em',
};

function fileErrorText(error: unknown): string | undefined {
  const e = error as { code?: unknown; path?: unknown } | null;
  if (typeof e?.code !== 'string' || typeof e.path !== 'string') return undefined;
  const text = FILE_ERRORS[e.code];
  return text === undefined ? undefined : `${text} ${e.path}`;
}

/** PostgreSQL's SQLSTATE of a driver error, if any (PGlite and pg both expose `code`). */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const RESTORE_ADVICE =
  'restaure o último backup numa pasta nova (PRECATORIOS_DATA_DIR=<pasta nova> precatorios importar --completo <backup>) e aponte o serviço para ela';

/**
 * What PGlite throws while opening or using a folder, as a StorageFailure; undefined when `error`
 * is an ordinary query error (a constraint, a bad value) that callers report themselves.
 */
export function translatePgliteError(error: unknown, dir: string): StorageFailure | undefined {
  if (error instanceof StorageFailure) return error;
  const code = errnoCode(error);
  const state = sqlState(error);
  const message = error instanceof Error ? error.message : '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || state === '53100' || /No space left on device/i.test(message)) {
    return new StorageFailure('disco-cheio', dir, `disco cheio em ${dir}: a escrita não coube e foi desfeita; libere espaço e tente de novo`);
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || /Read-only file system|Permission denied/i.test(message)) {
    return new StorageFailure(
      'somente-leitura',
      dir,
      `a pasta ${dir} é somente leitura (ou sem permissão de escrita): o registro não pode ser aberto nem gravado; monte-a com escrita`,
    );
  }
  // An abort of the WebAssembly build (a file it needs is missing or cut short) or a failed start.
  if (
    (error instanceof Error && error.name === 'RuntimeError') ||
    /Aborted\(\)|failed to initialize properly|could not read|invalid page|unexpected zero page|could not open file|checksum/i.test(message) ||
    (code && (error as { name?: unknown }).name === 'ErrnoError')
  ) {
    // PGlite's own words ("Aborted()") tell the user nothing: kept as the cause, for a developer.
    return new StorageFailure(
      'danificado',
      dir,
      `o registro em ${dir} está danificado (arquivos do banco faltando, truncados ou corrompidos); ${RESTORE_ADVICE}`,
      { cause: error },
    );
  }
  return undefined;
}

export { RESTORE_ADVICE };
