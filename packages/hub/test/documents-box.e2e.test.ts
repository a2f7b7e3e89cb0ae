import { randomBytes } from 'node:crypto';
import { api, authHeader, signup, startHubProcess, type HubProcess, type Secrets } from '@junction/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- @junction/testing does not export the Box simulator yet
import { startBoxSimulator, type RunningBoxSimulator } from '../../testing/src/simulators/box';

/**
 * An app's documents code against Box, end to end: the real hub process over HTTP, the OAuth code
 * flow, and the Box simulator standing in for api.box.com, upload.box.com, account.box.com and
 * dl.boxcloud.com.
 */
describe('Box through the documents hub', () => {
  let box: RunningBoxSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  let instance: { id: number; token: string };
  const elementAuth = () => authHeader(owner, instance.token);
  const callbackUrl = 'https://app.example/box/callback';

  beforeAll(async () => {
    box = await startBoxSimulator({ clientId: 'box-app-id', clientSecret: 'box-app-secret', accessTokens: [], refreshTokens: [] });
    const hosts = ['api.box.com', 'upload.box.com', 'account.box.com', 'dl.boxcloud.com'].map((host) => `${host}=${box.url}`).join(',');
    hub = await startHubProcess({ JUNCTION_VENDOR_HOSTS: hosts });
    owner = await signup(hub.apiUrl);

    // The app sends its user to Box's authorize page and gets a code back on its callback.
    const oauth = await api(hub.apiUrl, 'GET', `/elements/box/oauth/url?apiKey=box-app-id&apiSecret=box-app-secret&callbackUrl=${encodeURIComponent(callbackUrl)}&state=xyz`, {
      auth: authHeader(owner),
    });
    expect(oauth.status).toBe(200);
    expect(oauth.body.oauthUrl.startsWith(`${box.url}/api/oauth2/authorize?`)).toBe(true);
    const consent = await fetch(oauth.body.oauthUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(callbackUrl);
    expect(back.searchParams.get('state')).toBe('xyz');

    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: 'Box drive',
        element: { key: 'box' },
        providerData: { code: back.searchParams.get('code') },
        configuration: { 'oauth.api.key': 'box-app-id', 'oauth.api.secret': 'box-app-secret', 'oauth.callback.url': callbackUrl },
      },
    });
    expect(created.status).toBe(200);
    instance = created.body;
  });

  afterAll(async () => {
    await hub?.stop();
    await box?.close();
  });

  /** `POST /hubs/documents/files?path=…[&size=…]` with the bytes as the multipart part `file`. */
  const upload = async (path: string, content: Buffer, overwrite = false, size?: number) => {
    const form = new FormData();
    form.append('file', new Blob([content]), path.split('/').pop());
    const query = `path=${encodeURIComponent(path)}${overwrite ? '&overwrite=true' : ''}${size === undefined ? '' : `&size=${size}`}`;
    const response = await fetch(`${hub.apiUrl}/hubs/documents/files?${query}`, { method: 'POST', headers: { authorization: elementAuth() }, body: form });
    return { status: response.status, body: (await response.json()) as { id: string; name: string; path: string } };
  };
  const download = async (ref: string) => {
    const response = await fetch(`${hub.apiUrl}/hubs/documents/files${ref}`, { headers: { authorization: elementAuth() } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it('exchanged the code at Box and checked the new token with GET /users/me', () => {
    const token = box.state.requests.find((r) => r.path === '/oauth2/token');
    expect(token?.body).toMatchObject({ grant_type: 'authorization_code', client_id: 'box-app-id', redirect_uri: callbackUrl });
    const me = box.state.requests.find((r) => r.path === '/2.0/users/me');
    expect(me?.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('uploads, lists, downloads byte for byte and deletes a multi-megabyte binary', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const uploaded = await upload('/Backups/2026/archive.bin', bytes);
    expect(uploaded).toMatchObject({ status: 200, body: { name: 'archive.bin', path: '/Backups/2026/archive.bin', directory: false, size: bytes.length } });
    // The file went to Box's upload host as one streamed multipart request, attributes first.
    const sent = box.state.requests.find((r) => r.path === '/api/2.0/files/content');
    expect(sent?.body).toEqual({ parts: [{ name: 'attributes', size: expect.any(Number) }, { name: 'file', filename: 'archive.bin', size: bytes.length }] });

    const listed = await api(hub.apiUrl, 'GET', '/hubs/documents/folders/contents?path=%2FBackups%2F2026', { auth: elementAuth() });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: uploaded.body.id, name: 'archive.bin', size: bytes.length })]);

    const byId = await download(`/${uploaded.body.id}`);
    expect(byId.status).toBe(200);
    expect(byId.bytes.equals(bytes)).toBe(true);
    expect(box.state.requests.some((r) => r.path.startsWith('/d/1/'))).toBe(true);

    const deleted = await api(hub.apiUrl, 'DELETE', `/hubs/documents/files/${uploaded.body.id}`, { auth: elementAuth() });
    expect(deleted.status).toBe(200);
    const gone = await api(hub.apiUrl, 'GET', `/hubs/documents/files/${uploaded.body.id}/metadata`, { auth: elementAuth() });
    expect(gone.status).toBe(404);
    expect(gone.body.providerMessage).toBe('not_found: Not Found');
  });

  it('keeps a non-ASCII name through upload, listing, download and delete by path', async () => {
    const name = 'Überweisung – 請求書 №7.txt';
    const text = Buffer.from('Zahlung erhalten ✓\n');
    const uploaded = await upload(`/Rechnungen/${name}`, text);
    expect(uploaded).toMatchObject({ status: 200, body: { name, path: `/Rechnungen/${name}` } });

    const again = await upload(`/Rechnungen/${name}`, text);
    expect(again.status).toBe(409);

    const listed = await api(hub.apiUrl, 'GET', '/hubs/documents/folders/contents?path=%2FRechnungen', { auth: elementAuth() });
    expect(listed.body.map((e: { name: string }) => e.name)).toEqual([name]);

    const byPath = await download(`?path=${encodeURIComponent(`/Rechnungen/${name}`)}`);
    expect(byPath.status).toBe(200);
    expect(byPath.bytes.equals(text)).toBe(true);
    expect(byPath.headers.get('content-disposition')).toContain(encodeURIComponent(name));

    const deleted = await api(hub.apiUrl, 'DELETE', `/hubs/documents/files?path=${encodeURIComponent(`/Rechnungen/${name}`)}`, { auth: elementAuth() });
    expect(deleted.status).toBe(200);
    const empty = await api(hub.apiUrl, 'GET', '/hubs/documents/folders/contents?path=%2FRechnungen', { auth: elementAuth() });
    expect(empty.body).toEqual([]);
  });

  describe('with a declared size', () => {
    /** Box's own threshold for upload sessions, which the element uses too: 20 MiB. */
    const SESSION_THRESHOLD = 20 * 1024 * 1024;
    const since = () => box.state.requests.length;
    const pathsFrom = (start: number) => box.state.requests.slice(start).map((r) => `${r.method} ${r.path.replace(/upload_sessions\/\w+/, 'upload_sessions/{id}')}`);
    const listing = async (folder: string) =>
      (await api(hub.apiUrl, 'GET', `/hubs/documents/folders/contents?path=${encodeURIComponent(folder)}`, { auth: elementAuth() })).body as { name: string }[];

    it('sends a file above the session threshold through a Box upload session, byte for byte', async () => {
      const bytes = randomBytes(SESSION_THRESHOLD + 1024 * 1024 + 5);
      const start = since();
      const uploaded = await upload('/Large/disk.img', bytes, false, bytes.length);
      expect(uploaded).toMatchObject({ status: 200, body: { name: 'disk.img', size: bytes.length } });
      const calls = pathsFrom(start);
      expect(calls).toEqual(expect.arrayContaining(['POST /api/2.0/files/upload_sessions', 'PUT /api/2.0/files/upload_sessions/{id}', 'POST /api/2.0/files/upload_sessions/{id}/commit']));
      expect(calls).not.toContain('POST /api/2.0/files/content');
      // 8 MiB parts at the simulator, as at Box for this size.
      expect(calls.filter((c) => c.startsWith('PUT '))).toHaveLength(3);
      expect((await download(`/${uploaded.body.id}`)).bytes.equals(bytes)).toBe(true);
    });

    it('refuses a file whose bytes differ from its declared size, leaving nothing at Box', async () => {
      const start = since();
      // Declared above the threshold but one byte short: an upload session, aborted at the end.
      const short = randomBytes(SESSION_THRESHOLD + 100);
      const inSession = await upload('/Mismatch/short.bin', short, false, short.length + 1);
      expect(inSession).toEqual({ status: 400, body: expect.objectContaining({ message: `The file has ${short.length} bytes, not its declared size=${short.length + 1}` }) });
      expect(pathsFrom(start)).toEqual(expect.arrayContaining(['POST /api/2.0/files/upload_sessions', 'DELETE /api/2.0/files/upload_sessions/{id}']));
      expect(box.state.sessions.openCount).toBe(0);

      // Declared small but longer: one direct request, cut as soon as it passes the size.
      const long = randomBytes(64 * 1024);
      const direct = await upload('/Mismatch/long.bin', long, false, 1000);
      expect(direct).toEqual({ status: 400, body: expect.objectContaining({ message: 'The file is longer than its declared size=1000' }) });
      expect(await listing('/Mismatch')).toEqual([]);
    });
  });
});
