// ESLint configuration of the ONOS GUI extension (app/src/main/resources/app/view/**).
// Used by tools/gui-lint.sh. The legacy ONOS GUI loads these files as plain ES5 scripts
// into an AngularJS 1.x page, so they must parse as ES5 and use only these globals.
'use strict';

module.exports = [
    {
        files: ['**/*.js'],
        languageOptions: {
            ecmaVersion: 5,
            sourceType: 'script',
            globals: {
                angular: 'readonly',
                d3: 'readonly'
            }
        },
        linterOptions: {
            reportUnusedDisableDirectives: 'error'
        },
        rules: {
            // errors (ESLint's recommended set that applies to ES5)
            'no-cond-assign': 'error',
            'no-constant-condition': 'error',
            'no-control-regex': 'error',
            'no-debugger': 'error',
            'no-dupe-args': 'error',
            'no-dupe-keys': 'error',
            'no-duplicate-case': 'error',
            'no-empty': 'error',
            'no-empty-character-class': 'error',
            'no-ex-assign': 'error',
            'no-extra-boolean-cast': 'error',
            'no-func-assign': 'error',
            'no-inner-declarations': 'error',
            'no-invalid-regexp': 'error',
            'no-irregular-whitespace': 'error',
            'no-obj-calls': 'error',
            'no-redeclare': 'error',
            'no-regex-spaces': 'error',
            'no-sparse-arrays': 'error',
            'no-undef': 'error',
            'no-unexpected-multiline': 'error',
            'no-unreachable': 'error',
            'no-unsafe-finally': 'error',
            'no-unsafe-negation': 'error',
            'no-unused-vars': ['error', {vars: 'all', args: 'after-used'}],
            'no-self-assign': 'error',
            'no-shadow-restricted-names': 'error',
            'no-delete-var': 'error',
            'no-octal': 'error',
            'no-with': 'error',
            'use-isnan': 'error',
            'valid-typeof': 'error',
            // style and safety for these files
            'strict': ['error', 'function'],
            'eqeqeq': ['error', 'always'],
            'curly': ['error', 'all'],
            'no-eval': 'error',
            'no-implied-eval': 'error',
            'no-new-func': 'error',
            'no-console': 'error',
            'no-alert': 'error',
            'no-shadow': 'error',
            'no-use-before-define': ['error', {functions: false}],
            'no-multi-str': 'error',
            'quotes': ['error', 'single', {avoidEscape: true}],
            'semi': ['error', 'always'],
            'indent': ['error', 4, {SwitchCase: 1}],
            'comma-dangle': ['error', 'never'],
            'no-trailing-spaces': 'error',
            'eol-last': 'error',
            'max-len': ['error', {code: 120}]
        }
    }
];
