import { createHmac } from 'node:crypto';
import { startDropboxSimulator, type RunningDropboxSimulator } from './dropbox';
import { readRawBody, sendRaw, splitUrl, startSimulator, type RunningSimulator } from './simulator-server';

describe('Dropbox simulator change cursors and webhooks', () => {
  let sim: RunningDropboxSimulator;

  const rpc = async (route: string, arg: unknown) => {
    const response = await fetch(`${sim.url}/2/${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(arg),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
  const upload = (path: string, text: string) =>
    fetch(`${sim.url}/2/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.accessToken}`, 'content-type': 'application/octet-stream', 'dropbox-api-arg': JSON.stringify({ path, mode: 'overwrite' }) },
      body: text,
    }).then((r) => r.json() as Promise<any>);
  const latest = async (arg: Record<string, unknown> = {}) => (await rpc('files/list_folder/get_latest_cursor', { path: '', recursive: true, include_deleted: true, ...arg })).body.cursor as string;
  const tagsAndPaths = (entries: { '.tag': string; path_lower: string }[]) => entries.map((e) => `${e['.tag']} ${e.path_lower}`);

  beforeEach(async () => {
    sim = await startDropboxSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('answers get_latest_cursor with a cursor only, from which continue reports each changed path as it is now', async () => {
    sim.state.put('/Before/old.txt', 'old');
    const start = await rpc('files/list_folder/get_latest_cursor', { path: '', recursive: true, include_deleted: true });
    expect(start.status).toBe(200);
    expect(Object.keys(start.body)).toEqual(['cursor']);
    expect(await rpc('files/list_folder/continue', { cursor: start.body.cursor })).toMatchObject({ status: 200, body: { entries: [], has_more: false } });

    const uploaded = await upload('/Docs/a.txt', 'one');
    await upload('/Docs/a.txt', 'two');
    await rpc('files/delete_v2', { path: '/Before/old.txt' });
    const changed = await rpc('files/list_folder/continue', { cursor: start.body.cursor });
    expect(changed.status).toBe(200);
    // The folder made on the way, the file once (as it is now), and the deleted file without an id.
    expect(tagsAndPaths(changed.body.entries)).toEqual(['folder /docs', 'file /docs/a.txt', 'deleted /before/old.txt']);
    expect(changed.body.entries[1]).toMatchObject({ id: uploaded.id, size: 3, rev: expect.any(String), server_modified: expect.stringMatching(/Z$/) });
    expect(changed.body.entries[2]).toEqual({ '.tag': 'deleted', name: 'old.txt', path_lower: '/before/old.txt', path_display: '/Before/old.txt' });
    expect(changed.body.has_more).toBe(false);
    expect(await rpc('files/list_folder/continue', { cursor: changed.body.cursor })).toMatchObject({ body: { entries: [] } });
  });

  it('leaves deletions out without include_deleted, reports a deleted folder once, and keeps to the listed folder', async () => {
    sim.state.put('/Team/deep/x.txt', 'x');
    sim.state.put('/Other/y.txt', 'y');
    const withoutDeleted = await latest({ include_deleted: false });
    const teamOnly = await latest({ path: '/Team', recursive: false });
    const everything = await latest();
    sim.state.remove('/Team/deep');
    sim.state.put('/Team/top.txt', 'top');
    sim.state.put('/Other/z.txt', 'z');

    expect(tagsAndPaths((await rpc('files/list_folder/continue', { cursor: everything })).body.entries)).toEqual(['deleted /team/deep', 'file /team/top.txt', 'file /other/z.txt']);
    expect(tagsAndPaths((await rpc('files/list_folder/continue', { cursor: withoutDeleted })).body.entries)).toEqual(['file /team/top.txt', 'file /other/z.txt']);
    expect(tagsAndPaths((await rpc('files/list_folder/continue', { cursor: teamOnly })).body.entries)).toEqual(['deleted /team/deep', 'file /team/top.txt']);
  });

  it('pages changes by the cursor’s limit, and hands a finished listing over to its changes', async () => {
    const cursor = await latest({ limit: 2 });
    for (const name of ['a', 'b', 'c']) sim.state.put(`/${name}.txt`, name);
    const first = await rpc('files/list_folder/continue', { cursor });
    expect(first.body).toMatchObject({ has_more: true });
    expect(tagsAndPaths(first.body.entries)).toEqual(['file /a.txt', 'file /b.txt']);
    const rest = await rpc('files/list_folder/continue', { cursor: first.body.cursor });
    expect(rest.body).toMatchObject({ has_more: false });
    expect(tagsAndPaths(rest.body.entries)).toEqual(['file /c.txt']);

    const listed = await rpc('files/list_folder', { path: '', limit: 2 });
    expect(listed.body.has_more).toBe(true);
    const done = await rpc('files/list_folder/continue', { cursor: listed.body.cursor });
    expect(tagsAndPaths(done.body.entries)).toEqual(['file /c.txt']);
    expect(done.body.has_more).toBe(false);
    sim.state.put('/d.txt', 'd');
    expect(tagsAndPaths((await rpc('files/list_folder/continue', { cursor: done.body.cursor })).body.entries)).toEqual(['file /d.txt']);
  });

  it('answers an expired or unknown cursor with the reset route error, and checks the argument as Stone declares it', async () => {
    const cursor = await latest();
    sim.state.expireCursors();
    const reset = { status: 409, body: { error_summary: 'reset/..', error: { '.tag': 'reset' } } };
    expect(await rpc('files/list_folder/continue', { cursor })).toEqual(reset);
    expect(await rpc('files/list_folder/continue', { cursor: 'AAFnotacursor' })).toEqual(reset);
    // A fresh cursor works again.
    expect((await rpc('files/list_folder/continue', { cursor: await latest() })).status).toBe(200);

    expect(await rpc('files/list_folder/get_latest_cursor', { path: '/missing' })).toMatchObject({ status: 409, body: { error_summary: 'path/not_found/..' } });
    expect(await rpc('files/list_folder/get_latest_cursor', { path: '', cursor: 'x' })).toMatchObject({ status: 400, body: expect.stringContaining("unknown field 'cursor'") });
    expect(await rpc('files/list_folder/get_latest_cursor', {})).toMatchObject({ status: 400, body: expect.stringContaining("missing required field 'path'") });
  });

  describe('webhooks', () => {
    let app: RunningSimulator;
    const posts: { headers: Record<string, unknown>; raw: string }[] = [];
    let echo = true;

    beforeEach(async () => {
      posts.length = 0;
      echo = true;
      app = await startSimulator(async (req, res) => {
        if (req.method === 'GET') {
          const challenge = String(splitUrl(req.url).query.challenge ?? '');
          return sendRaw(res, 200, echo ? challenge : 'hello', { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' });
        }
        posts.push({ headers: req.headers, raw: (await readRawBody(req)).toString('utf8') });
        sendRaw(res, 200, '');
      });
    });
    afterEach(async () => {
      await app.close();
    });

    it('verifies a URI with a challenge before adding it, and refuses one that does not echo it', async () => {
      const verification = await sim.state.webhooks.add(`${app.url}/hook`);
      expect(verification).toMatchObject({ status: 200, headers: expect.objectContaining({ 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' }) });
      expect(verification.body).toBe(verification.challenge);
      expect(verification.challenge.length).toBeGreaterThan(10);

      echo = false;
      await expect(sim.state.webhooks.add(`${app.url}/other`)).rejects.toThrow(/failed verification: 200 hello/);
      sim.state.put('/x.txt', 'x');
      await sim.state.webhooks.flush();
      expect(sim.state.webhooks.deliveries.map((d) => d.url)).toEqual([`${app.url}/hook`]);
    });

    it('posts one notification per burst of changes, signed with the app secret, naming the account', async () => {
      sim.state.put('/before.txt', 'not notified: no URI yet');
      await sim.state.webhooks.flush();
      expect(sim.state.webhooks.deliveries).toHaveLength(0);

      await sim.state.webhooks.add(`${app.url}/hook`);
      sim.state.put('/Folder/a.txt', 'a');
      sim.state.put('/Folder/b.txt', 'b');
      await sim.state.webhooks.flush();
      expect(posts).toHaveLength(1);
      expect(JSON.parse(posts[0].raw)).toEqual({ list_folder: { accounts: [sim.state.account.accountId] }, delta: { users: [sim.state.account.uid] } });
      expect(posts[0].headers['x-dropbox-signature']).toBe(createHmac('sha256', sim.clientSecret).update(posts[0].raw).digest('hex'));
      expect(posts[0].headers['content-type']).toBe('application/json');
      expect(sim.state.webhooks.deliveries[0].status).toBe(200);

      await upload('/Folder/c.txt', 'c');
      await sim.state.webhooks.flush();
      expect(posts).toHaveLength(2);
      sim.state.webhooks.remove(`${app.url}/hook`);
      sim.state.remove('/Folder');
      await sim.state.webhooks.flush();
      expect(posts).toHaveLength(2);
    });
  });
});
