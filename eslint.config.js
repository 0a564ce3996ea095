// One lint gate, type-aware. `shared/` is the pure domain: it may not import Node, Socket.IO,
// React or SQLite (boardgame.io's core/ rule), so the same code runs on server and browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'client/dist/**',
      'server/dist/**',
      'artifacts/**',
      'data/**',
      '**/*.js',
      '**/*.mjs',
      '!eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // A switch over a union names every member (or has a default): a new command, event or
      // scene cannot be forgotten silently.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'os', 'http', 'net', 'worker_threads', 'child_process'],
              message: 'shared/ is pure: no Node APIs.',
            },
            {
              group: [
                'socket.io*',
                'react*',
                'better-sqlite3',
                'fastify*',
                'zustand*',
                '@leitai/server*',
                '@leitai/client*',
              ],
              message: 'shared/ is pure: no I/O or UI libraries.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Date', message: 'time comes from the caller (DecideContext.now)' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'randomness comes from the caller' },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
