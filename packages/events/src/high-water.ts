import type { ChangeType } from '@junction/core';
import type { PollMark } from '@junction/store';
import { epochMicros } from './timestamps';

/** A record as a poll saw it: its id and the hub model's change dates (the vendor's text). */
export interface ObservedRecord<T = unknown> {
  id: string;
  modifiedDate: string;
  createdDate?: string;
  record: T;
}

/** A record the poll reports as changed. */
export interface ReportedChange<T = unknown> {
  observed: ObservedRecord<T>;
  eventType: ChangeType;
  /** Microseconds since the epoch of its `modifiedDate`. */
  modifiedMicros: number;
}

/**
 * The mark a first poll leaves, without reporting anything: the newest `modifiedDate` among the
 * records it saw (and their ids), or `since` when it saw none. Changes made after events were
 * enabled are reported by the next poll; history is not replayed.
 */
export function establishMark(observed: ObservedRecord[], since: string): PollMark {
  let best: { text: string; micros: number } | undefined;
  for (const o of observed) {
    const micros = epochMicros(o.modifiedDate);
    if (micros !== undefined && (!best || micros > best.micros)) best = { text: o.modifiedDate, micros };
  }
  if (!best) return { highWater: since, boundaryIds: [] };
  const top = best;
  return { highWater: top.text, boundaryIds: observed.filter((o) => epochMicros(o.modifiedDate) === top.micros).map((o) => o.id) };
}

/**
 * What changed since `previous`, and the mark to keep. A record is new when its `modifiedDate` is
 * after the high-water mark, or equal to it and its id was not reported at that mark yet: vendors
 * stamp several records with the same time, and a poll may run between two of them. The poll asks
 * the vendor for `modifiedDate >= mark`, so the boundary records come back and are filtered here.
 * A change is CREATED when the record was created after the previous mark (or at it, and was not
 * reported there yet), else UPDATED.
 * Records without a readable `modifiedDate` cannot be placed and are skipped.
 */
export function advanceMark<T>(previous: PollMark & { highWater: string }, observed: ObservedRecord<T>[]): { changes: ReportedChange<T>[]; mark: PollMark } {
  const mark = epochMicros(previous.highWater);
  if (mark === undefined) throw new Error(`stored high-water mark '${previous.highWater}' is not a date`);
  const boundary = new Set(previous.boundaryIds);
  const changes: ReportedChange<T>[] = [];
  const seen = new Set<string>();
  for (const o of observed) {
    const modifiedMicros = epochMicros(o.modifiedDate);
    if (modifiedMicros === undefined || seen.has(o.id)) continue;
    seen.add(o.id);
    if (modifiedMicros < mark || (modifiedMicros === mark && boundary.has(o.id))) continue;
    const created = epochMicros(o.createdDate);
    const isNew = created !== undefined && (created > mark || (created === mark && !boundary.has(o.id)));
    changes.push({ observed: o, modifiedMicros, eventType: isNew ? 'CREATED' : 'UPDATED' });
  }
  changes.sort((a, b) => a.modifiedMicros - b.modifiedMicros || (a.observed.id < b.observed.id ? -1 : 1));
  const newest = changes.at(-1);
  if (!newest || newest.modifiedMicros === mark) {
    const atMark = changes.map((c) => c.observed.id);
    return { changes, mark: { highWater: previous.highWater, boundaryIds: [...previous.boundaryIds, ...atMark] } };
  }
  return {
    changes,
    mark: {
      highWater: newest.observed.modifiedDate,
      boundaryIds: changes.filter((c) => c.modifiedMicros === newest.modifiedMicros).map((c) => c.observed.id),
    },
  };
}
