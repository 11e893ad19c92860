import { defineConfig } from 'vitest/config';

// unit: no database. Use-case files (tests/use-cases) call use cases directly on a real
// database, on PostgreSQL and PGlite. Integration files (*.int.test.ts) run twice: on PostgreSQL and on PGlite.
// Race and load tests (*.pg.test.ts) need real concurrent connections: PostgreSQL only.
// `isolate: false`: each worker process runs its files one after another on the modules it has
// loaded already (a fresh process per file spent about 5 s importing the app, and PGlite
// compiling its WebAssembly again). Files share no module state: every app, database and server
// is made by the file and closed by it, and no test mocks a module.
export default defineConfig({
  root: '.',
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.pg.test.ts', 'tests/**'],
          isolate: false,
        },
      },
      {
        test: {
          name: 'pg',
          include: [
            'src/**/*.int.test.ts',
            'src/**/*.pg.test.ts',
            'tests/integration/**/*.test.ts',
            'tests/use-cases/**/*.test.ts',
          ],
          env: { TEST_DB: 'pg' },
          globalSetup: ['tests/support/pg-global-setup.ts'],
          // Two files at a time: these mostly wait on app processes and the server (vitest's
          // default on two cores is one).
          maxWorkers: 2,
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pglite',
          include: [
            'src/**/*.int.test.ts',
            'tests/integration/**/*.int.test.ts',
            'tests/use-cases/**/*.test.ts',
            'tests/cli/**/*.test.ts',
          ],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['tests/support/pglite-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each PGlite instance takes ~0.8 GB; one file at a time keeps memory in bounds.
          fileParallelism: false,
          isolate: false,
        },
      },
    ],
  },
});
