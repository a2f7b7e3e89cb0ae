// The baseline for anything that adds a hop: receive the request, make the same vendor call over
// a keep-alive agent, return the bytes unchanged. node bare-proxy.mjs <port> <vendor origin>
import { Agent, createServer, request } from 'node:http';

const [port, vendor] = [Number(process.argv[2] ?? 0), new URL(process.argv[3])];
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const upstream = request(
    { host: vendor.hostname, port: vendor.port, path: '/api/v1/contact/?_skip=0&_limit=100', method: 'GET', agent, headers: { authorization: 'Basic YmVuY2g6' } },
    (vendorRes) => {
      res.writeHead(vendorRes.statusCode, { 'content-type': vendorRes.headers['content-type'], 'content-length': vendorRes.headers['content-length'] });
      vendorRes.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end();
  req.resume();
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
