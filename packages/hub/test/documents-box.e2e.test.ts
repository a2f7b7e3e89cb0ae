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

  /** `POST /hubs/documents/files?path=…` with the bytes as the multipart part `file`. */
  const upload = async (path: string, content: Buffer, overwrite = false) => {
    const form = new FormData();
    form.append('file', new Blob([content]), path.split('/').pop());
    const query = `path=${encodeURIComponent(path)}${overwrite ? '&overwrite=true' : ''}`;
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
});
