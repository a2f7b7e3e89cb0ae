import { Readable } from 'node:stream';
import { servicenow, servicenowoauth } from '../src';
import { expectedAuthorization, failureOf, hubList, hubRecord, resourceOf, withServiceNow, type SeedTarget } from './servicenow-vendor';

const INCIDENT = '9d385017c611228701d22104cc95c371';
const MISSING = '0123456789abcdef0123456789abcdef';
const NAME = 'Störung – 障害.txt';
const REPORT = Buffer.from('line 1: smoke seen\nline 2: printer unplugged\n');
const NOTES = Buffer.from('fire brigade called at 09:12\n');

function seed(simulator: SeedTarget): void {
  simulator.insert('incident', { sys_id: INCIDENT, short_description: 'Printer on fire' });
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each([servicenow, servicenowoauth])('$key incident attachments', (element) => {
  const attachments = resourceOf(element, 'attachments');
  const binary = attachments.binary!;

  it('uploads raw bodies, lists with paging and pushed-down dates, downloads byte for byte and deletes', async () => {
    await withServiceNow(element, 'attachments', { seed }, async (ctx, sent) => {
      // Unknown size: the body streams chunked. Known size: sent with its length.
      const report = hubRecord(attachments, await binary.upload(ctx, INCIDENT, { content: Readable.from([REPORT.subarray(0, 10), REPORT.subarray(10)]), name: NAME, mimeType: 'text/plain' }));
      expect(sent[0]).toMatchObject({ method: 'POST', query: { table_name: 'incident', table_sys_id: INCIDENT, file_name: NAME }, authorization: expectedAuthorization[element.key] });
      expect(sent[0].headers).toEqual({ 'content-type': 'text/plain', 'content-length': undefined, 'transfer-encoding': undefined });
      expect(report).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        incidentId: INCIDENT,
        sys_id: report.id,
        file_name: NAME,
        content_type: 'text/plain',
        size_bytes: String(REPORT.length),
        table_name: 'incident',
        table_sys_id: INCIDENT,
        sys_created_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        sys_created_by: 'svc.junction',
        sys_updated_on: expect.any(String),
      });
      const notes = hubRecord(attachments, await binary.upload(ctx, INCIDENT, { content: Readable.from([NOTES]), name: 'notes.log', size: NOTES.length }));
      expect(sent[1].headers).toEqual({ 'content-type': 'application/octet-stream', 'content-length': String(NOTES.length), 'transfer-encoding': undefined });

      // `/incidents/{id}/attachments?pageSize=1`: one more than asked tells whether a next page exists.
      const first = await hubList(attachments, ctx, `incidentId = '${INCIDENT}'`, { pageSize: 1 });
      expect(sent[2].query).toEqual({ sysparm_query: `table_name=incident^table_sys_id=${INCIDENT}^ORDERBYsys_created_on^ORDERBYsys_id`, sysparm_limit: '2', sysparm_offset: '0' });
      expect(first.shown.map((a) => a.id)).toEqual([report.id]);
      const second = await hubList(attachments, ctx, `incidentId = '${INCIDENT}'`, { pageSize: 1, cursor: first.cursor });
      expect(second.shown.map((a) => a.id)).toEqual([notes.id]);
      expect(second.cursor).toBeUndefined();

      const since = await hubList(attachments, ctx, `incidentId = '${INCIDENT}' AND sys_created_on >= '${isoOf(notes.sys_created_on as string)}'`, { pageSize: 10 });
      expect(sent[4].query.sysparm_query).toBe(`table_name=incident^table_sys_id=${INCIDENT}^sys_created_on>=${notes.sys_created_on}^ORDERBYsys_created_on^ORDERBYsys_id`);
      expect(since.shown.map((a) => a.id)).toEqual([notes.id]);

      const record = await attachments.get!(ctx, report.id as string);
      const file = await binary.download(ctx, record);
      expect(file).toMatchObject({ name: NAME, mimeType: 'text/plain', size: REPORT.length });
      expect((await bytesOf(file.content)).equals(REPORT)).toBe(true);
      expect(sent.slice(5).map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([`GET /api/now/attachment/${report.id}`, `GET /api/now/attachment/${report.id}/file`]);

      await attachments.delete!(ctx, report.id as string);
      const gone = await failureOf(attachments.get!(ctx, report.id as string));
      expect(gone).toMatchObject({ status: 404, providerMessage: "No Record found: Record doesn't exist or ACL restricts the record retrieval" });
      await attachments.delete!(ctx, notes.id as string);
    });
  });

  it('keeps ServiceNow\'s words when the record to attach to does not exist', async () => {
    await withServiceNow(element, 'attachments-missing', { seed }, async (ctx) => {
      const refused = await failureOf(binary.upload(ctx, MISSING, { content: Readable.from([Buffer.from('x')]), name: 'x.txt', mimeType: 'text/plain' }));
      expect(refused).toMatchObject({ status: 404, vendorStatus: 404 });
      expect(refused.providerMessage).toBe(`No Record found: Record ${MISSING} doesn't exist in table incident or ACL restricts it`);
    });
  });
});

/** `2024-05-06 09:00:03` → `2024-05-06T09:00:03Z`, as a client writes dates in CEQL. */
function isoOf(glide: string): string {
  return `${glide.replace(' ', 'T')}Z`;
}
