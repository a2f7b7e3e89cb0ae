import { createHash, randomBytes } from 'node:crypto';
import { api, authHeader, signup, startHubProcess, type HubProcess, type Secrets } from '@junction/testing';
import { startDropboxSimulator, type RunningDropboxSimulator } from '@junction/testing';

const MiB = 1024 * 1024;
const CALLBACK = 'https://app.example/dropbox/callback';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The documents hub end to end: the real hub process, over HTTP, against the Dropbox simulator
 * standing in for www.dropbox.com, api.dropboxapi.com and content.dropboxapi.com.
 */
describe('Dropbox through the documents hub', () => {
  let dropbox: RunningDropboxSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  let instance: { id: number; token: string };
  const auth = () => authHeader(owner, instance.token);
  const docs = (path: string) => `${hub.apiUrl}/hubs/documents${path}`;
  const vendorCalls = (route: string) => dropbox.state.requests.filter((r) => r.path === `/2/${route}`);

  const upload = async (path: string, bytes: Buffer, extra = '', field = 'file') => {
    const form = new FormData();
    form.append(field, new Blob([bytes]), 'upload.bin');
    const response = await fetch(docs(`/files?path=${encodeURIComponent(path)}${extra}`), { method: 'POST', headers: { authorization: auth() }, body: form });
    return { status: response.status, body: (await response.json()) as any };
  };
  const download = async (pathOrQuery: string) => {
    const response = await fetch(docs(pathOrQuery), { headers: { authorization: auth() } });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    dropbox = await startDropboxSimulator();
    hub = await startHubProcess({
      JUNCTION_VENDOR_HOSTS: ['www.dropbox.com', 'api.dropboxapi.com', 'content.dropboxapi.com'].map((h) => `${h}=${dropbox.url}`).join(','),
      JUNCTION_MAX_UPLOAD_BYTES: String(24 * MiB),
    });
    owner = await signup(hub.apiUrl);

    // The OAuth code flow as an app runs it: get the authorize URL, let the user approve, exchange the code.
    const oauth = await api(hub.apiUrl, 'GET', `/elements/dropbox/oauth/url?apiKey=${dropbox.clientId}&callbackUrl=${encodeURIComponent(CALLBACK)}&state=e2e`, { auth: authHeader(owner) });
    expect(oauth.status).toBe(200);
    const authorize = new URL(oauth.body.oauthUrl);
    expect(authorize.searchParams.get('token_access_type')).toBe('offline');
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('e2e');
    const created = await api(hub.apiUrl, 'POST', '/instances', {
      auth: authHeader(owner),
      json: {
        name: 'Dropbox e2e',
        element: { key: 'dropbox' },
        configuration: { 'oauth.api.key': dropbox.clientId, 'oauth.api.secret': dropbox.clientSecret, 'oauth.callback.url': CALLBACK },
        providerData: { code: back.searchParams.get('code') },
      },
    });
    expect(created.status).toBe(200);
    instance = created.body;
  });

  afterAll(async () => {
    await hub?.stop();
    await dropbox?.close();
  });

  it('provisions through the OAuth code flow and checks the account', async () => {
    const token = dropbox.state.requests.find((r) => r.path === '/oauth2/token');
    expect(token).toBeDefined();
    expect(vendorCalls('users/get_current_account')).toHaveLength(1);
    const ping = await api(hub.apiUrl, 'GET', '/hubs/documents/ping', { auth: auth() });
    expect(ping.body).toMatchObject({ status: 'ok', element: 'dropbox', instanceId: instance.id });
  });

  it('uploads a multi-megabyte binary in a session, lists it, downloads it byte for byte and deletes it', async () => {
    const bytes = randomBytes(20 * MiB + 12_345);
    const uploaded = await upload('/E2E/random.bin', bytes);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ name: 'random.bin', path: '/E2E/random.bin', directory: false, size: bytes.length });
    expect(uploaded.body.id).toMatch(/^id:/);
    expect(uploaded.body).not.toHaveProperty('raw');
    expect(vendorCalls('files/upload_session/start')).toHaveLength(1);
    expect(vendorCalls('files/upload_session/append_v2').map((r) => r.bodyBytes)).toEqual([8 * MiB]);
    expect(vendorCalls('files/upload_session/finish')).toHaveLength(1);
    expect(sha256(dropbox.state.file('/E2E/random.bin')!)).toBe(sha256(bytes));

    const listed = await api(hub.apiUrl, 'GET', '/hubs/documents/folders/contents?path=/E2E', { auth: auth() });
    expect(listed.body.map((e: { id: string }) => e.id)).toContain(uploaded.body.id);

    const { response, bytes: back } = await download(`/files/${encodeURIComponent(uploaded.body.id)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="random.bin"; filename*=UTF-8''random.bin`);
    expect(sha256(back)).toBe(sha256(bytes));

    const deleted = await api(hub.apiUrl, 'DELETE', `/hubs/documents/files/${encodeURIComponent(uploaded.body.id)}`, { auth: auth() });
    expect(deleted.status).toBe(200);
    expect(dropbox.state.node('/E2E/random.bin')).toBeUndefined();
    const gone = await api(hub.apiUrl, 'GET', `/hubs/documents/files/${encodeURIComponent(uploaded.body.id)}/metadata`, { auth: auth() });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ message: `No file with id '${uploaded.body.id}' found`, providerMessage: 'path/not_found/..' });
  });

  it('keeps a non-ASCII name intact from upload to download, by path', async () => {
    const name = 'Résumé 日本.txt';
    const bytes = Buffer.from('Curriculum vitae, 履歴書\n');
    const uploaded = await upload(`/E2E/${name}`, bytes);
    expect(uploaded.body).toMatchObject({ name, path: `/E2E/${name}`, size: bytes.length });
    const arg = vendorCalls('files/upload').at(-1)!.headers['dropbox-api-arg'];
    expect(arg).toBe('{"path":"/E2E/R\\u00e9sum\\u00e9 \\u65e5\\u672c.txt","mode":"add","autorename":false}');

    const { response, bytes: back } = await download(`/files?path=${encodeURIComponent(`/E2E/${name}`)}`);
    expect(back.equals(bytes)).toBe(true);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="R_sum_ __.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.txt`);

    const conflict = await upload(`/E2E/${name}`, Buffer.from('other'));
    expect(conflict).toMatchObject({ status: 409, body: { providerMessage: 'path/conflict/file/..' } });
    expect((await upload(`/E2E/${name}`, Buffer.from('other'), '&overwrite=true')).body).toMatchObject({ size: 5 });

    const deleted = await api(hub.apiUrl, 'DELETE', `/hubs/documents/files?path=${encodeURIComponent(`/E2E/${name}`)}`, { auth: auth() });
    expect(deleted.status).toBe(200);
    expect(dropbox.state.node(`/E2E/${name}`)).toBeUndefined();
  });

  it('manages folders: create, page contents with CEQL, rename, copy, link, search and quota', async () => {
    const folder = await api(hub.apiUrl, 'POST', '/hubs/documents/folders', { auth: auth(), json: { path: '/Team', name: 'Team', directory: true } });
    expect(folder.body).toMatchObject({ name: 'Team', path: '/Team', directory: true });
    for (const name of ['a.txt', 'b.txt', 'c.md', 'd.txt']) expect((await upload(`/Team/${name}`, Buffer.from(name))).status).toBe(200);

    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 5; page++) {
      const response = await api(hub.apiUrl, 'GET', `/hubs/documents/folders/${encodeURIComponent(folder.body.id)}/contents?pageSize=2&nextPage=${token}`, { auth: auth() });
      expect(response.body.length).toBeLessThanOrEqual(2);
      expect(response.headers.get('elements-returned-count')).toBe(String(response.body.length));
      seen.push(...response.body.map((e: { name: string }) => e.name));
      token = response.headers.get('elements-next-page-token') ?? '';
      if (!token) break;
    }
    expect(seen).toEqual(['a.txt', 'b.txt', 'c.md', 'd.txt']);
    const filtered = await api(hub.apiUrl, 'GET', `/hubs/documents/folders/contents?path=/Team&where=${encodeURIComponent("name like '%.txt' and size <= 5")}&raw=true`, { auth: auth() });
    expect(filtered.body.map((e: { name: string }) => e.name)).toEqual(['a.txt', 'b.txt', 'd.txt']);
    expect(filtered.body[0].raw).toMatchObject({ '.tag': 'file', name: 'a.txt', rev: expect.any(String) });
    const badField = await api(hub.apiUrl, 'GET', `/hubs/documents/folders/contents?path=/Team&where=${encodeURIComponent("colour = 'red'")}`, { auth: auth() });
    expect(badField.status).toBe(400);
    expect(badField.body.message).toContain("Unknown field 'colour'");

    const renamed = await api(hub.apiUrl, 'PATCH', `/hubs/documents/folders/${encodeURIComponent(folder.body.id)}/metadata`, { auth: auth(), json: { path: '/Team 2024' } });
    expect(renamed.body).toMatchObject({ id: folder.body.id, path: '/Team 2024' });
    const copied = await api(hub.apiUrl, 'POST', '/hubs/documents/files/copy?path=/Team%202024/a.txt', { auth: auth(), json: { path: '/Archive/a.txt' } });
    expect(copied.body).toMatchObject({ path: '/Archive/a.txt', directory: false });
    const again = await api(hub.apiUrl, 'POST', '/hubs/documents/files/copy?path=/Team%202024/a.txt', { auth: auth(), json: { path: '/Archive/a.txt' } });
    expect(again).toMatchObject({ status: 409, body: { providerMessage: 'to/conflict/file/..' } });

    const link = await api(hub.apiUrl, 'GET', '/hubs/documents/files/links?path=/Archive/a.txt', { auth: auth() });
    expect(link.body.providerLink).toMatch(/dl=1$/);
    expect(link.body.providerViewLink).toMatch(/dl=0$/);
    expect(link.body).not.toHaveProperty('expires');
    const found = await api(hub.apiUrl, 'GET', '/hubs/documents/search?text=.txt&path=/Team%202024', { auth: auth() });
    expect(found.body.map((e: { name: string }) => e.name).sort()).toEqual(['a.txt', 'b.txt', 'd.txt']);
    const storage = await api(hub.apiUrl, 'GET', '/hubs/documents/storage', { auth: auth() });
    expect(storage.body).toEqual({ used: expect.any(Number), allocated: 2 * 1024 ** 3 });
    const root = await api(hub.apiUrl, 'GET', '/hubs/documents/folders/%2F/metadata', { auth: auth() });
    expect(root.body).toEqual({ id: '/', name: '', path: '/', directory: true });

    const removed = await api(hub.apiUrl, 'DELETE', '/hubs/documents/folders?path=/Team%202024', { auth: auth() });
    expect(removed.status).toBe(200);
    expect(dropbox.state.node('/Team 2024/a.txt')).toBeUndefined();
  });

  it('refuses bad input with 400s that say what is wrong, and unknown ids with 404', async () => {
    const missingPath = await api(hub.apiUrl, 'GET', '/hubs/documents/files', { auth: auth() });
    expect(missingPath).toMatchObject({ status: 400, body: { message: expect.stringContaining("Missing required parameter 'path'") } });
    const before = dropbox.state.requests.length;
    const traversal = await upload('/E2E/../secrets.txt', Buffer.from('x'));
    expect(traversal).toMatchObject({ status: 400, body: { message: expect.stringContaining("'.' or '..' segments") } });
    const relative = await api(hub.apiUrl, 'GET', '/hubs/documents/files/metadata?path=E2E/a.txt', { auth: auth() });
    expect(relative.status).toBe(400);
    const control = await api(hub.apiUrl, 'GET', '/hubs/documents/files/metadata?path=/a%00b', { auth: auth() });
    expect(control.body.message).toContain('control characters');
    const noFile = await upload('/E2E/nothing.txt', Buffer.from('x'), '', 'attachment');
    expect(noFile).toMatchObject({ status: 400, body: { message: expect.stringContaining("Missing multipart part 'file'") } });
    const notMultipart = await api(hub.apiUrl, 'POST', '/hubs/documents/files?path=/E2E/json.txt', { auth: auth(), json: { content: 'x' } });
    expect(notMultipart.status).toBe(415);
    expect(dropbox.state.requests.length).toBe(before);

    const unknown = await api(hub.apiUrl, 'GET', '/hubs/documents/files/12345/metadata', { auth: auth() });
    expect(unknown).toMatchObject({ status: 404, body: { message: "No file with id '12345' found" } });
    const unknownDropboxId = await api(hub.apiUrl, 'DELETE', '/hubs/documents/files/id:AAAAAAAAAAAAAAAAAAAAAA', { auth: auth() });
    expect(unknownDropboxId).toMatchObject({ status: 404, body: { providerMessage: 'path/not_found/..' } });
  });

  it('answers 413 past JUNCTION_MAX_UPLOAD_BYTES and leaves nothing at Dropbox', async () => {
    const startedBefore = vendorCalls('files/upload_session/start').length;
    const finishedBefore = vendorCalls('files/upload_session/finish').length;
    const tooBig = await upload('/E2E/too-big.bin', randomBytes(26 * MiB));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toContain(`${24 * MiB} bytes`);
    // The first 24 MiB had gone into an upload session; it is never finished, so no file exists.
    expect(vendorCalls('files/upload_session/start')).toHaveLength(startedBefore + 1);
    expect(vendorCalls('files/upload_session/finish')).toHaveLength(finishedBefore);
    expect(dropbox.state.node('/E2E/too-big.bin')).toBeUndefined();
    // The hub is still serving on the same terms afterwards.
    expect((await upload('/E2E/after.txt', Buffer.from('fine'))).status).toBe(200);
  });
});
