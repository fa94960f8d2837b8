/** One Jest run for unit (*.spec.ts), database (*.int-spec.ts) and HTTP (*.e2e-spec.ts) tests. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@crm/platform$': '<rootDir>/libs/platform/src',
    '^@crm/core$': '<rootDir>/libs/crm-core/src',
    '^@crm/connector-sdk$': '<rootDir>/libs/connector-sdk/src',
    '^@crm/connector-sdk/testing$': '<rootDir>/libs/connector-sdk/src/testing',
    '^@crm/connectors$': '<rootDir>/libs/connectors',
    '^@crm/sandbox$': '<rootDir>/apps/sandbox/src',
  },
  setupFiles: ['<rootDir>/test/support/jest.setup.ts'],
  testTimeout: 60000,
};
