import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Where `npm run dev:web` sends /api and /socket.io: the API started with `npm start` (port 3000). */
const api = process.env.AMPHI_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      // The contracts' TypeScript source rather than their build (libs/contracts/dist): that build is
      // CommonJS for the API, which a browser bundle cannot tree-shake; the source is ES modules, needs
      // no `tsc` before `vite`, and changes show at once in the dev server.
      '@amphi/contracts': here('../../libs/contracts/src/index.ts'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Vite prints every chunk with its gzip size. The budget is 250 KB gzipped of JavaScript for a public
    // page's first load (test/web-public.e2e.ts measures it); the shell (React, React Router, i18next) is
    // about 130 KB of it, so Vite's warning is set just above the shell's minified size.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 450,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: true },
      // The Q&A's socket.io (namespace /qa). The API checks the browser's Origin against PUBLIC_URL and
      // CORS_ORIGINS; in development the proxy presents the API's own origin so that no setting is needed.
      '/socket.io': { target: api, ws: true, changeOrigin: true, headers: { origin: api } },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
