// ESLint flat config: typescript-eslint's recommended rules, tuned for this code
// base (type-graphql decorators, resolver lists typed as Function). Formatting
// is prettier's job (`prettier --check` in `npm run lint`), so no style rules here.
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const { defineConfig } = require('eslint/config');

module.exports = defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'schema/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
      parserOptions: {
        // With decorator metadata, an import used only in a decorated signature is needed at run time:
        // consistent-type-imports must not turn it into `import type` (it leaves such files alone).
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    rules: {
      // type-graphql's buildSchema takes resolvers as NonEmptyArray<Function>.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `typeof import('./x')` types the lazy require()s that keep start-up fast.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Style: no default exports (names say what a thing is, and stay the same across imports).
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use a named export.' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // src/config.ts is the only reader of the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read GraphQL answers whose shape the test itself asserts.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // Browser code (the widget, the explorer), bundled by Vite: no Node globals, no process.env.
    files: ['web/widget/**', 'web/explorer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
