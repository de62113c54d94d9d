import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

const WEB_DIST = 'dist/web';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' };

/**
 * Listens on `port` (loopback unless told otherwise). Besides the API, serves the built dashboard
 * from dist/web when it exists (`npm run build`), with index.html for unknown paths.
 */
export function listen(app: Hono<any>, port: number, hostname = '127.0.0.1'): Promise<{ close(): Promise<void>; port: number }> {
  if (existsSync(WEB_DIST)) {
    app.get('*', (c) => {
      const relative = normalize(c.req.path).replace(/^(\.\.[/\\])+/, '');
      const file = join(WEB_DIST, relative === '/' ? 'index.html' : relative);
      const path = existsSync(file) && file.startsWith(WEB_DIST) && extname(file) !== '' ? file : join(WEB_DIST, 'index.html');
      return c.body(readFileSync(path), 200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    });
  }
  return new Promise((resolve) => {
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
  });
}
