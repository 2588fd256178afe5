import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests run on the TypeScript sources: `@medlens/<pkg>` resolves to packages/<pkg>/src/index.ts.
// Worker threads load the compiled files under dist/, so `npm test` builds first.
export const config = defineConfig({
  resolve: {
    alias: [{ find: /^@medlens\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` }],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

// vitest loads the default export of its config file; this is the one default export we allow.
// eslint-disable-next-line no-restricted-syntax
export default config;
