// Lint rules for the whole tree, and the house rules of main/README.md:
//  - only main/electron/ and preload/ import 'electron' (statically, dynamically or by require);
//  - arrows point down: hosts use core, core uses workers, workers use api and store, everyone
//    may use main/kernel/ and the contract; nothing below core/ imports core/;
//  - the store imports no main/api/ (it knows no wire types), main/api/ imports no store;
//  - the sandbox imports nothing of the app;
//  - the renderer takes nothing from main/ at run time but the tool catalogue (plain data),
//    and the contract with `import type`.
// test/unit/lint/house-rules.test.ts proves each rule fails on a violation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ELECTRON_MESSAGE = "Only main/electron/ and preload/ may import 'electron': everything else stays plain Node.";
const noElectron = { paths: [{ name: 'electron', message: ELECTRON_MESSAGE }] };
const noDynamicElectron = [
  'error',
  { selector: "ImportExpression[source.value='electron']", message: ELECTRON_MESSAGE },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: ELECTRON_MESSAGE },
];

/** An import path that leads from inside main/ (any depth) into one of these rooms of main/. */
const into = (rooms) => `^(\\.\\./)+(${rooms.join('|')})(/|$)`;

const BELOW_CORE = 'Nothing below core/ imports core/: what everyone shares lives in main/kernel/.';
const STORE_NO_API = 'The store knows no wire types: it never imports main/api/ (the workers map API records to store types).';
const API_NO_STORE = 'The API clients never see the store: workers hand what they fetch to the store.';
const DOWN = 'Arrows point down: hosts use core, core uses workers, workers use api and store, everyone may use kernel and the contract.';

/** Each room of main/: the rooms it must not import, with the rule each import would break. */
const ROOMS = {
  kernel: [
    [['core'], BELOW_CORE],
    [['api', 'store', 'workers', 'host', 'web', 'electron', 'sandbox'], 'main/kernel/ is the floor: it uses the contract’s types and nothing else of the app.'],
  ],
  contract: [
    [['core'], BELOW_CORE],
    [['api', 'store', 'workers', 'kernel', 'host', 'web', 'electron', 'sandbox'], 'The contract is read by main, preload and renderer alike: it imports nothing of the app.'],
  ],
  api: [
    [['store'], API_NO_STORE],
    [['core'], BELOW_CORE],
    [['workers', 'host', 'web', 'electron', 'sandbox'], DOWN],
  ],
  store: [
    [['api'], STORE_NO_API],
    [['core'], BELOW_CORE],
    [['workers', 'host', 'web', 'electron', 'sandbox'], DOWN],
  ],
  workers: [
    [['core'], BELOW_CORE],
    [['host', 'web', 'electron', 'sandbox'], DOWN],
  ],
  core: [[['host', 'web', 'electron', 'sandbox'], DOWN]],
  sandbox: [
    [
      ['api', 'store', 'workers', 'core', 'kernel', 'contract', 'host', 'web', 'electron'],
      'The sandbox is a twin of the remote APIs and shares nothing with the app (copy what it needs).',
    ],
  ],
  host: [[['web', 'electron'], 'main/host/ is what both hosts share: it imports neither host.']],
  web: [[['electron'], 'The web host never imports the Electron host (what both use lives in main/host/).']],
  electron: [[['web'], 'The Electron host never imports the web host (what both use lives in main/host/).']],
};

/** Rooms a room may take types from only. */
const TYPES_ONLY = {
  kernel: [[['contract'], 'main/kernel/ takes only types from the contract.']],
};

const zonePatterns = (room) => [
  ...ROOMS[room].map(([rooms, message]) => ({ regex: into(rooms), message })),
  ...(TYPES_ONLY[room] ?? []).map(([rooms, message]) => ({ regex: into(rooms), allowTypeImports: true, message })),
];

const roomConfigs = Object.keys(ROOMS).map((room) => ({
  files: [`main/${room}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': ['error', { ...(room === 'electron' ? {} : noElectron), patterns: zonePatterns(room) }],
    ...(room === 'electron' ? { 'no-restricted-syntax': 'off' } : {}),
  },
}));

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
      'no-restricted-syntax': noDynamicElectron,
    },
  },
  ...roomConfigs,
  {
    // Plain data the renderer bundles: nothing may be imported at run time.
    files: ['main/contract/tool-catalog.ts', 'main/contract/studio-catalog.ts', 'main/contract/webhook-catalog.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            ...zonePatterns('contract'),
            { regex: '.', allowTypeImports: true, message: 'The tool catalogue is plain data the renderer bundles: it imports nothing at run time.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+main/(?!contract(/index)?$|electron/channels$)',
              message: 'The preload bridge uses only the contract and the IPC channel names (main/electron/channels.ts).',
            },
          ],
        },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['test/helpers/fake-electron/**', 'test/unit/hosts/**', 'test/e2e/electron/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
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
              regex: '^(\\.\\./)+main/(?!contract(/index)?$|contract/(tool|studio|webhook)-catalog$)',
              message: 'The renderer takes nothing from main/ at run time but the tool, studio and webhook catalogues (plain data); the contract with `import type`.',
            },
            { regex: '^(\\.\\./)+main/contract(/index)?$', allowTypeImports: true, message: 'Import the contract with `import type` only.' },
            { regex: '^(\\.\\./)+preload(/|$)', allowTypeImports: true, message: 'The renderer reaches preload/ only through window.atelier: `import type` its declaration.' },
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
