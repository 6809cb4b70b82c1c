// ESLint flat config: typescript-eslint's type-checked rules for src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe() and it() return promises that the runner handles.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
    },
  },
  {
    // The network map's page script has its own project (a browser: DOM, no Node).
    files: ['src/webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.webview.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    // The unit-tested modules run under plain node (graph.ts in the webview too): no VS Code API in them.
    files: [
      'src/constants.ts',
      'src/discovery.ts',
      'src/settings.ts',
      'src/followups.ts',
      'src/messages.ts',
      'src/logs.ts',
      'src/json.ts',
      'src/contacts.ts',
      'src/plan.ts',
      'src/graph.ts',
      'src/availability.ts',
      'src/webview/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Keep this module free of the VS Code API: it is unit-tested under node.' }],
          patterns: [{ group: ['vscode-languageclient', 'vscode-languageclient/*'], message: 'Keep this module free of the language client: it is unit-tested under node.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Build and end-to-end scripts run under Node.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
