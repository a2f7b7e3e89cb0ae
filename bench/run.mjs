// `npm run bench`: every benchmark against the real hub process, results written to
// bench/results/<date>.json and summarised in BENCHMARKS.md. Benchmarks register themselves in
// the list below; each returns plain JSON and its targets are checked in `targets`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventsBench } from './events.mjs';
import { hubOverhead } from './hub-overhead.mjs';
import { root } from './lib/processes.mjs';
import { startup } from './startup.mjs';
import { renderReport } from './report.mjs';

const benchmarks = {
  hubOverhead: () => hubOverhead(),
  events: () => eventsBench(),
  startup: () => startup(),
};

const args = process.argv.slice(2);
const resultsDir = path.join(root, 'bench/results');
if (args.includes('--report')) {
  // Re-renders BENCHMARKS.md from the newest results file, without running anything.
  const history = readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort();
  const newest = JSON.parse(readFileSync(path.join(resultsDir, history.at(-1)), 'utf8'));
  writeFileSync(path.join(root, 'BENCHMARKS.md'), renderReport(newest, history));
  console.log(`rewrote BENCHMARKS.md from bench/results/${history.at(-1)}`);
  process.exit(0);
}
const only = args;
execFileSync(process.execPath, [path.join(root, 'tools/build/build.mjs')], { cwd: root, stdio: 'inherit' });

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), loadAverageAtStart: os.loadavg()[0] },
  versions: { node: process.version, junction: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version },
  results: {},
};
for (const [name, run] of Object.entries(benchmarks)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`${name}…`);
  const started = Date.now();
  results.results[name] = await run();
  console.log(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const file = path.join(resultsDir, `${results.date.slice(0, 10)}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
const history = readdirSync(resultsDir).filter((f) => f.endsWith('.json')).sort();
writeFileSync(path.join(root, 'BENCHMARKS.md'), renderReport(results, history));
console.log(`wrote ${path.relative(root, file)} and BENCHMARKS.md`);
