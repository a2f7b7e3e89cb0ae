// One transform for every project: @swc/jest compiles TypeScript, and also the ESM-only
// packages got depends on, because jest on Node 20 cannot load ES modules from node_modules.
const esmPackages = [
  'got', '@sindresorhus', '@szmarczak', '@sec-ant', 'p-cancelable', 'lowercase-keys', 'responselike',
  'cacheable-lookup', 'cacheable-request', 'keyv', 'mimic-response', 'normalize-url', 'form-data-encoder',
  'decompress-response', 'http2-wrapper', 'get-stream', 'is-stream', 'type-fest', 'defer-to-connect',
  'chunk-data', 'byte-counter', 'quick-lru', 'resolve-alpn', 'uint8array-extras',
];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const tsPaths = require('./tsconfig.base.json').compilerOptions.paths;
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsPaths).map(([name, [target]]) => [`^${name}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})(/|$))`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};
