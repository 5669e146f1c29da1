// Lint: typescript-eslint's recommended rules over the TypeScript sources, tests and bench;
// the scripts are plain Node modules. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', '.vscode-test/', 'test-results/', 'src/language/generated/', 'bench/.likec4/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Tests match Mermaid's YAML indentation and padded columns literally.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
);
