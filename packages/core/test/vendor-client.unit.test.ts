import { createVendorClient, credentialsFor, HostMap, JunctionError, basic, VendorError, type ElementHttp } from '../src';
import { json, localServer } from './local-server';

const http: ElementHttp = {
  baseUrl: 'https://api.vendor.example/v1',
  providerMessage: (f) => (f.body as { error?: string })?.error,
};

describe('vendor client', () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  beforeAll(async () => {
    server = await localServer((_req, res) => json(res, 200, {}));
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  const client = (overrides: Partial<ElementHttp> = {}) =>
    createVendorClient({
      elementName: 'Vendor',
      http: { ...http, ...overrides },
      baseUrl: http.baseUrl,
      hostMap: HostMap.parse(`api.vendor.example=${server.url}`),
      credentials: credentialsFor(basic(), { username: 'user', password: 'pw' }),
    });

  it('sends to the mapped host with credentials and query', async () => {
    server.handle((_req, res) => json(res, 200, { ok: true }));
    await expect(client().get('things/', { limit: 2, skip: undefined })).resolves.toEqual({ ok: true });
    expect(server.requests[0].url).toBe('/v1/things/?limit=2');
    expect(server.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '0' }) : json(res, 200, { n: calls })));
    await expect(client().post('things/', { a: 1 })).resolves.toEqual({ n: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('gives a long 429 back to the caller with Retry-After instead of waiting', async () => {
    server.handle((_req, res) => json(res, 429, { error: 'daily limit' }, { 'retry-after': '86400' }));
    const error = await client().get('things/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 429, providerMessage: 'daily limit', headers: { 'retry-after': '86400' } });
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx for idempotent calls only', async () => {
    server.handle((_req, res) => json(res, 503, { error: 'down' }, { 'retry-after': '0' }));
    await expect(client().get('things/')).rejects.toMatchObject({ status: 502, providerMessage: 'down' });
    expect(server.requests).toHaveLength(4);
    server.requests.splice(0);
    await expect(client().post('things/', {})).rejects.toMatchObject({ status: 502 });
    expect(server.requests).toHaveLength(1);
  });

  it('maps 404 and 422 with the vendor words', async () => {
    server.handle((_req, res) => json(res, 404, { error: 'no such thing' }));
    await expect(client().get('things/1')).rejects.toMatchObject({ status: 404, providerMessage: 'no such thing', vendorStatus: 404 });
    server.handle((_req, res) => json(res, 422, { error: 'bad field' }));
    await expect(client().post('things/', {})).rejects.toMatchObject({ status: 400, providerMessage: 'bad field' });
  });

  it('reports malformed JSON and timeouts as gateway errors', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"truncated":');
    });
    await expect(client().get('things/')).rejects.toMatchObject({ status: 502, message: expect.stringContaining('malformed') });
    server.handle(() => undefined);
    const slow = createVendorClient({
      elementName: 'Vendor',
      http: { ...http, retry: { limit: 0 } },
      baseUrl: http.baseUrl,
      hostMap: HostMap.parse(`api.vendor.example=${server.url}`),
      credentials: credentialsFor(basic(), {}),
      timeoutMs: 200,
    });
    const error = await slow.get('things/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JunctionError);
    expect(error).toMatchObject({ status: 504 });
  });
});
