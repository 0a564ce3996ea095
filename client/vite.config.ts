import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));
/** Where `vite` dev forwards the socket and the API (the app server, `npm run leitai -- start`). */
const devTarget = process.env.LEITAI_DEV_TARGET ?? 'http://localhost:3000';

/** One entry per screen; the server serves client/dist at its origin. */
export const SCREEN_PAGES = ['index', 'host', 'play', 'judge', 'stage', 'overlay', 'live', 'results'] as const;

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: Object.fromEntries(SCREEN_PAGES.map((name) => [name, page(name)])),
      treeshake: {
        // shared/ is the pure domain (a lint rule forbids I/O there), so its modules have no side
        // effects. Saying so lets the bundler drop what the browser never uses: the TypeBox wire
        // schemas built at module level (about 12 kB gzip on every phone page), demo data, scoring.
        moduleSideEffects: (id: string) => (/[\\/]shared[\\/]src[\\/]/.test(id) ? false : undefined),
      },
    },
  },
  server: {
    // During `vite` dev the app server runs separately; forward the socket and the API to it.
    proxy: {
      '/socket.io': { target: devTarget, ws: true },
      '/api': devTarget,
    },
  },
});
