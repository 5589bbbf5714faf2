// ESLint flat config: @eslint/js and typescript-eslint recommended everywhere, plus the type-checked rules that catch
// real bugs in this code base (promises nobody awaits or handles, awaits of non-promises, casts that change nothing,
// throwing non-Errors, switches that miss a case of a union). Formatting is Prettier's job (`prettier --check .`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The few Node globals our scripts use (the `globals` package is not a dependency).
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'performance',
    'structuredClone',
    'fetch',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'WebAssembly',
    '__dirname',
    '__filename',
    'require',
    'module',
  ].map((g) => [g, 'readonly']),
);
// Globals of page functions that Playwright evaluates in the browser.
const browserGlobals = Object.fromEntries(
  ['window', 'document', 'getComputedStyle', 'requestAnimationFrame', 'Element', 'HTMLElement', 'Event'].map((g) => [
    g,
    'readonly',
  ]),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.test-cache/**',
      'test-artifacts/**',
      'test/fixtures/**',
      'examples/**',
      'docs/**',
      // AssemblyScript (its own types: i32, f64, v128) and the base64 it compiles to.
      'wasm/**',
      'src/analysis/linalg/wasm-kernels.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...nodeGlobals, ...browserGlobals } },
  },
  {
    // CommonJS: bin/dynlens.js and the suite loaded by the VS Code extension host.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { exports: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './webview/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // no-unnecessary-type-assertion is off: modules shared by the host and webview programs (src/args, the protocol)
      // are typed by one program only, so it calls casts the other program needs unnecessary, and its fix breaks tsc.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-duplicate-type-constituents': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
    },
  },
  {
    // In no tsconfig: checked without type information.
    files: ['vitest.config.mts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { project: false } },
  },
  {
    rules: {
      // Numerical kernels declare and zero their scalars up front (EISPACK style, and one number type per slot for
      // V8): those first assignments are not dead code worth a change.
      'no-useless-assignment': 'off',
      // `_name` marks an argument kept for its position (callbacks, interface implementations).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
