// Type-aware lint: floating promises and unsafe any are bugs in a money-moving service.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'data',
      'drizzle',
      'node_modules',
      'test-results',
      'playwright-report',
      'scripts/*.mjs',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Fastify plugins and handlers are async by contract, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Tests read JSON responses; typing every body would add noise, not safety.
    files: ['tests/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Pure domain rules import nothing from the rest of the project.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/server/**',
            '**/web/**',
            '**/contracts/**',
            'drizzle-orm*',
            'fastify*',
            'pg',
          ],
        },
      ],
    },
  },
  {
    // Outbox payloads are typed by the topic map (src/server/events.ts): a cast would hide a
    // payload that does not match its topic.
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            ':matches(TSAsExpression, TSTypeAssertion)[expression.type="MemberExpression"][expression.property.name="payload"]',
          message:
            'Outbox payloads are typed by their topic (src/server/events.ts); do not cast them.',
        },
      ],
    },
  },
  {
    // The browser app talks to the server only through the HTTP contracts.
    files: ['src/web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**'] }] },
  },
  {
    // The sandbox payment provider is a separate system: only HTTP joins it to the app.
    files: ['src/server/sandbox-pay/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/modules/**', '**/platform/db/**'] }],
    },
  },
);
