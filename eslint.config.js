import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Import direction (docs/architecture.md): web -> shared <- server;
// in the server, platform and db know no domain, and a module reaches another only via its index.ts.
const noServerOrWeb = { group: ['**/server/**', '**/web/**', '@vigil/server', '@vigil/web'], message: 'shared/ imports nothing from server/ or web/.' };
const webOnlyShared = { group: ['**/server/**', '**/e2e/**', '@vigil/server', '@vigil/e2e', '@vigil/shared/*', '**/shared/src/**'], message: 'web/ imports only @vigil/shared (its index), never server/ or e2e/.' };
const e2eNoInternals = { group: ['**/server/src/**', '**/web/src/**', '@vigil/server', '@vigil/web'], message: 'e2e/ drives the built app over HTTP; it imports neither server nor web code.' };
const noModules = { group: ['**/modules/**', '../modules/*', '../../modules/*'], message: 'platform/ and db/ know no domain: do not import modules/.' };
const onlyModuleIndex = (depth) => ({
  regex: `^${'\\.\\./'.repeat(depth)}[^./][^/]*/(?!index\\.js$).+`,
  message: 'Import another module only through its index.ts.',
});

export default tseslint.config(
  { ignores: ['**/.scratch/**', 'server/scratch/**', '**/node_modules/**', '**/dist/**', 'data/**', '.data-*/**', 'server/template/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  { files: ['shared/src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noServerOrWeb] }] } },
  { files: ['web/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
  { files: ['web/src/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', { patterns: [webOnlyShared] }] } },
  { files: ['e2e/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [e2eNoInternals] }] } },
  { files: ['server/src/platform/**/*.ts', 'server/src/db/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noModules] }] } },
  { files: ['server/src/modules/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [onlyModuleIndex(1)] }] } },
  { files: ['server/src/modules/*/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [onlyModuleIndex(2)] }] } },
  { files: ['server/src/modules/*/*/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [onlyModuleIndex(3)] }] } },
  // Declaration merging (module augmentation) needs `interface`.
  { files: ['server/src/platform/http/app.ts', 'server/test/global-setup.ts', 'e2e/support/global-setup.ts'], rules: { '@typescript-eslint/consistent-type-definitions': 'off' } },
  { files: ['**/*.config.*', 'eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
  { files: ['**/*.mjs', 'scripts/**', 'bench/**'], rules: { 'no-restricted-syntax': 'off' } },
);
