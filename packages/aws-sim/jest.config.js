/** @type {import('jest').Config} */
module.exports = {
  displayName: 'aws-sim',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  // jest.setTimeout, not `testTimeout`: this config is also a project of the root's, where that option is not allowed.
  setupFilesAfterEnv: ['<rootDir>/test/support/timeout.ts'],
};
