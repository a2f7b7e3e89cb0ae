import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startDropboxSimulator, type RunningDropboxSimulator } from './dropbox';
import { contentHash } from './dropbox-tree';

describe('Dropbox simulator over HTTP', () => {
  let sim: RunningDropboxSimulator;
  const bearer = () => ({ authorization: `Bearer ${sim.accessToken}` });

  const rpc = async (route: string, arg: unknown, headers: Record<string, string> = bearer()) => {
    const response = await fetch(`${sim.url}/2/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(arg) });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain-text bad-input answers
    }
    return { status: response.status, body, headers: response.headers };
  };
  const upload = async (route: string, arg: unknown, bytes: Buffer, argHeader = JSON.stringify(arg)) => {
    const response = await fetch(`${sim.url}/2/${route}`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/octet-stream', 'dropbox-api-arg': argHeader },
      body: bytes,
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text === 'null' ? JSON.parse(text) : text };
  };

  beforeEach(async () => {
    sim = await startDropboxSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('runs the OAuth code flow with offline access, and refreshes without rotating the refresh token', async () => {
    const authorize = new URL(`${sim.url}/oauth2/authorize`);
    authorize.search = new URLSearchParams({ client_id: sim.clientId, response_type: 'code', redirect_uri: 'https://app.example/cb', state: 's1', token_access_type: 'offline' }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('https://app.example/cb');
    expect(back.searchParams.get('state')).toBe('s1');

    const form = (fields: Record<string, string>) => fetch(`${sim.url}/oauth2/token`, { method: 'POST', body: new URLSearchParams(fields) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const code = back.searchParams.get('code')!;
    const exchanged = await form({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', client_id: sim.clientId, client_secret: sim.clientSecret });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'bearer', expires_in: 14400, account_id: expect.stringMatching(/^dbid:/) });
    expect(typeof exchanged.body.refresh_token).toBe('string');

    const reused = await form({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', client_id: sim.clientId, client_secret: sim.clientSecret });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const wrongSecret = await form({ grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token, client_id: sim.clientId, client_secret: 'nope' });
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: 'invalid_client' } });

    const refreshed = await form({ grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token, client_id: sim.clientId, client_secret: sim.clientSecret });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    const me = await rpc('users/get_current_account', null, { authorization: `Bearer ${refreshed.body.access_token}` });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ada@example.com');
  });

  it('checks tokens, scopes, content types and Stone argument fields', async () => {
    expect(await rpc('users/get_current_account', null, {})).toMatchObject({ status: 401, body: { error_summary: 'invalid_access_token/..', error: { '.tag': 'invalid_access_token' } } });
    expect((await rpc('users/get_current_account', {})).status).toBe(400);
    const unknownField = await rpc('files/list_folder', { path: '', colour: 'blue' });
    expect(unknownField).toMatchObject({ status: 400, body: 'Error in call to API function "files/list_folder": request body: unknown field \'colour\'' });
    expect((await rpc('files/get_metadata', {})).body).toContain("missing required field 'path'");
    const wrongType = await fetch(`${sim.url}/2/files/list_folder`, { method: 'POST', headers: { ...bearer(), 'content-type': 'text/plain' }, body: '{"path":""}' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain('Bad HTTP "Content-Type" header');

    const authorize = new URL(`${sim.url}/oauth2/authorize`);
    authorize.search = new URLSearchParams({ client_id: sim.clientId, response_type: 'code', redirect_uri: 'https://app.example/cb', scope: 'files.metadata.read' }).toString();
    const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const tokens = await fetch(`${sim.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/cb', client_id: sim.clientId, client_secret: sim.clientSecret }),
    }).then((r) => r.json() as Promise<any>);
    expect(tokens.refresh_token).toBeUndefined();
    const limited = await rpc('files/create_folder_v2', { path: '/x' }, { authorization: `Bearer ${tokens.access_token}` });
    expect(limited).toMatchObject({ status: 401, body: { error: { '.tag': 'missing_scope', required_scope: 'files.content.write' } } });
  });

  it('stores uploaded bytes and downloads them with a header-safe Dropbox-API-Result', async () => {
    const bytes = randomBytes(70_000);
    const arg = { path: '/Docs/résumé 日本.bin', mode: 'add', autorename: false };
    const safe = JSON.stringify(arg).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const raw = await new Promise<number>((resolve, reject) => {
      // Raw UTF-8 in the header (what an unescaping client sends) is refused.
      const req = request(`${sim.url}/2/files/upload`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/octet-stream', 'dropbox-api-arg': Buffer.from(JSON.stringify(arg)).toString('latin1') } });
      req.on('response', (res) => resolve(res.statusCode!)).on('error', reject).end(bytes);
    });
    expect(raw).toBe(400);

    const uploaded = await upload('files/upload', arg, bytes, safe);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ name: 'résumé 日本.bin', path_display: '/Docs/résumé 日本.bin', path_lower: '/docs/résumé 日本.bin', size: 70_000, content_hash: contentHash(bytes) });
    expect(uploaded.body['.tag']).toBeUndefined();
    expect(sim.state.node('/docs')?.kind).toBe('folder');

    const download = await fetch(`${sim.url}/2/files/download`, { method: 'POST', headers: { ...bearer(), 'dropbox-api-arg': JSON.stringify({ path: uploaded.body.id }) } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    const result = download.headers.get('dropbox-api-result')!;
    expect(result).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(result)).toMatchObject({ id: uploaded.body.id, name: 'résumé 日本.bin' });

    const missing = await fetch(`${sim.url}/2/files/download`, { method: 'POST', headers: { ...bearer(), 'dropbox-api-arg': '{"path":"/nope.txt"}' } });
    expect(missing.status).toBe(409);
    expect(await missing.json()).toEqual({ error_summary: 'path/not_found/..', error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
  });

  it('applies write modes: add conflicts unless the bytes are identical, overwrite replaces', async () => {
    const first = await upload('files/upload', { path: '/a.txt', mode: 'add' }, Buffer.from('one'));
    expect((await upload('files/upload', { path: '/a.txt', mode: 'add' }, Buffer.from('one'))).body.rev).toBe(first.body.rev);
    const conflict = await upload('files/upload', { path: '/a.txt', mode: { '.tag': 'add' } }, Buffer.from('two'));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error_summary: 'path/conflict/file/..', error: { '.tag': 'path', reason: { '.tag': 'conflict', conflict: { '.tag': 'file' } } } });
    expect(conflict.body.error.upload_session_id).toMatch(/^pid_upload_session:/);
    const replaced = await upload('files/upload', { path: '/a.txt', mode: 'overwrite' }, Buffer.from('two'));
    expect(replaced.body).toMatchObject({ id: first.body.id, size: 3 });
    expect(replaced.body.rev).not.toBe(first.body.rev);
    expect(sim.state.file('/A.TXT')?.toString()).toBe('two');
  });

  it('runs upload sessions, checks offsets and commits nothing until finish', async () => {
    const start = await upload('files/upload_session/start', { close: false }, Buffer.from('abcd'));
    const sessionId = start.body.session_id;
    expect(sessionId).toMatch(/^pid_upload_session:/);
    const wrong = await upload('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset: 3 }, close: false }, Buffer.from('efgh'));
    expect(wrong).toMatchObject({ status: 409, body: { error_summary: 'incorrect_offset/..', error: { '.tag': 'incorrect_offset', correct_offset: 4 } } });
    expect(await upload('files/upload_session/append_v2', { cursor: { session_id: sessionId, offset: 4 }, close: false }, Buffer.from('efgh'))).toEqual({ status: 200, body: null });
    expect(sim.state.node('/big.bin')).toBeUndefined();
    const finished = await upload('files/upload_session/finish', { cursor: { session_id: sessionId, offset: 8 }, commit: { path: '/big.bin', mode: 'add', autorename: false } }, Buffer.from('ij'));
    expect(finished.body).toMatchObject({ name: 'big.bin', size: 10 });
    expect(sim.state.file('/big.bin')?.toString()).toBe('abcdefghij');
    const again = await upload('files/upload_session/finish', { cursor: { session_id: sessionId, offset: 10 }, commit: { path: '/other.bin' } }, Buffer.alloc(0));
    expect(again.body.error_summary).toBe('lookup_failed/not_found/..');
  });

  it('stores nothing from an upload the client abandons mid-body', async () => {
    // A raw socket, so the request is cut exactly where this test says and by nothing else.
    const { port } = new URL(sim.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      [
        'POST /2/files/upload HTTP/1.1',
        'Host: content.dropboxapi.com',
        `Authorization: Bearer ${sim.accessToken}`,
        'Content-Type: application/octet-stream',
        'Dropbox-API-Arg: {"path":"/half.bin"}',
        'Content-Length: 1000',
        '',
        '',
      ].join('\r\n'),
    );
    socket.write(Buffer.alloc(400));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.state.node('/half.bin')).toBeUndefined();
    expect(sim.state.requests.at(-1)).toMatchObject({ path: '/2/files/upload', aborted: true, host: 'content' });
  });

  it('lists folders in pages with cursors, and names missing paths and files', async () => {
    for (const name of ['c.txt', 'a.txt', 'b.txt']) sim.state.put(`/Folder/${name}`, name);
    sim.state.mkdir('/Folder/Sub');
    const first = await rpc('files/list_folder', { path: '/folder', limit: 2 });
    expect(first.body.entries.map((e: any) => [e['.tag'], e.name])).toEqual([
      ['file', 'a.txt'],
      ['file', 'b.txt'],
    ]);
    expect(first.body.has_more).toBe(true);
    const next = await rpc('files/list_folder/continue', { cursor: first.body.cursor });
    expect(next.body.entries.map((e: any) => e.name)).toEqual(['c.txt', 'Sub']);
    expect(next.body.has_more).toBe(false);
    expect((await rpc('files/list_folder', { path: '/nope' })).body.error_summary).toBe('path/not_found/..');
    expect((await rpc('files/list_folder', { path: '/Folder/a.txt' })).body.error_summary).toBe('path/not_folder/..');
    expect((await rpc('files/list_folder/continue', { cursor: 'garbage' })).body.error_summary).toBe('reset/..');
    expect((await rpc('files/list_folder', { path: '', recursive: true })).body.entries).toHaveLength(5);
  });

  it('moves, copies, deletes and creates folders with Dropbox error tags', async () => {
    const file = sim.state.put('/one.txt', '1');
    sim.state.put('/two.txt', '2');
    expect((await rpc('files/get_metadata', { path: file.id })).body).toMatchObject({ '.tag': 'file', name: 'one.txt' });
    expect((await rpc('files/get_metadata', { path: '' })).status).toBe(400);
    expect((await rpc('files/move_v2', { from_path: '/one.txt', to_path: '/two.txt' })).body.error_summary).toBe('to/conflict/file/..');
    expect((await rpc('files/copy_v2', { from_path: '/missing', to_path: '/x' })).body.error_summary).toBe('from_lookup/not_found/..');
    const moved = await rpc('files/move_v2', { from_path: file.id, to_path: '/Dir/Uno.txt', autorename: false });
    expect(moved.body.metadata).toMatchObject({ '.tag': 'file', id: file.id, path_display: '/Dir/Uno.txt' });
    const copied = await rpc('files/copy_v2', { from_path: '/Dir', to_path: '/Dir2' });
    expect(copied.body.metadata).toMatchObject({ '.tag': 'folder', path_display: '/Dir2' });
    expect(sim.state.file('/dir2/uno.txt')?.toString()).toBe('1');
    await rpc('files/move_v2', { from_path: '/Dir', to_path: '/Moved' });
    expect(sim.state.node(file.id)?.pathDisplay).toBe('/Moved/Uno.txt');
    expect(sim.state.node('/dir/uno.txt')).toBeUndefined();
    expect((await rpc('files/create_folder_v2', { path: '/Dir2', autorename: false })).body.error_summary).toBe('path/conflict/folder/..');
    const created = await rpc('files/create_folder_v2', { path: '/New' });
    expect(created.body.metadata).toMatchObject({ name: 'New', path_display: '/New' });
    expect(created.body.metadata['.tag']).toBeUndefined();
    expect((await rpc('files/delete_v2', { path: '/Dir2' })).body.metadata['.tag']).toBe('folder');
    expect(sim.state.node('/dir2/uno.txt')).toBeUndefined();
    expect((await rpc('files/delete_v2', { path: '/Dir2' })).body.error_summary).toBe('path_lookup/not_found/..');
  });

  it('searches by name with cursors, and reports space usage', async () => {
    for (let i = 1; i <= 3; i++) sim.state.put(`/reports/Report ${i}.pdf`, 'x'.repeat(i));
    sim.state.put('/other/notes.txt', 'notes');
    const first = await rpc('files/search_v2', { query: 'report', options: { path: '/reports', max_results: 2 } });
    expect(first.body.matches.map((m: any) => m.metadata.metadata.name)).toEqual(['Report 1.pdf', 'Report 2.pdf']);
    expect(first.body.matches[0].metadata['.tag']).toBe('metadata');
    const rest = await rpc('files/search/continue_v2', { cursor: first.body.cursor });
    expect(rest.body).toMatchObject({ has_more: false });
    expect(rest.body.matches).toHaveLength(1);
    expect((await rpc('users/get_space_usage', null)).body).toEqual({ used: 11, allocation: { '.tag': 'individual', allocated: 2 * 1024 ** 3 } });
  });

  it('creates one shared link per file and lists it', async () => {
    const file = sim.state.put('/share/me.txt', 'hi');
    const created = await rpc('sharing/create_shared_link_with_settings', { path: '/share/me.txt' });
    expect(created.body).toMatchObject({ '.tag': 'file', id: file.id, name: 'me.txt', link_permissions: { resolved_visibility: { '.tag': 'public' } } });
    expect(created.body.url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/.+\/me\.txt\?rlkey=.+&dl=0$/);
    const again = await rpc('sharing/create_shared_link_with_settings', { path: file.id });
    expect(again.status).toBe(409);
    expect(again.body.error_summary).toBe('shared_link_already_exists/..');
    expect(again.body.error.shared_link_already_exists.metadata.url).toBe(created.body.url);
    const listed = await rpc('sharing/list_shared_links', { path: file.id, direct_only: true });
    expect(listed.body).toEqual({ links: [created.body], has_more: false });
  });

  it('answers injected failures to the route they name', async () => {
    sim.state.failNext({ route: 'files/list_folder', status: 429, body: { error_summary: 'too_many_requests/..', error: { reason: { '.tag': 'too_many_requests' }, retry_after: 1 } }, headers: { 'retry-after': '1' } });
    expect((await rpc('users/get_space_usage', null)).status).toBe(200);
    const limited = await rpc('files/list_folder', { path: '' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await rpc('files/list_folder', { path: '' })).status).toBe(200);
  });
});
