// Lint rules for the whole tree. Layering is enforced here: only the Electron host
// (main/electron/) and the preload bridge may import 'electron', and the renderer may
// take nothing from main/ but types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = {
  paths: [{ name: 'electron', message: "Only main/electron/ and preload/ may import 'electron': core stays plain Node." }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'test/artifacts/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', noElectron],
    },
  },
  {
    files: ['main/electron/**', 'preload/**', 'test/helpers/fake-electron/**', 'test/unit/hosts/**', 'test/e2e/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            {
              regex: '^(\\.\\./)+main/(?!contract(/index)?$|contract/tool-catalog$)',
              message: 'The renderer talks to main only through the contract (and the tool catalogue, as data).',
            },
            { regex: '^(\\.\\./)+main/contract(/index)?$', allowTypeImports: true, message: 'Import the contract with `import type` only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
