// Turns one results file into BENCHMARKS.md: each target, the measured median, the ratio to its baseline.
const fmt = (n, digits = 0) => (n === undefined ? '–' : Number(n).toFixed(digits));
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');

export function renderReport(run, history) {
  const lines = [
    '# Benchmarks',
    '',
    `Last run: ${run.date} on ${run.machine.cpus} × ${run.machine.cpuModel}, ${run.machine.memoryGb} GB, Node ${run.versions.node}`,
    `(load average at start: ${fmt(run.machine.loadAverageAtStart, 1)}). Raw results: \`bench/results/${run.date.slice(0, 10)}.json\``,
    `(history: ${history.join(', ')}).`,
    '',
    'Reproduce: `npm ci && npm run bench` (all), or `npm run bench -- hubOverhead` / `startup` / … for one.',
    'Every party is its own process on loopback; load comes from autocannon in its own process; each',
    'number is the median of several runs. What the profiles showed: `bench/README.md`.',
    '',
  ];
  const overhead = run.results.hubOverhead;
  if (overhead) {
    lines.push('## 1. Hub overhead', '', '`GET /hubs/crm/contacts?pageSize=100` (100 normalized records) through the hub, against a bare',
      'pass-through proxy making the same vendor call and the vendor call made directly; the vendor stand-in answers from memory.', '',
      '| concurrency | direct req/s | bare proxy req/s | hub req/s | hub ÷ proxy (target ≥ 0.8) | hub ÷ direct | hub p50 / p99 ms |',
      '|---|---|---|---|---|---|---|');
    for (const [c, r] of Object.entries(overhead.concurrency)) {
      lines.push(`| ${c} | ${fmt(r.direct.requestsPerSecond)} | ${fmt(r.proxy.requestsPerSecond)} | ${fmt(r.hub.requestsPerSecond)} | ${fmt(r.hubToProxy, 2)} ${verdict(r.hubToProxy >= 0.8)} | ${fmt(r.hubToDirect, 2)} | ${fmt(r.hub.p50Ms)} / ${fmt(r.hub.p99Ms)} |`);
    }
    const s = overhead.sequential;
    lines.push('', `Sequential keep-alive calls (concurrency 1, 1,000 timed calls): direct p50 ${fmt(s.direct.p50Ms, 3)} ms, bare proxy ${fmt(s.proxy.p50Ms, 3)} ms,`,
      `hub ${fmt(s.hub.p50Ms, 3)} ms — the hub adds **${fmt(s.hubAddedP50Ms, 3)} ms** at p50 (target ≤ 1 ms: ${verdict(s.hubAddedP50Ms <= 1)}).`, '');
  }
  const events = run.results.events;
  if (events) {
    const w = events.webhooks;
    const b = events.pollBurst;
    const p = events.polling;
    const idle = events.idlePolling;
    lines.push('## 3. Event delivery', '', `Signed Close webhooks posted to the hub by autocannon (${w.webhooks} at concurrency ${w.concurrency}), each stored as an event, then delivered signed to a local receiver, one notification per event; database: ${events.database}. Detection is the moment the hub stored the event.`, '',
      '| measure | result (one run) | target |', '|---|---|---|',
      `| webhook events delivered per second | ${fmt(w.deliveredEventsPerSecond)} (taken in at ${fmt(w.ingressEventsPerSecond)}/s) | ≥ 2,000 ${verdict(w.deliveredEventsPerSecond >= 2000)} |`,
      ...(b ? [`| poll burst: ${b.changes} changes found by one poll, delivered per second | ${fmt(b.changesDeliveredPerSecond)} changes/s in ${fmt(b.notificationsDeliveredPerSecond)} notifications/s (10 changes per notification); stored → delivered p50 / p99 ${fmt(b.storedToDeliveredMs.p50)} / ${fmt(b.storedToDeliveredMs.p99)} ms | ≥ 2,000 ${verdict(b.changesDeliveredPerSecond >= 2000)} |`] : []),
      `| detection → delivery p50 / p99 at full load | ${fmt(w.detectionToDeliveryMsAtFullLoad.p50)} / ${fmt(w.detectionToDeliveryMsAtFullLoad.p99)} ms | p99 ≤ 1,000 ms ${verdict(w.detectionToDeliveryMsAtFullLoad.p99 <= 1000)} |`,
      `| detection → delivery p50 / p99 at 40 events/s | ${fmt(w.detectionToDeliveryMsAt40PerSecond.p50)} / ${fmt(w.detectionToDeliveryMsAt40PerSecond.p99)} ms | p99 ≤ 1,000 ms ${verdict(w.detectionToDeliveryMsAt40PerSecond.p99 <= 1000)} |`,
      `| polling: poll found the change → delivered, p50 / p99 | ${fmt(p.detectionToDeliveryMs.p50)} / ${fmt(p.detectionToDeliveryMs.p99)} ms | – |`, '',
      '## 4. Polling cost', '', '| measure | result | target |', '|---|---|---|',
      `| ${idle.instances} idle instances every ${idle.intervalSeconds} s: hub CPU | ${fmt(idle.hubCpuPercent, 1)} % of one core (${fmt(idle.hubCpuMsPerPoll, 1)} ms per poll, ${fmt(idle.pollsPerSecond, 1)} polls/s of ${fmt(idle.expectedPollsPerSecond, 1)} due) | ≤ 10 % ${verdict(idle.hubCpuPercent <= 10)} |`, '');
  }
  const start = run.results.startup;
  if (start) {
    lines.push('## 5. Start-up and idle', '', '| measure | median | target |', '|---|---|---|',
      `| \`junction start\` → 200 on \`/ready\` (existing data directory) | ${fmt(start.readyMs)} ms | ≤ 2,000 ms ${verdict(start.readyMs <= 2000)} |`,
      `| idle RSS after 3 s | ${fmt(start.idleRssMb, 1)} MB | ≤ 200 MB ${verdict(start.idleRssMb <= 200)} |`,
      `| first start (creates the embedded database) | ${fmt(start.firstStartReadyMs)} ms | – |`, '');
  }
  return `${lines.join('\n')}\n`;
}
