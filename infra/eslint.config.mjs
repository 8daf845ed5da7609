// One rule set, for what only the types show: a promise left floating in the server. A
// rejection nobody handles ends a Node process, and with it the meeting of everyone on the
// node (a refused write of a registrant's address did, 5 December 2026). `void` marks a promise
// that handles its own failures; anything else is awaited, returned or given a catch.
import tseslint from 'typescript-eslint';

export default tseslint.config({
  files: ['server/**/*.ts', 'shared/**/*.ts'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { project: './tsconfig.json', tsconfigRootDir: new URL('..', import.meta.url).pathname },
  },
  linterOptions: { reportUnusedDisableDirectives: 'error' },
  plugins: { '@typescript-eslint': tseslint.plugin },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    // An async function where a callback's result is ignored (an event handler, a timer) fails unseen.
    '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false } }],
  },
});
