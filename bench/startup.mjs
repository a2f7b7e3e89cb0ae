// Benchmark 5 — start-up and idle: time from `junction start` to a 200 on /ready, and resident
// memory after a few idle seconds; the first start (a new embedded database) is reported apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { median, memoryOf, root, stop } from './lib/processes.mjs';

async function startOnce(dataDir, port) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/junction.cjs'), 'start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), JUNCTION_DATA_DIR: dataDir, JUNCTION_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 3000));
  const { rssMb } = memoryOf(child.pid);
  await stop(child);
  return { readyMs, idleRssMb: rssMb };
}

export async function startup({ runs = 5, log = console.log } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'junction-bench-start-'));
  try {
    const first = await startOnce(dataDir, 7310);
    log(`  first start (new database): ${first.readyMs.toFixed(0)} ms`);
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await startOnce(dataDir, 7310));
    const result = {
      firstStartReadyMs: first.readyMs,
      readyMs: median(samples.map((s) => s.readyMs)),
      idleRssMb: median(samples.map((s) => s.idleRssMb)),
    };
    log(`  warm start to /ready: ${result.readyMs.toFixed(0)} ms, idle RSS ${result.idleRssMb.toFixed(1)} MB`);
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await startup(), null, 2));
}
