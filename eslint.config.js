import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The product is src/ alone: it is compiled into dist and published. The fake GitHub
// (packages/), the benchmarks (bench/), the tools and the tests stay in the source checkout, so
// src/ must not import them (an installed package could not load them). src/ has no folder of
// those names, so a relative path that reaches one is outside src/.
const OUTSIDE_PRODUCT =
  '^(@milestone-sync/fake-github(/|$)|(\\.\\./)+(packages|bench|tools|test)/)';
const OUTSIDE_PRODUCT_MESSAGE =
  'Unexpected import of the source checkout (packages/, bench/, tools/, test/ or the fake GitHub) from src/, expected only src/ and dependencies: src/ is what gets published';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // `array.push(...items)` passes every element as an argument: with ~120,000 elements it throws
    // RangeError (Maximum call stack size exceeded). Plans can be that large; push in a loop.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement',
          message:
            'Unexpected spread into push/unshift, expected a loop (a large array overflows the call stack)',
        },
        {
          // no-restricted-imports below does not see import(); this does. (A selector's regex
          // cannot contain a slash: \x2F stands for it.)
          selector: `ImportExpression[source.value=/${OUTSIDE_PRODUCT.replaceAll('/', '\\x2F')}/]`,
          message: OUTSIDE_PRODUCT_MESSAGE,
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: OUTSIDE_PRODUCT, message: OUTSIDE_PRODUCT_MESSAGE }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
