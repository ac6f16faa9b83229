/**
 * Tests run through the public API against a real database: the embedded
 * PGlite by default, or the PostgreSQL server named by DATABASE_URL (each test
 * file then gets a fresh database of its own on that server).
 * `npm test` sets --experimental-vm-modules, which PGlite's WASM loading needs.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
