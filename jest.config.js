/**
 * Both test suites: the gateway's (test/) and the simulator package's (packages/aws-sim), so
 * `npm test` runs everything; `npm test -w packages/aws-sim` runs the simulator's alone.
 * @type {import('jest').Config}
 */
module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'gateway',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }] },
      // The workspace package from its sources (tsconfig `paths` says the same for the type checker).
      moduleNameMapper: { '^@fleetgraph/aws-sim$': '<rootDir>/packages/aws-sim/src/index.ts' },
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
    '<rootDir>/packages/aws-sim/jest.config.js',
  ],
};
