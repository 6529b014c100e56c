// Lint and layering: the core imports no face; adapters import no rules or fixes; rule code imports no adapters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.e2e-cache/', 'test/fixtures/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: restrict([
      { group: ['**/lsp/**', '**/cli/**', '**/lsp', '**/cli'], message: 'The core is pure: the faces import it, never the reverse.' },
      { group: ['vscode', 'vscode-*'], message: 'The core knows no editor.' },
    ]),
  },
  {
    files: ['server/src/core/parse/**/*.ts', 'server/src/core/formats/**/*.ts', 'server/src/core/shell/**/*.ts', 'server/src/core/text/**/*.ts'],
    rules: restrict([
      { group: ['**/lsp/**', '**/cli/**', 'vscode', 'vscode-*'], message: 'The core is pure.' },
      { group: ['**/rules/**', '**/rules', '**/fixes/**', '**/fixes'], message: 'Adapters build the model; they know no rules or fixes.' },
    ]),
  },
  {
    files: ['server/src/core/rules/**/*.ts'],
    rules: restrict([
      { group: ['**/lsp/**', '**/cli/**', 'vscode', 'vscode-*'], message: 'The core is pure.' },
      { group: ['**/parse/**', '**/formats/**'], message: 'Rules read the model, never an adapter.' },
    ]),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly' } },
  },
);
