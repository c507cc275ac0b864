import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'recordings/**', 'src/web/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Browser code with DOM types only: typed by its own tsconfig, which the root one excludes.
    files: ['src/web/softphone/**/*.ts'],
    languageOptions: { parserOptions: { project: './src/web/softphone/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', WebSocket: 'readonly', console: 'readonly', location: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', localStorage: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', FormData: 'readonly', Event: 'readonly', CustomEvent: 'readonly', HTMLElement: 'readonly', customElements: 'readonly', navigator: 'readonly', alert: 'readonly', confirm: 'readonly', requestAnimationFrame: 'readonly', performance: 'readonly', Blob: 'readonly', File: 'readonly', Date: 'readonly' } },
  },
);
