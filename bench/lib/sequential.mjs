// Sequential keep-alive requests timed with performance.now(): a sub-millisecond view of the
// latency one call adds, where autocannon's histogram has whole-millisecond buckets.
import { Agent, request } from 'node:http';

export async function sequentialLatency(url, { count, headers = {} }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const once = () =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  for (let i = 0; i < Math.min(200, count); i++) await once();
  const samples = [];
  for (let i = 0; i < count; i++) samples.push(await once());
  agent.destroy();
  samples.sort((a, b) => a - b);
  return { p50Ms: samples[Math.floor(count * 0.5)], p99Ms: samples[Math.floor(count * 0.99)] };
}
