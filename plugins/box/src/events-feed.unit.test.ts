import type { ElementContext, VendorRequest, VendorResponse } from '@junction/core';
import { boxFeed, STREAM_CHUNK_LIMIT, type BoxEvent } from './events-feed';

/** A context whose vendor answers `GET /events` from a script, recording what was asked. */
function scripted(answers: VendorResponse<string>[]): { ctx: ElementContext; asked: VendorRequest[] } {
  const asked: VendorRequest[] = [];
  const request = async (req: VendorRequest) => {
    asked.push(req);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected call ${req.method} ${req.url}`);
    return answer;
  };
  return { ctx: { config: {}, http: { request } as unknown as ElementContext['http'] }, asked };
}

/** A chunk as Box writes it: the position a bare 64-bit JSON number. */
const chunk = (position: string, entries: BoxEvent[], chunkSize = entries.length): VendorResponse<string> => ({
  status: 200,
  headers: {},
  body: `{"chunk_size":${chunkSize},"next_stream_position":${position},"entries":${JSON.stringify(entries)}}`,
});
const event = (id: string, eventType: string, source: BoxEvent['source']): BoxEvent => ({ type: 'event', event_id: id, event_type: eventType, created_at: '2026-03-02T01:30:00-08:00', source });
const file = (id: string, sequence = '0') => ({ type: 'file', id, name: `${id}.txt`, sequence_id: sequence });

describe('Box event stream polling', () => {
  const files = boxFeed('files');

  it('starts at stream_position=now and keeps the position to the last digit', async () => {
    const { ctx, asked } = scripted([chunk('1152922976252290886', [])]);
    expect(await files.changedSince(ctx, undefined)).toEqual({ events: [], state: '1152922976252290886' });
    expect(asked).toEqual([expect.objectContaining({ method: 'GET', url: 'events', searchParams: { stream_position: 'now' }, responseType: 'text' })]);
  });

  it('follows full chunks, reports each event id once, and maps event types to changes of its object type', async () => {
    const full = Array.from({ length: STREAM_CHUNK_LIMIT - 3 }, (_, i) => event(`noise${i}`, 'ITEM_PREVIEW', file(`p${i}`)));
    const uploaded = event('e1', 'ITEM_UPLOAD', file('11'));
    const { ctx, asked } = scripted([
      chunk('1152922976252291000', [uploaded, event('e2', 'ITEM_CREATE', { type: 'folder', id: '20' }), ...full, uploaded]),
      chunk('1152922976252291004', [uploaded, event('e3', 'ITEM_UPLOAD', file('11', '3')), event('e4', 'ITEM_TRASH', file('12')), event('e5', 'ITEM_RENAME', file('13', '1'))]),
    ]);
    const polled = await files.changedSince(ctx, '1152922976252290886');
    expect(polled.state).toBe('1152922976252291004');
    expect(polled.events).toEqual([
      { eventType: 'CREATED', objectType: 'files', objectId: '11', date: '2026-03-02T01:30:00-08:00', raw: uploaded },
      expect.objectContaining({ eventType: 'UPDATED', objectId: '11', raw: expect.objectContaining({ event_id: 'e3' }) }),
      expect.objectContaining({ eventType: 'DELETED', objectId: '12' }),
      expect.objectContaining({ eventType: 'UPDATED', objectId: '13' }),
    ]);
    expect(asked.map((r) => r.searchParams)).toEqual([
      { stream_position: '1152922976252290886', stream_type: 'changes', limit: STREAM_CHUNK_LIMIT },
      { stream_position: '1152922976252291000', stream_type: 'changes', limit: STREAM_CHUNK_LIMIT },
    ]);

    const { ctx: folderCtx } = scripted([chunk('1152922976252291000', [event('e2', 'ITEM_CREATE', { type: 'folder', id: '20' }), event('e6', 'ITEM_COPY', { item_type: 'folder', item_id: '21' })])]);
    const folders = await boxFeed('folders').changedSince(folderCtx, '1152922976252290886');
    expect(folders.events.map((e) => [e.eventType, e.objectType, e.objectId])).toEqual([
      ['CREATED', 'folders', '20'],
      ['CREATED', 'folders', '21'],
    ]);
  });

  it('stops when the position stays put, even with a full chunk', async () => {
    const same = Array.from({ length: STREAM_CHUNK_LIMIT }, (_, i) => event(`s${i}`, 'ITEM_UPLOAD', file(`${i}`)));
    const { ctx, asked } = scripted([chunk('5', same)]);
    const polled = await files.changedSince(ctx, '5');
    expect(asked).toHaveLength(1);
    expect(polled).toMatchObject({ state: '5' });
    expect(polled.events).toHaveLength(STREAM_CHUNK_LIMIT);
  });

  it('starts again from now when Box refuses the saved position', async () => {
    const refused: VendorResponse<string> = { status: 400, headers: {}, body: '{"type":"error","status":400,"code":"bad_request"}' };
    const { ctx, asked } = scripted([refused, chunk('1152922976252299999', [])]);
    expect(await files.changedSince(ctx, '42')).toEqual({ events: [], state: '1152922976252299999' });
    expect(asked.map((r) => r.searchParams?.stream_position)).toEqual(['42', 'now']);
    expect(asked[0].allowStatuses).toEqual([400]);
  });

  it('fails loudly on an answer without a position rather than losing its place', async () => {
    const { ctx } = scripted([{ status: 200, headers: {}, body: '{"entries":[]}' }]);
    await expect(files.changedSince(ctx, '42')).rejects.toThrow(/next_stream_position/);
  });
});
