import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layers = [
  { sourceTag: 'type:element', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:core'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:core', 'type:data', 'type:app', 'type:element', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:core', 'type:data', 'type:app', 'type:element'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:core', 'type:tooling'] },
];
// Tests may also use the test kit (harness, conformance suite, simulators).
const testLayers = layers.map((l) => ({ ...l, onlyDependOnLibsWithTags: [...new Set([...l.onlyDependOnLibsWithTags, 'type:testing'])] }));

export default [
  { ignores: ['**/node_modules/**', 'dist/**', '.junction/**', 'bench/results/**', 'tools/generators/src/**/files/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layers are visible in imports: plugins see only core; the hub sees core and store.
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: layers }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/*.test-helper.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: testLayers }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
