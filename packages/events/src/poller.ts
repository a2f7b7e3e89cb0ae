import { randomUUID } from 'node:crypto';
import {
  polledObjectType,
  pushdownTest,
  type CeqlNode,
  type ChangedSince,
  type ElementContext,
  type ListPolling,
  type NormalizedChange,
  type PolledObject,
} from '@junction/core';
import type { InstanceRecord, NewEvent, PollMark, Store } from '@junction/store';
import { advanceMark, establishMark, type ObservedRecord } from './high-water';
import type { EventsHost } from './host';
import { instanceEventSettings } from './instance-settings';
import { epochMicros, isoFromMicros } from './timestamps';

/** How far back the first poll looks for the newest record to set its mark from. */
const FIRST_POLL_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** A poll lists every record changed since the mark; past this, the mark cannot advance safely. */
const MAX_RECORDS_PER_POLL = 50_000;
/** Changes per notification, as Cloud Elements sends polling events. */
export const CHANGES_PER_POLLING_EVENT = 10;

/** What one poll of one instance found. */
export interface PollReport {
  instanceId: number;
  objects: { objectType: string; changes: number; error?: string }[];
  events: NewEvent[];
}

/** Thrown when a poll's lease ran out and another poll took the instance over: nothing more is stored. */
export class PollLeaseLostError extends Error {
  constructor(instanceId: number) {
    super(`the poll lease of instance ${instanceId} was lost`);
  }
}

/** Polls one instance: each selected object, its changes since the object's mark, stored as events. */
export class Poller {
  constructor(
    private readonly store: Store,
    private readonly host: EventsHost,
    private readonly pollFloorSeconds: number,
  ) {}

  /**
   * Polls `instance` under `owner`'s lease (see `PollStateRepository.claim`); `known` are its marks
   * when the caller read them already (for a batch of instances at once).
   */
  async poll(instance: InstanceRecord, owner: string, now = new Date(), known?: Map<string, PollMark>): Promise<PollReport> {
    const element = this.host.element(instance.elementKey);
    const settings = instanceEventSettings(instance, element?.events, this.pollFloorSeconds);
    const report: PollReport = { instanceId: instance.id, objects: [], events: [] };
    if (!element || settings.polled.length === 0) return report;
    const ctx = this.host.context(instance);
    const marks = known ?? (await this.store.pollState.marks(instance.id));
    for (const source of sourcesOf(ctx, settings.polled, settings.startFrom, now)) {
      const { objectType, markKey } = source;
      // A list and its deletions report as one object.
      let entry = report.objects.find((o) => o.objectType === objectType);
      if (!entry) {
        entry = { objectType, changes: 0 };
        report.objects.push(entry);
      }
      let found: { changes: Omit<NormalizedChange, 'objectType'>[]; mark: PollMark };
      try {
        found = await source.read(marks.get(markKey));
      } catch (error) {
        entry.error = error instanceof Error ? error.message : String(error);
        continue;
      }
      const events = eventsFor(instance, objectType, found.changes);
      // An idle object (nothing new, same mark) needs no write: most polls of most instances.
      if (events.length === 0 && sameMark(marks.get(markKey), found.mark)) continue;
      if (!(await this.store.pollState.commit(instance.id, owner, markKey, found.mark, events))) throw new PollLeaseLostError(instance.id);
      entry.changes += found.changes.length;
      report.events.push(...events);
    }
    return report;
  }
}

/** One thing a poll reads, with the mark it keeps under `markKey`. */
interface PollSource {
  objectType: string;
  markKey: string;
  read: (mark: PollMark | undefined) => Promise<{ changes: Omit<NormalizedChange, 'objectType'>[]; mark: PollMark }>;
}

/** What a poll reads: each object's list or feed, and a list's deletions where the element reports them. */
function sourcesOf(ctx: ElementContext, polled: PolledObject[], startFrom: string | undefined, now: Date): PollSource[] {
  return polled.flatMap((object): PollSource[] => {
    const objectType = polledObjectType(object);
    if ('changedSince' in object) return [{ objectType, markKey: objectType, read: (mark) => feedChanges(ctx, object.changedSince, mark) }];
    const list: PollSource = { objectType, markKey: objectType, read: (mark) => listChanges(ctx, object, mark, startFrom, now) };
    const deletions = object.deletions;
    if (!deletions) return [list];
    return [list, { objectType, markKey: `${objectType}${DELETIONS_MARK_SUFFIX}`, read: (mark) => feedChanges(ctx, deletions, mark) }];
  });
}

/** Where a list's deletions keep their position, next to the list's own mark. */
export const DELETIONS_MARK_SUFFIX = ':deleted';

async function feedChanges(ctx: ElementContext, changedSince: ChangedSince, mark: PollMark | undefined) {
  const { events, state } = await changedSince(ctx, mark?.feedState);
  // A first call only establishes the position, whatever the feed returned with it.
  return { changes: mark?.feedState === undefined ? [] : events, mark: { boundaryIds: [], feedState: state } };
}

/**
 * Lists the records modified at or after the mark through the resource's own `list`, with the
 * predicate pushed down when the resource can push it, and keeps the ones that are really new.
 */
async function listChanges(ctx: ElementContext, object: ListPolling, mark: PollMark | undefined, startFrom: string | undefined, now: Date) {
  const resource = object.resource;
  const since = mark?.highWater ?? startFrom ?? new Date(now.getTime() - FIRST_POLL_LOOKBACK_MS).toISOString();
  const where: CeqlNode = { kind: 'comparison', field: 'modifiedDate', operator: '>=', value: since };
  const pushed = pushdownTest(resource, false)('modifiedDate', '>=') ? where : undefined;
  const observed: ObservedRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await resource.list!(ctx, { pageSize: resource.maxPageSize, cursor, where: pushed });
    for (const vendor of page.records) {
      const hub = resource.toHub(vendor) as Record<string, unknown>;
      if (typeof hub.id !== 'string' || typeof hub.modifiedDate !== 'string') continue;
      observed.push({ id: hub.id, modifiedDate: hub.modifiedDate, createdDate: typeof hub.createdDate === 'string' ? hub.createdDate : undefined, record: hub });
    }
    if (observed.length > MAX_RECORDS_PER_POLL) throw new Error(`more than ${MAX_RECORDS_PER_POLL} ${resource.name} changed since ${since}`);
    cursor = page.cursor;
  } while (cursor);

  if (!mark?.highWater && !startFrom) return { changes: [], mark: establishMark(observed, since) };
  const advanced = advanceMark({ boundaryIds: [], ...mark, highWater: since }, observed);
  return {
    changes: advanced.changes.map((c) => ({ eventType: c.eventType, objectId: c.observed.id, date: isoFromMicros(c.modifiedMicros), raw: c.observed.record })),
    mark: advanced.mark,
  };
}

/** Groups an object's changes into events of up to ten, each carrying its records as `raw`. */
function eventsFor(instance: InstanceRecord, objectType: string, changes: Omit<NormalizedChange, 'objectType'>[]): NewEvent[] {
  const events: NewEvent[] = [];
  for (let i = 0; i < changes.length; i += CHANGES_PER_POLLING_EVENT) {
    const chunk = changes.slice(i, i + CHANGES_PER_POLLING_EVENT);
    events.push({
      id: randomUUID(),
      organizationId: instance.organizationId,
      instanceId: instance.id,
      elementKey: instance.elementKey,
      source: 'polling',
      changes: chunk.map((c) => ({ eventType: c.eventType, objectType, objectId: c.objectId, date: normalizeDate(c.date) })),
      raw: { objectType, [objectType]: chunk.map((c) => c.raw ?? null) },
    });
  }
  return events;
}

function sameMark(a: PollMark | undefined, b: PollMark): boolean {
  return a !== undefined && a.highWater === b.highWater && a.feedState === b.feedState && a.boundaryIds.join('\n') === b.boundaryIds.join('\n');
}

/** Dates reach the app as ISO-8601 in UTC, whatever form the vendor used. */
export function normalizeDate(date: string): string {
  const micros = epochMicros(date);
  return micros === undefined ? date : isoFromMicros(micros);
}
