import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { sharedHead } from './shared-head.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const page = (name: string) => fileURLToPath(new URL(`./${name}.html`, import.meta.url));
/** Where `vite` dev forwards the socket and the API (the app server, `npm run leitai -- start`). */
const devTarget = process.env.LEITAI_DEV_TARGET ?? 'http://localhost:3000';

/** One entry per screen; the server serves client/dist at its origin. */
export const SCREEN_PAGES = [
  'index',
  'host',
  'play',
  'judge',
  'stage',
  'overlay',
  'live',
  'results',
  'results-public',
  'cards',
  'authoring',
  'written',
  'written-sheet',
] as const;

/**
 * The production bundle renders with preact/compat instead of react + react-dom (about 57 kB
 * less gzip JS per page, for B9 of quality.md). The code and its types keep importing 'react';
 * only the build swaps the implementation. `vite` dev keeps real React, where
 * @vitejs/plugin-react's fast refresh needs it; the e2e tests run the built bundle.
 */
const PREACT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
];

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  plugins: [sharedHead(), react()],
  resolve:
    command === 'build'
      ? {
          alias: PREACT_ALIASES,
          // preact is installed in client/ only: resolve it from here even when the importer is a
          // hoisted package (zustand imports 'react'), so one copy of preact is bundled.
          dedupe: ['preact'],
        }
      : {},
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
}));
