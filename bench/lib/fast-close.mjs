// A Close stand-in that answers from precomputed bytes, so the vendor is never the bottleneck
// when measuring what the hub adds. Run as its own process: node fast-close.mjs <port>
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const contacts = Array.from({ length: 100 }, (_, i) => ({
  id: `cont_${String(i).padStart(43, '0')}`,
  lead_id: 'lead_bench000000000000000000000000000000000000',
  name: `Person Number${i}`,
  title: i % 3 ? 'Engineer' : null,
  emails: [{ type: 'office', email: `person${i}@bench.example` }],
  phones: [{ type: 'office', phone: `+1555000${String(i).padStart(4, '0')}`, phone_formatted: `+1 555-000-${String(i).padStart(4, '0')}` }],
  date_created: '2026-01-01T10:00:00.000000+00:00',
  date_updated: '2026-01-02T10:00:00.000000+00:00',
  organization_id: 'orga_bench',
  created_by: 'user_bench',
  updated_by: 'user_bench',
}));
const list = Buffer.from(JSON.stringify({ data: contacts, has_more: true }));
const me = Buffer.from(JSON.stringify({ id: 'user_bench', email: 'bench@example.com', organizations: [{ id: 'orga_bench', name: 'Bench' }] }));

const server = createServer((req, res) => {
  const body = req.url.startsWith('/api/v1/contact/') ? list : req.url.startsWith('/api/v1/me/') ? me : undefined;
  if (!body) {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end('{"error":"not found"}');
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
