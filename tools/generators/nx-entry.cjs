// The entry Nx loads for `nx g @junction/generators:<name>`. On Node older than 22.6, Nx runs a
// local plugin's TypeScript only through @swc-node/register or ts-node, and this workspace
// installs neither; so unless some TypeScript loader is already registered, the sources are
// compiled here with @swc/core, the compiler jest already uses.
const { readFileSync } = require('node:fs');

if (!require.extensions['.ts']) {
  const { transformSync } = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(readFileSync(filename, 'utf8'), {
      filename,
      swcrc: false,
      sourceMaps: 'inline',
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
}

module.exports = require('./src/index.ts');
