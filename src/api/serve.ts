import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Env, Hono } from 'hono';

/** API paths never fall back to the dashboard: an unknown one is the JSON 404 of `app.notFound`. */
const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Serves the built dashboard in `dir` (Hono's serveStatic: content types, HEAD, ranges, no path
 * escaping the folder), and index.html for any other page path — the single-page app's own routes.
 * Registered after the API routes, so they come first.
 */
export function serveDashboard<E extends Env>(app: Hono<E>, dir: string): void {
  const files = serveStatic({ root: dir });
  const page = serveStatic({ root: dir, path: 'index.html' });
  app.get('*', (c, next) => (isApiPath(c.req.path) ? next() : files(c, next)));
  app.get('*', (c, next) => (isApiPath(c.req.path) ? next() : page(c, next)));
}

/**
 * Listens on `port` (loopback unless told otherwise). Only listens: routes, the dashboard included
 * (`serveDashboard`), are the caller's to register before — Hono refuses a route once a request
 * has built its router.
 */
export function listen<E extends Env>(app: Hono<E>, port: number, hostname = '127.0.0.1'): Promise<{ close(): Promise<void>; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
      // Stop taking connections, let requests in flight finish (up to 2 s), then drop the rest —
      // only then may the caller close the database.
      const close = () =>
        new Promise<void>((done) => {
          const timer = setTimeout(() => (server as unknown as { closeAllConnections(): void }).closeAllConnections(), 2000);
          server.close(() => {
            clearTimeout(timer);
            done();
          });
          (server as unknown as { closeIdleConnections(): void }).closeIdleConnections();
        });
      resolve({ port: info.port, close });
    });
    // A busy or forbidden port is the user's to fix: said in Portuguese, never a stack trace.
    server.once('error', (error) => reject(new Error(listenErrorText(error, hostname, port))));
  });
}

function listenErrorText(error: unknown, hostname: string, port: number): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `a porta ${port} de ${hostname} já está em uso (outro "precatorios servir"?); escolha outra com --porta`;
  if (code === 'EACCES') return `sem permissão para usar a porta ${port} de ${hostname} (portas abaixo de 1024 pedem privilégio); escolha outra com --porta`;
  if (code === 'EADDRNOTAVAIL') return `o endereço ${hostname} não existe nesta máquina; use --host 127.0.0.1 ou um endereço dela`;
  return `não foi possível escutar em ${hostname}:${port} (${String(code ?? error)})`;
}
