// Bundles the junction command into dist/junction.cjs, and the vendor simulators into dist/simulator.cjs. Workspace packages are compiled in;
// npm dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url)));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  tsconfig: 'tsconfig.base.json',
  external: Object.keys(pkg.dependencies),
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['packages/cli/src/main.ts'], outfile: 'dist/junction.cjs' }),
  build({ ...common, entryPoints: ['packages/testing/src/simulators/cli.ts'], outfile: 'dist/simulator.cjs' }),
]);
