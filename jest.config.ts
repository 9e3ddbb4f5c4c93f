import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

// ts-jest transpiles each file on its own (isolatedModules in tsconfig.json): fast, but no type-check,
// so `npm run typecheck` covers the tests too.
const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.json' });

const config: JestConfigWithTsJest = {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // A cached venv with pypiserver, build and twine for the publishing tests.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  // ... and first on PATH, as setup-python puts a runner's Python (the API check finds griffe there).
  setupFiles: ['<rootDir>/test/support/python-on-path.mjs'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Tests spawn real git and Python processes: give them room on a 2-core machine.
  testTimeout: 60_000,
};

export default config;
