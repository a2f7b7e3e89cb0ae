import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { startServiceNowSimulator, type RunningServiceNowSimulator } from './servicenow';

const BASIC = `Basic ${Buffer.from('svc.junction:s3cret').toString('base64')}`;

describe('ServiceNow simulator: Attachment API', () => {
  let sim: RunningServiceNowSimulator;
  let incident: string;

  beforeEach(async () => {
    let clock = Date.UTC(2024, 4, 1, 8, 0, 0);
    sim = await startServiceNowSimulator({ users: { 'svc.junction': 's3cret' }, instanceOrigin: 'https://acme.service-now.com', now: () => (clock += 1000), maxAttachmentBytes: 4096 });
    incident = sim.state.insert('incident', { short_description: 'Printer on fire' }).sys_id;
  });
  afterEach(() => sim.close());

  /** Uploads with a Content-Length, or chunked when `body` is a stream. */
  const upload = async (query: string, body: Buffer | Readable, contentType = 'application/pdf') => {
    const response = await fetch(`${sim.url}/api/now/attachment/file?${query}`, {
      method: 'POST',
      headers: { authorization: BASIC, accept: 'application/json', 'content-type': contentType },
      body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const get = (path: string) => fetch(`${sim.url}${path}`, { headers: { authorization: BASIC } });

  it('stores a chunked upload byte for byte and answers its metadata as documented', async () => {
    const bytes = randomBytes(3000);
    const name = 'Störung №7.pdf';
    const query = `table_name=incident&table_sys_id=${incident}&file_name=${encodeURIComponent(name)}`;
    const created = await upload(query, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(created.status).toBe(201);
    const id = created.body.result.sys_id;
    expect(created.body.result).toMatchObject({
      file_name: name,
      content_type: 'application/pdf',
      size_bytes: '3000',
      table_name: 'incident',
      table_sys_id: incident,
      sys_created_by: 'svc.junction',
      download_link: `https://acme.service-now.com/api/now/attachment/${id}/file`,
    });
    expect(created.headers.get('location')).toBe(`https://acme.service-now.com/api/now/attachment/${id}`);
    expect(sim.state.requests.at(-1)).toMatchObject({ bodyBytes: 3000, headers: { 'transfer-encoding': 'chunked' } });

    const file = await get(`/api/now/attachment/${id}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(JSON.parse(file.headers.get('x-attachment-metadata')!)).toMatchObject({ sys_id: id, file_name: name });
    expect(((await (await get(`/api/now/attachment/${id}`)).json()) as any).result.sys_id).toBe(id);

    const removed = await fetch(`${sim.url}/api/now/attachment/${id}`, { method: 'DELETE', headers: { authorization: BASIC } });
    expect(removed.status).toBe(204);
    expect((await get(`/api/now/attachment/${id}`)).status).toBe(404);
  });

  it('lists by encoded query with limit and offset', async () => {
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await upload(`table_name=incident&table_sys_id=${incident}&file_name=${name}`, Buffer.from(name), 'text/plain');
    const list = async (query: string) => ((await (await get(`/api/now/attachment?${query}`)).json()) as any).result.map((r: { file_name: string }) => r.file_name);
    expect(await list(`sysparm_query=table_sys_id=${incident}^ORDERBYDESCfile_name&sysparm_limit=2`)).toEqual(['c.txt', 'b.txt']);
    expect(await list(`sysparm_query=table_sys_id=${incident}^ORDERBYDESCfile_name&sysparm_limit=2&sysparm_offset=2`)).toEqual(['a.txt']);
    expect(await list('sysparm_query=file_nameSTARTSWITHb')).toEqual(['b.txt']);
  });

  it('refuses missing parameters, an unknown record and a file over the size limit, keeping nothing', async () => {
    expect((await upload(`table_name=incident&table_sys_id=${incident}`, Buffer.from('x'))).body).toEqual({
      error: { message: 'Missing parameters', detail: 'table_name, table_sys_id and file_name are mandatory' },
      status: 'failure',
    });
    const unknown = await upload('table_name=incident&table_sys_id=0123456789abcdef0123456789abcdef&file_name=x.bin', Buffer.from('x'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.status).toBe('failure');
    const big = await upload(`table_name=incident&table_sys_id=${incident}&file_name=big.bin`, Readable.from([randomBytes(3000), randomBytes(3000)]));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('Failed to create the attachment');
    expect(sim.state.attachments.all()).toEqual([]);
  });

  it('keeps nothing of an upload the client abandons', async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${sim.url}/api/now/attachment/file?table_name=incident&table_sys_id=${incident}&file_name=cut.bin`, {
        method: 'POST',
        headers: { authorization: BASIC, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      });
      req.on('error', () => resolve());
      req.write(randomBytes(1000), () => setTimeout(() => req.destroy(), 50));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.state.attachments.all()).toEqual([]);
    expect(sim.state.requests.at(-1)?.bodyBytes).toBeUndefined();
  });

  it('drops the files of a deleted record', async () => {
    await upload(`table_name=incident&table_sys_id=${incident}&file_name=x.txt`, Buffer.from('x'), 'text/plain');
    expect(sim.state.attachments.all()).toHaveLength(1);
    sim.state.delete('incident', incident);
    expect(sim.state.attachments.all()).toEqual([]);
  });
});
