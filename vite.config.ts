import { defineConfig } from 'vite';

// The dashboard lives in web/ and talks to the Hono API under /api (served by `npm start`).
export default defineConfig({
  root: 'web',
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
