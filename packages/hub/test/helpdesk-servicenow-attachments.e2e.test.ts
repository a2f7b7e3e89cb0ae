import { randomBytes } from 'node:crypto';
import { api, authHeader, signup, startHubProcess, startServiceNowSimulator, type HubProcess, type RunningServiceNowSimulator, type Secrets } from '@junction/testing';
import { provisionServiceNow } from './servicenow-support';

/**
 * Incident attachments through the real hub process, on both ServiceNow elements: multipart in,
 * a raw streamed body out to the Attachment API, the bytes streamed back, byte for byte.
 */
const MAX_UPLOAD = 8 * 1024 * 1024;
const NAME = 'Schadensbericht – 火災 №7.png';

describe('helpdesk incident attachments on ServiceNow', () => {
  let sim: RunningServiceNowSimulator;
  let hub: HubProcess;
  let owner: Secrets;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startServiceNowSimulator({ users: { 'svc.junction': 'correct-password' } });
    hub = await startHubProcess({ JUNCTION_VENDOR_HOSTS: `acme.service-now.com=${sim.url}`, JUNCTION_MAX_UPLOAD_BYTES: String(MAX_UPLOAD) });
    owner = await signup(hub.apiUrl);
    Object.assign(tokens, (await provisionServiceNow(hub.apiUrl, owner)).tokens);
  });

  afterAll(async () => {
    await hub?.stop();
    await sim?.close();
  });

  const auth = (key: string) => authHeader(owner, tokens[key]);
  const newIncident = async (key: string) => {
    const created = await api(hub.apiUrl, 'POST', '/hubs/helpdesk/incidents', { auth: auth(key), json: { subject: 'Printer on fire' } });
    expect(created.status).toBe(200);
    return created.body.id as string;
  };
  /** `POST …/attachments` with the bytes as the multipart part `file` (or `field`). */
  const upload = async (key: string, path: string, content: Buffer, options: { name?: string; type?: string; field?: string } = {}) => {
    const form = new FormData();
    form.append(options.field ?? 'file', new Blob([content], { type: options.type ?? 'image/png' }), options.name ?? NAME);
    const response = await fetch(`${hub.apiUrl}/hubs/helpdesk${path}`, { method: 'POST', headers: { authorization: auth(key) }, body: form });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const download = async (key: string, path: string) => {
    const response = await fetch(`${hub.apiUrl}/hubs/helpdesk${path}`, { headers: { authorization: auth(key) } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const uploadsAtVendor = () => sim.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/now/attachment/file');

  it.each(['servicenow', 'servicenowoauth'])('%s: uploads, lists, downloads byte for byte and deletes a multi-megabyte binary', async (key) => {
    const incident = await newIncident(key);
    const bytes = randomBytes(5 * 1024 * 1024 + 7);
    const before = uploadsAtVendor().length;
    const photo = await upload(key, `/incidents/${incident}/attachments`, bytes);
    expect(photo).toEqual({
      status: 200,
      body: expect.objectContaining({ id: expect.any(String), sys_id: photo.body.id, incidentId: incident, file_name: NAME, content_type: 'image/png', size_bytes: String(bytes.length) }),
    });
    // The hub did not know the size, so the bytes went to ServiceNow chunked, all of them.
    const sent = uploadsAtVendor()[before];
    expect(sent).toMatchObject({ query: { table_name: 'incident', table_sys_id: incident, file_name: NAME }, headers: { 'transfer-encoding': 'chunked', 'content-type': 'image/png' }, bodyBytes: bytes.length });
    const log = Buffer.from('second file\n');
    const second = await upload(key, `/incidents/${incident}/attachments?size=${log.length}`, log, { name: 'log.txt', type: 'text/plain' });
    expect(second.status).toBe(200);
    expect(uploadsAtVendor()[before + 1].headers['content-length']).toBe(String(log.length));

    // Pages follow creation time, then sys_id (both files may share a second).
    const order = [photo.body, second.body].sort((a, b) => a.sys_created_on.localeCompare(b.sys_created_on) || a.sys_id.localeCompare(b.sys_id)).map((a) => a.id);
    const page1 = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents/${incident}/attachments?page=1&pageSize=1`, { auth: auth(key) });
    expect(page1.body.map((a: { id: string }) => a.id)).toEqual([order[0]]);
    expect(page1.headers.get('elements-next-page-token')).toEqual(expect.any(String));
    const page2 = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents/${incident}/attachments?page=2&pageSize=1`, { auth: auth(key) });
    expect(page2.body.map((a: { id: string }) => a.id)).toEqual([order[1]]);
    expect(page2.headers.get('elements-next-page-token')).toBeNull();
    const since = `sys_created_on>='${second.body.sys_created_on.replace(' ', 'T')}'`;
    const recent = await api(hub.apiUrl, 'GET', `/hubs/helpdesk/incidents/${incident}/attachments?where=${encodeURIComponent(since)}`, { auth: auth(key) });
    expect(recent.status).toBe(200);
    expect(recent.body.every((a: { sys_created_on: string }) => a.sys_created_on >= second.body.sys_created_on)).toBe(true);
    expect(recent.body.map((a: { id: string }) => a.id)).toContain(second.body.id);
    expect(recent.headers.get('elements-query-filtered-in-memory')).toBeNull();
    const listCall = sim.state.requests.filter((r) => r.path === '/api/now/attachment').at(-1);
    expect(listCall?.query.sysparm_query).toContain(`table_sys_id=${incident}^sys_created_on>=${second.body.sys_created_on}`);

    for (const path of [`/incidents/${incident}/attachments/${photo.body.id}`, `/attachments/${photo.body.sys_id}`]) {
      const file = await download(key, path);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(file.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(NAME)}`);
      expect(file.bytes.equals(bytes)).toBe(true);
    }

    expect((await api(hub.apiUrl, 'DELETE', `/hubs/helpdesk/incidents/${incident}/attachments/${photo.body.id}`, { auth: auth(key) })).status).toBe(200);
    const gone = await download(key, `/attachments/${photo.body.id}`);
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.bytes.toString()).providerMessage).toBe("No Record found: Record doesn't exist or ACL restricts the record retrieval");
    expect((await api(hub.apiUrl, 'DELETE', `/hubs/helpdesk/attachments/${second.body.sys_id}`, { auth: auth(key) })).status).toBe(200);
    expect(sim.state.attachments.all().filter((a) => a.row.table_sys_id === incident)).toEqual([]);
  });

  it('refuses bad uploads before anything is left at ServiceNow', async () => {
    const key = 'servicenow';
    const incident = await newIncident(key);
    const before = uploadsAtVendor().length;

    const unknown = await upload(key, '/incidents/0123456789abcdef0123456789abcdef/attachments', Buffer.from('x'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("No incident with id '0123456789abcdef0123456789abcdef' found");
    // The incident was looked up first: no byte went to the Attachment API.
    expect(uploadsAtVendor()).toHaveLength(before);

    expect((await upload(key, `/incidents/${incident}/attachments`, Buffer.from('x'), { field: 'attachment' })).body.message).toBe("Missing multipart part 'file' with the file content");
    const json = await api(hub.apiUrl, 'POST', `/hubs/helpdesk/incidents/${incident}/attachments`, { auth: auth(key), json: { file: 'x' } });
    expect(json.status).toBe(415);

    const oversized = await upload(key, `/incidents/${incident}/attachments`, randomBytes(MAX_UPLOAD + 1024));
    expect(oversized).toEqual({ status: 413, body: expect.objectContaining({ message: `The file is larger than the ${MAX_UPLOAD} bytes this server accepts (JUNCTION_MAX_UPLOAD_BYTES)` }) });
    const wrongSize = await upload(key, `/incidents/${incident}/attachments?size=5`, Buffer.from('four'));
    expect(wrongSize).toEqual({ status: 400, body: expect.objectContaining({ message: 'The file has 4 bytes, not its declared size=5' }) });
    // Uploads that were cut never completed at ServiceNow, so it kept nothing.
    expect(uploadsAtVendor().slice(before).every((r) => r.bodyBytes === undefined)).toBe(true);
    expect(sim.state.attachments.all().filter((a) => a.row.table_sys_id === incident)).toEqual([]);

    const other = await newIncident(key);
    const kept = await upload(key, `/incidents/${incident}/attachments`, Buffer.from('mine'), { name: 'mine.txt', type: 'text/plain' });
    const elsewhere = await download(key, `/incidents/${other}/attachments/${kept.body.id}`);
    expect(elsewhere.status).toBe(404);
    expect((await api(hub.apiUrl, 'DELETE', `/hubs/helpdesk/incidents/${other}/attachments/${kept.body.id}`, { auth: auth(key) })).status).toBe(404);
    expect(sim.state.attachments.get(kept.body.id)).toBeDefined();
  });
});
