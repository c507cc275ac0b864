import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typedRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
  '@typescript-eslint/no-explicit-any': 'error',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'recordings/**', 'test-artifacts/**', 'src/web/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The daemon, its tests and tools: the root tsconfig.json.
    files: ['**/*.ts'],
    ignores: ['src/web/**'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: typedRules,
  },
  {
    // The browser app (Preact + Vite): its own tsconfig with DOM types and JSX.
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    languageOptions: { parserOptions: { project: './src/web/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: typedRules,
  },
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', WebSocket: 'readonly', console: 'readonly', location: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', localStorage: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', FormData: 'readonly', Event: 'readonly', CustomEvent: 'readonly', HTMLElement: 'readonly', customElements: 'readonly', navigator: 'readonly', alert: 'readonly', confirm: 'readonly', requestAnimationFrame: 'readonly', performance: 'readonly', Blob: 'readonly', File: 'readonly', Date: 'readonly' } },
  },
);
