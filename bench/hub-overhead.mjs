// Benchmark 1 — hub overhead: GET /hubs/crm/contacts?pageSize=100 through the hub, against
// (a) a bare pass-through proxy making the same vendor call and (b) the vendor call made directly,
// all against one Close stand-in answering from memory. Every party runs in its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { json, loadTest, median, root, startNode } from './lib/processes.mjs';
import { sequentialLatency } from './lib/sequential.mjs';

const PORTS = { vendor: 7301, proxy: 7302, hub: 7303 };

export async function hubOverhead({ runs = 3, seconds = 5, concurrencies = [1, 16, 64], log = console.log } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'junction-bench-'));
  const vendorUrl = `http://127.0.0.1:${PORTS.vendor}`;
  const vendor = await startNode([path.join(root, 'bench/lib/fast-close.mjs'), String(PORTS.vendor)]);
  const proxy = await startNode([path.join(root, 'bench/lib/bare-proxy.mjs'), String(PORTS.proxy), vendorUrl]);
  const hub = await startNode([path.join(root, 'dist/junction.cjs'), 'start'], {
    env: { PORT: String(PORTS.hub), JUNCTION_DATA_DIR: dataDir, JUNCTION_VENDOR_HOSTS: `api.close.com=${vendorUrl}` },
    pattern: /Junction is listening on (\S+)/,
  });
  try {
    const api = `http://127.0.0.1:${PORTS.hub}/elements/api-v2`;
    const owner = await json(`${api}/signup`, { method: 'POST', body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-1', firstName: 'B', lastName: 'B', company: 'Bench' }) });
    const auth = `User ${owner.userSecret}, Organization ${owner.organizationSecret}`;
    const instance = await json(`${api}/instances`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ name: 'bench', element: { key: 'closeio' }, configuration: { username: 'bench' } }) });
    const hubHeaders = { authorization: `${auth}, Element ${instance.token}` };
    const targets = {
      direct: { url: `${vendorUrl}/api/v1/contact/?_skip=0&_limit=100`, headers: { authorization: 'Basic YmVuY2g6' } },
      proxy: { url: `http://127.0.0.1:${PORTS.proxy}/contacts`, headers: {} },
      hub: { url: `${api}/hubs/crm/contacts?pageSize=100`, headers: hubHeaders },
    };
    const check = await fetch(targets.hub.url, { headers: hubHeaders });
    const records = await check.json();
    if (records.length !== 100) throw new Error(`hub answered ${records.length} records, expected 100`);

    const results = { concurrency: {}, sequential: {} };
    for (const c of concurrencies) {
      results.concurrency[c] = {};
      for (const [name, target] of Object.entries(targets)) {
        const samples = [];
        for (let r = 0; r < runs; r++) samples.push(await loadTest(target.url, { connections: c, seconds, headers: target.headers }));
        results.concurrency[c][name] = {
          requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
          p50Ms: median(samples.map((s) => s.p50Ms)),
          p99Ms: median(samples.map((s) => s.p99Ms)),
          errors: samples.reduce((n, s) => n + s.errors, 0),
        };
        log(`  c=${c} ${name}: ${results.concurrency[c][name].requestsPerSecond.toFixed(0)} req/s, p50 ${results.concurrency[c][name].p50Ms} ms`);
      }
      results.concurrency[c].hubToProxy = results.concurrency[c].hub.requestsPerSecond / results.concurrency[c].proxy.requestsPerSecond;
      results.concurrency[c].hubToDirect = results.concurrency[c].hub.requestsPerSecond / results.concurrency[c].direct.requestsPerSecond;
    }
    for (const [name, target] of Object.entries(targets)) {
      const samples = [];
      for (let r = 0; r < runs; r++) samples.push(await sequentialLatency(target.url, { count: 1000, headers: target.headers }));
      results.sequential[name] = { p50Ms: median(samples.map((s) => s.p50Ms)), p99Ms: median(samples.map((s) => s.p99Ms)) };
    }
    results.sequential.hubAddedP50Ms = results.sequential.hub.p50Ms - results.sequential.direct.p50Ms;
    log(`  sequential p50: direct ${results.sequential.direct.p50Ms.toFixed(3)} ms, hub ${results.sequential.hub.p50Ms.toFixed(3)} ms (+${results.sequential.hubAddedP50Ms.toFixed(3)} ms)`);
    return results;
  } finally {
    await Promise.all([hub.stop(), proxy.stop(), vendor.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await hubOverhead(), null, 2));
}
