import { createHash } from 'node:crypto';
import { startBoxSimulator, type RunningBoxSimulator } from './box';

const AUTH = { authorization: 'Bearer sim-access-token' };
const sha1 = (data: Buffer, encoding: 'hex' | 'base64') => createHash('sha1').update(data).digest(encoding);

function multipart(parts: { name: string; filename?: string; data: string | Buffer }[], boundary = 'b0undary'): { body: Buffer; type: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

describe('Box simulator over HTTP', () => {
  let box: RunningBoxSimulator;
  const call = async (method: string, path: string, init: { json?: unknown; body?: Buffer | string; headers?: Record<string, string>; auth?: boolean } = {}) => {
    const headers: Record<string, string> = { ...(init.auth === false ? {} : AUTH), ...init.headers };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${box.url}${path}`, { method, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  const local = (url: string) => url.replace(/^https:\/\/[^/]+/, box.url);

  beforeEach(async () => {
    box = await startBoxSimulator({ chunkedUploadMinBytes: 10, partSize: 4, now: () => Date.UTC(2026, 0, 5, 12) });
  });
  afterEach(() => box.close());

  it('runs the OAuth code flow and rotates refresh tokens, killing the old one', async () => {
    const authorize = await call('GET', '/api/oauth2/authorize?response_type=code&client_id=sim-client-id&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s1', { auth: false });
    expect(authorize.status).toBe(302);
    const redirect = new URL(authorize.headers.get('location')!);
    expect(redirect.origin + redirect.pathname).toBe('https://app.example/cb');
    expect(redirect.searchParams.get('state')).toBe('s1');

    const form = (fields: Record<string, string>) => ({
      body: new URLSearchParams({ client_id: 'sim-client-id', client_secret: 'sim-client-secret', ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      auth: false,
    });
    const exchanged = await call('POST', '/oauth2/token', form({ grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: 'https://app.example/cb' }));
    expect(exchanged).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 3600 } });
    const first = exchanged.body!;
    expect((await call('GET', '/2.0/users/me', { headers: { authorization: `Bearer ${first.access_token}` } })).status).toBe(200);

    const refreshed = await call('POST', '/oauth2/token', form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body!.refresh_token).not.toBe(first.refresh_token);
    const reused = await call('POST', '/oauth2/token', form({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } });

    expect((await call('POST', '/oauth2/revoke', form({ token: refreshed.body!.access_token }))).status).toBe(200);
    const revoked = await call('GET', '/2.0/users/me', { headers: { authorization: `Bearer ${refreshed.body!.access_token}` } });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toContain('invalid_token');
    expect(revoked.body).toBeUndefined();
  });

  it('creates folders, refuses duplicate names without regard to case, and pages items by offset and by marker', async () => {
    const docs = await call('POST', '/2.0/folders?fields=name,path_collection', { json: { name: 'Docs', parent: { id: '0' } } });
    expect(docs).toMatchObject({ status: 201, body: { type: 'folder', name: 'Docs', path_collection: { total_count: 1, entries: [{ id: '0', name: 'All Files' }] } } });
    const duplicate = await call('POST', '/2.0/folders', { json: { name: 'docs', parent: { id: '0' } } });
    expect(duplicate).toMatchObject({ status: 409, body: { type: 'error', code: 'item_name_in_use', context_info: { conflicts: [{ id: docs.body!.id, type: 'folder' }] } } });

    box.seed({ '/Docs/a.txt': 'a', '/Docs/b.txt': 'b', '/Docs/Sub': null });
    const offsetPage = await call('GET', `/2.0/folders/${docs.body!.id}/items?limit=2&offset=0&fields=name`);
    expect(offsetPage.body).toMatchObject({ total_count: 3, offset: 0, limit: 2 });
    expect(offsetPage.body!.entries.map((e: { name: string }) => e.name)).toEqual(['Sub', 'a.txt']);

    const firstMarker = await call('GET', `/2.0/folders/${docs.body!.id}/items?usemarker=true&limit=2&fields=name,size`);
    expect(firstMarker.body).not.toHaveProperty('total_count');
    const second = await call('GET', `/2.0/folders/${docs.body!.id}/items?usemarker=true&limit=2&fields=name,size&marker=${firstMarker.body!.next_marker}`);
    expect(second.body!.entries).toEqual([{ type: 'file', id: expect.any(String), etag: '0', name: 'b.txt', size: 1 }]);
    expect(second.body!.next_marker).toBeNull();
  });

  it('takes a multipart upload only with attributes first, reports conflicts, and stores new versions', async () => {
    const good = multipart([{ name: 'attributes', data: JSON.stringify({ name: 'ü.bin', parent: { id: '0' } }) }, { name: 'file', filename: 'ü.bin', data: Buffer.from([0, 255, 1]) }]);
    const created = await call('POST', '/api/2.0/files/content?fields=name,size,sha1', { body: good.body, headers: { 'content-type': good.type } });
    expect(created).toMatchObject({ status: 201, body: { total_count: 1, entries: [{ name: 'ü.bin', size: 3, sha1: sha1(Buffer.from([0, 255, 1]), 'hex') }] } });
    expect(box.state.requests.at(-1)!.body).toEqual({ parts: [{ name: 'attributes', size: expect.any(Number) }, { name: 'file', filename: 'ü.bin', size: 3 }] });

    const wrongOrder = multipart([{ name: 'file', filename: 'x', data: 'x' }, { name: 'attributes', data: JSON.stringify({ name: 'x', parent: { id: '0' } }) }]);
    const refused = await call('POST', '/api/2.0/files/content', { body: wrongOrder.body, headers: { 'content-type': wrongOrder.type } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'metadata_after_file_contents' } });

    const again = await call('POST', '/api/2.0/files/content', { body: good.body, headers: { 'content-type': good.type } });
    const id = created.body!.entries[0].id;
    expect(again).toMatchObject({ status: 409, body: { code: 'item_name_in_use', context_info: { conflicts: { id, type: 'file' } } } });

    const version = multipart([{ name: 'attributes', data: JSON.stringify({ name: 'ü.bin' }) }, { name: 'file', filename: 'ü.bin', data: 'new' }]);
    const replaced = await call('POST', `/api/2.0/files/${id}/content`, { body: version.body, headers: { 'content-type': version.type } });
    expect(replaced).toMatchObject({ status: 200, body: { entries: [{ id, size: 3 }] } });
  });

  it('downloads through a 302 to the download host, after a 202 when asked', async () => {
    const { '/f.txt': id } = box.seed({ '/f.txt': 'hello box' });
    box.state.notReadyNext('download', 1, 2);
    const notReady = await call('GET', `/2.0/files/${id}/content`);
    expect(notReady.status).toBe(202);
    expect(notReady.headers.get('retry-after')).toBe('2');
    const redirect = await call('GET', `/2.0/files/${id}/content`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(/^https:\/\/dl\.boxcloud\.com\/d\/1\/[^/]+\/download$/);
    const bytes = await fetch(local(location));
    expect(await bytes.text()).toBe('hello box');
    expect(bytes.headers.get('content-disposition')).toContain("filename*=UTF-8''f.txt");
  });

  it('runs an upload session with digest and range checks', async () => {
    const content = Buffer.from('0123456789ab'); // 12 bytes, parts of 4
    const small = await call('POST', '/api/2.0/files/upload_sessions', { json: { folder_id: '0', file_size: 5, file_name: 'big.bin' } });
    expect(small).toMatchObject({ status: 400, body: { code: 'file_size_too_small' } });
    const session = await call('POST', '/api/2.0/files/upload_sessions', { json: { folder_id: '0', file_size: 12, file_name: 'big.bin' } });
    expect(session).toMatchObject({ status: 201, body: { type: 'upload_session', part_size: 4, total_parts: 3 } });
    const partUrl = local(session.body!.session_endpoints.upload_part).slice(box.url.length);
    const put = (offset: number, data: Buffer, digest = sha1(data, 'base64')) =>
      call('PUT', partUrl, { body: data, headers: { 'content-type': 'application/octet-stream', digest: `sha=${digest}`, 'content-range': `bytes ${offset}-${offset + data.length - 1}/12` } });

    expect((await put(0, content.subarray(0, 4), 'AAAA')).body).toMatchObject({ code: 'sha1_mismatch' });
    expect((await put(2, content.subarray(2, 6))).status).toBe(416);
    const parts = [];
    for (let offset = 0; offset < 12; offset += 4) parts.push((await put(offset, content.subarray(offset, offset + 4))).body!.part);
    const commitUrl = local(session.body!.session_endpoints.commit).slice(box.url.length);
    const badDigest = await call('POST', commitUrl, { json: { parts }, headers: { digest: 'sha=AAAA' } });
    expect(badDigest.status).toBe(412);
    box.state.notReadyNext('commit', 1);
    expect((await call('POST', commitUrl, { json: { parts }, headers: { digest: `sha=${sha1(content, 'base64')}` } })).status).toBe(202);
    const committed = await call('POST', commitUrl, { json: { parts }, headers: { digest: `sha=${sha1(content, 'base64')}` } });
    expect(committed).toMatchObject({ status: 201, body: { entries: [{ name: 'big.bin', size: 12, sha1: sha1(content, 'hex') }] } });
    expect(box.state.sessions.openCount).toBe(0);
  });

  it('copies, moves, shares, searches, reports quota, and deletes folders only recursively when not empty', async () => {
    const ids = box.seed({ '/A/report.pdf': 'pdf', '/B': null });
    const copied = await call('POST', `/2.0/files/${ids['/A/report.pdf']}/copy?fields=name,parent`, { json: { parent: { id: ids['/B'] }, name: 'copy.pdf' } });
    expect(copied).toMatchObject({ status: 201, body: { name: 'copy.pdf', parent: { id: ids['/B'] } } });
    const moved = await call('PUT', `/2.0/files/${ids['/A/report.pdf']}?fields=name,path_collection`, { json: { name: 'moved.pdf', parent: { id: ids['/B'] } } });
    expect(moved.body!.path_collection.entries.map((e: { name: string }) => e.name)).toEqual(['All Files', 'B']);
    const shared = await call('PUT', `/2.0/files/${ids['/A/report.pdf']}?fields=shared_link`, { json: { shared_link: { access: 'open' } } });
    expect(shared.body).toMatchObject({ type: 'file', shared_link: { access: 'open', url: expect.stringMatching(/^https:\/\/app\.box\.com\/s\//), download_url: expect.stringMatching(/\.pdf$/) } });
    const found = await call('GET', `/2.0/search?query=PDF&ancestor_folder_ids=${ids['/B']}&fields=name`);
    expect(found.body).toMatchObject({ total_count: 2, type: 'search_results_items' });
    expect((await call('GET', '/2.0/users/me?fields=space_used')).body).toEqual({ type: 'user', id: '33000001', space_used: 6 });

    expect((await call('DELETE', `/2.0/folders/${ids['/B']}`)).body).toMatchObject({ code: 'folder_not_empty' });
    expect((await call('DELETE', `/2.0/folders/${ids['/B']}?recursive=true`)).status).toBe(204);
    expect((await call('GET', `/2.0/files/${ids['/A/report.pdf']}`)).body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('injects failures before auth, with Box rate-limit bodies by default', async () => {
    box.state.failNext(1, 429, undefined, { 'retry-after': '3' });
    const limited = await call('GET', '/2.0/users/me', { auth: false });
    expect(limited).toMatchObject({ status: 429, body: { code: 'rate_limit_exceeded' } });
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call('GET', '/2.0/users/me')).status).toBe(200);
  });
});
