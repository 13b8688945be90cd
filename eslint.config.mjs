// ESLint: typescript-eslint's type-checked rules over src/ and test/ (types from tsconfig.json), the plain
// JavaScript recommended rules over the build and test scripts, and nothing about formatting (Prettier's job).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', '.cache/', 'test-results/', 'test/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // As tsc's noUnusedParameters: `_name` marks a parameter a signature imposes; `{ omitted: _, ...rest }` drops a field.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `a || b` on strings is meant: an empty name, label or locale falls back like a missing one.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // Passing on a caught error (typed unknown) is not rejecting with a new non-Error value.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // No-op callbacks, disposables and test doubles (`dispose() {}`, `sleep: async () => {}`) are empty on purpose.
      '@typescript-eslint/no-empty-function': 'off',
      // Text sanitizers match control characters on purpose (src/close/inert.ts, src/shared/text.ts).
      'no-control-regex': 'off',
      // A signal handler that runs before the value it stops exists (src/fake/cli.ts) needs `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // CommonJS modules load their dependencies with require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read answers as parsed JSON (`any`) and assert on them field by field: the asserts are the type check.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
