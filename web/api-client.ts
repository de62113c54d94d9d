// The only module that talks HTTP. Every call returns parsed JSON or throws ApiFailure with the
// server's own pt-BR reason, so the screen can show it as is.
import type {
  ImportacaoProgressoLine,
  ApiErrorBody,
  ConsultaResponse,
  ContaEspecialResponse,
  EntesResponse,
  EstoqueResponse,
  FilaFiltros,
  FilaItem,
  FilaResponse,
  ImportacaoResponse,
  MudancasResponse,
  SimulacaoRequest,
  SimulacaoResponse,
  SuperpreferenciasResponse,
} from './api-types.ts';
import { MSG } from './messages.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's error code (`erro`), when it sent one: what a screen may branch on. */
    readonly erro?: string,
    /** The field the server names (`campo`, e.g. `valor`, `pagoEm`): the form shows the reason beside it. */
    readonly campo?: string | null,
  ) {
    super(message);
  }
}

/**
 * The tab's staff token, when someone entered as staff (web/staff-session.ts): every request then
 * carries it, so a staff session is never held to the public per-address limits (issue 18 §2;
 * src/api/rate-limit.ts lets a valid token through) and sees what staff may see.
 */
let staffToken: () => string | null = () => null;
export function authorizeWith(token: () => string | null): void {
  staffToken = token;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  const token = staffToken();
  const headers = new Headers(init?.headers);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiFailure(0, MSG.erroRede);
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    throw new ApiFailure(res.status, error?.motivo ?? MSG.erroServidor(res.status), error?.erro, error?.campo);
  }
  return body as T;
}

const enc = encodeURIComponent;

/** How far a staff import is: the upload (fraction sent), then the server (precatórios written, fraction of the file read). */
export type ImportarProgresso =
  | { readonly fase: 'envio'; readonly fracao: number }
  | { readonly fase: 'servidor'; readonly gravados: number; readonly fracao: number | undefined };

/**
 * A row of the staff desk's list (GET /api/entes/:id/fila): the public row plus what the desk shows
 * in the TJRJ columns — paid so far, payments made, superpreference already paid. A paid or
 * cancelled precatório (status filter) has no position (`posicao: null`).
 */
export type FilaDeskItem = Omit<FilaItem, 'posicao'> & {
  posicao: number | null;
  valorPago?: string;
  parcelasPagas?: number;
  superpreferenciaPaga?: string;
};
export type FilaDeskFiltros = Omit<FilaFiltros, 'status'> & { status?: 'ativo' | 'suspenso' | 'pago' | 'cancelado' };
export type FilaDeskResponse = Omit<FilaResponse, 'itens'> & { itens: FilaDeskItem[] };

export const api = {
  /** Service status; a registry made from the demo says so (`demonstracao`), as every page must show. The body is JSON also on 503 (writes failing). */
  async saude(): Promise<{ status: string; demonstracao: boolean }> {
    const res = await fetch('/api/health');
    return (await res.json()) as { status: string; demonstracao: boolean };
  },

  entes: () => request<EntesResponse>('/api/entes'),

  fila(enteId: string, filtros: FilaFiltros = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filtros)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return request<FilaResponse>(`/api/entes/${enc(enteId)}/fila${qs ? `?${qs}` : ''}`);
  },

  /** The desk's list: the same route, with the paid and cancelled filters and the payment columns. */
  filaDesk(enteId: string, filtros: FilaDeskFiltros = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filtros)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return request<FilaDeskResponse>(`/api/entes/${enc(enteId)}/fila${qs ? `?${qs}` : ''}`);
  },
  /** Exports of the public (masked) list: CSV with `;` and a BOM for pt-BR spreadsheets, and JSON. */
  filaCsv: (enteId: string) => `/api/entes/${enc(enteId)}/fila.csv`,
  filaJson: (enteId: string) => `/api/entes/${enc(enteId)}/fila.json`,

  /**
   * A staff write: JSON body, `Authorization: Bearer <token>`; the answer's JSON, or ApiFailure
   * with the server's reason and the field it names.
   */
  staff: <T = unknown>(path: string, token: string, body: unknown) =>
    request<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),

  /** The stock by budget year and natureza, summed by the server (one request, whatever the list's size). */
  estoque: (enteId: string) => request<EstoqueResponse>(`/api/entes/${enc(enteId)}/estoque`),

  contaEspecial: (enteId: string) => request<ContaEspecialResponse>(`/api/entes/${enc(enteId)}/conta-especial`),
  contaEspecialCsv: (enteId: string) => `/api/entes/${enc(enteId)}/conta-especial?formato=csv`,

  superpreferencias: (enteId: string) => request<SuperpreferenciasResponse>(`/api/entes/${enc(enteId)}/superpreferencias`),

  consulta: (numero: string) => request<ConsultaResponse>(`/api/precatorios/${enc(numero)}`),

  /** Why the position changed since the list published at the end of `desde` (default: 30 days before today). */
  mudancas: (numero: string, desde?: string) => request<MudancasResponse>(`/api/precatorios/${enc(numero)}/mudancas${desde ? `?desde=${enc(desde)}` : ''}`),

  /** A projection: public, writes nothing. */
  simular: (body: SimulacaoRequest) =>
    request<SimulacaoResponse>('/api/simulacoes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),

  /**
   * Staff import. XMLHttpRequest, not fetch, because only it reports upload progress: `onProgress`
   * gets the fraction sent, then — the server streaming its progress (NDJSON, one line per batch
   * written: precatórios written, bytes of the file read of its size) — how far the import is. The
   * stream's last line is the report or the error.
   */
  importar: (csv: Blob, token: string, onProgress: (p: ImportarProgresso) => void = () => {}) =>
    new Promise<ImportacaoResponse>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/importacoes');
      xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('content-type', 'text/csv');
      xhr.setRequestHeader('accept', 'application/x-ndjson');
      xhr.upload.onprogress = (ev) => {
        if (ev.lengthComputable) onProgress({ fase: 'envio', fracao: ev.loaded / ev.total });
      };
      xhr.upload.onload = () => onProgress({ fase: 'servidor', gravados: 0, fracao: undefined });
      let seen = 0;
      let outcome: { ok: true; relatorio: ImportacaoResponse } | { ok: false; erro: ApiFailure } | undefined;
      /** The complete lines that arrived since the last call. */
      const consume = () => {
        const text = xhr.responseText;
        for (let nl = text.indexOf('\n', seen); nl >= 0; nl = text.indexOf('\n', seen)) {
          const line = text.slice(seen, nl);
          seen = nl + 1;
          let p: ImportacaoProgressoLine;
          try {
            p = JSON.parse(line) as ImportacaoProgressoLine;
          } catch {
            continue;
          }
          if ('gravados' in p) onProgress({ fase: 'servidor', gravados: p.gravados, fracao: p.bytesTotal > 0 ? p.bytesLidos / p.bytesTotal : undefined });
          else if ('relatorio' in p) outcome = { ok: true, relatorio: p.relatorio };
          else outcome = { ok: false, erro: new ApiFailure(p.status, p.motivo, p.erro, p.campo ?? undefined) };
        }
      };
      xhr.onprogress = consume;
      xhr.onerror = () => reject(new ApiFailure(0, MSG.erroRede));
      xhr.onload = () => {
        if (xhr.status < 200 || xhr.status >= 300) {
          // Refused before the stream began (token, size, type): a plain JSON error.
          let body: Partial<ApiErrorBody> | null = null;
          try {
            body = JSON.parse(xhr.responseText) as Partial<ApiErrorBody>;
          } catch {
            body = null;
          }
          reject(new ApiFailure(xhr.status, body?.motivo ?? MSG.erroServidor(xhr.status), body?.erro, body?.campo ?? undefined));
          return;
        }
        consume();
        if (outcome?.ok) resolve(outcome.relatorio);
        else reject(outcome?.erro ?? new ApiFailure(0, MSG.importarSemRelatorio));
      };
      xhr.send(csv);
    }),
};
