// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (DESIGN.md): each lib exposes one index.ts and others import only that,
 * through its `@crm/<lib>` alias.
 *   libs/platform        imports no other lib
 *   libs/crm-core        imports @crm/platform only
 *   libs/connector-sdk   imports @crm/platform and @crm/core only
 *   libs/connectors/*    import @crm/platform and @crm/connector-sdk only
 *   apps/*, test/        import any lib, through its alias only
 * no-restricted-imports holds them: the `@crm/*` aliases are not files an import resolver
 * would map without extra tooling, and these patterns say the rule in one line each.
 */
const deepAlias = {
  // The SDK's test kit (fake vendor and connector, contract suite) is its one second entry point.
  group: ['@crm/*/**', '!@crm/connector-sdk/testing'],
  message: 'Import a lib through its index only: `@crm/<lib>`, never a path inside it.',
};
/** A relative path that climbs into libs/<lib>/… from outside that lib. */
const relativeInto = (lib) => ({
  group: [`**/${lib}/src/**`, `**/libs/${lib}`, `**/libs/${lib}/**`],
  message: `Import ${lib} through its alias (\`@crm/...\`), not by a relative path into its sources.`,
});
const relativeIntoApps = {
  group: ['**/apps/*/src/**'],
  message: 'Libraries never import from apps/; apps compose libraries, not the other way round.',
};
const onlyAliases = (allowed) => ({
  group: ['@crm/*', ...allowed.map((alias) => `!${alias}`)],
  message: allowed.length
    ? `This lib may import only ${allowed.join(', ')} (see eslint.config.mjs).`
    : 'libs/platform is the bottom layer: it imports no other lib.',
});
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [deepAlias, ...patterns] }] },
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'test-output/',
      'apps/web/',
      'libs/platform/src/database/migrations/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript (config files, scripts/*.mjs) is outside the TypeScript projects.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  boundary(
    ['libs/platform/**/*.ts'],
    [
      onlyAliases([]),
      relativeInto('crm-core'),
      relativeInto('connector-sdk'),
      relativeInto('connectors'),
      relativeIntoApps,
    ],
  ),
  boundary(
    ['libs/crm-core/**/*.ts'],
    [
      onlyAliases(['@crm/platform']),
      relativeInto('platform'),
      relativeInto('connector-sdk'),
      relativeInto('connectors'),
      relativeIntoApps,
    ],
  ),
  boundary(
    ['libs/connector-sdk/**/*.ts'],
    [
      onlyAliases(['@crm/platform', '@crm/core']),
      relativeInto('platform'),
      relativeInto('crm-core'),
      relativeInto('connectors'),
      relativeIntoApps,
    ],
  ),
  boundary(
    ['libs/connectors/**/*.ts'],
    [
      onlyAliases(['@crm/platform', '@crm/connector-sdk']),
      relativeInto('platform'),
      relativeInto('crm-core'),
      relativeInto('connector-sdk'),
      relativeIntoApps,
    ],
  ),
  boundary(
    ['apps/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    [
      relativeInto('platform'),
      relativeInto('crm-core'),
      relativeInto('connector-sdk'),
      relativeInto('connectors'),
    ],
  ),
);
