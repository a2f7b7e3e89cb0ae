import type { ChangedSince, HubModel, NormalizedChange, ResourceDefinition } from '@junction/core';
import { propertiesOf, type HubSpotObject, type ObjectSpec } from './crm-objects';

/**
 * Deletions read from HubSpot's recycle bin. A DELETE archives the record; the objects list with
 * `archived=true` lists the archived records (in id order, with `archivedAt`) for the 90 days they
 * can be restored (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/delete-contact).
 * The list has no date filter, so every scan pages through the whole bin and keeps the records
 * archived since the saved position.
 *
 * A scan can take several polls ({@link ArchivedOptions.maxPages} pages each), and records keep
 * being archived while it runs: one archived behind the scan's cursor is only seen by the next
 * scan, possibly after a later-archived one was already reported. So the next scan does not
 * start from the newest `archivedAt` seen but from that or, if earlier, the scan's start less
 * {@link CLOCK_MARGIN_MS}, and the state keeps the ids (and `archivedAt`) reported from there on,
 * which are then not reported again. When nothing was archived lately that is the newest
 * `archivedAt` and the ids archived at exactly that instant.
 */

/** Archived records per request: the most the objects list returns. */
const PAGE_SIZE = 100;
/** Requests per call, so one poll reads at most 1,000 archived records of a type. */
const MAX_PAGES = 10;
/**
 * How far HubSpot's clock, and the moment an archived record shows in the list, may lag ours.
 * Records archived within this span before a scan started are looked at again by the next scan.
 */
export const CLOCK_MARGIN_MS = 5 * 60 * 1000;

export interface ArchivedOptions {
  /** @default 100 */
  pageSize?: number;
  /** @default 10 */
  maxPages?: number;
  /** @default Date.now */
  now?: () => number;
}

/** What a deletions position holds (JSON in the poller's state string). */
interface ArchiveState {
  /** Records archived before this instant are reported (or predate the events); absent until the first scan ends. */
  since?: string;
  /** Records archived at or after `since` that are reported (or predate the events): id → `archivedAt`. */
  known: Record<string, string>;
  /** An unfinished scan: where it goes on, when it started, and what it saw that the next position may need. */
  scan?: { after: string; started: string; seen: Record<string, string> };
}

interface ArchivedPage {
  results?: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

/**
 * The `deletions` of a polled resource: its records archived since `state`, as `DELETED` changes
 * dated by `archivedAt`, each with the record in hub shape as `raw`. The first call reports
 * nothing and returns the position.
 *
 * @example
 * { resource: accounts, deletions: archivedDeletions(accountsSpec, accounts) }
 */
export function archivedDeletions(spec: ObjectSpec, resource: ResourceDefinition<HubSpotObject, HubModel>, options: ArchivedOptions = {}): ChangedSince {
  const { pageSize = PAGE_SIZE, maxPages = MAX_PAGES, now = Date.now } = options;
  const properties = propertiesOf(spec).join(',');
  return async (ctx, saved) => {
    const state = readState(saved);
    const started = state.scan?.started ?? new Date(now()).toISOString();
    const seen = { ...state.scan?.seen };
    const changes: NormalizedChange[] = [];
    let after = state.scan?.after;
    for (let pages = 0; pages < maxPages; pages++) {
      // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/get-companies
      // (GET /crm/v3/objects/{objectType}?archived=true&limit=&after=: archived records only, each with archivedAt)
      const page = await ctx.http.get<ArchivedPage>(`crm/v3/objects/${spec.objectType}`, { limit: pageSize, after, archived: true, properties });
      if (!page || !Array.isArray(page.results)) throw new TypeError(`HubSpot answered GET /crm/v3/objects/${spec.objectType}?archived=true without a results list`);
      for (const record of page.results) {
        const at = archivedAt(record);
        if (at === undefined || !inScope(spec, record)) continue;
        seen[record.id] = at;
        if (state.since !== undefined && at >= state.since && state.known[record.id] !== at) {
          changes.push({ eventType: 'DELETED', objectType: resource.name, objectId: record.id, date: at, raw: resource.toHub(record) });
        }
      }
      keepRecent(seen, marginBefore(started));
      after = page.paging?.next?.after;
      if (after === undefined) break;
    }
    changes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const next: ArchiveState = after === undefined ? finishScan(state, started, seen) : { ...state, scan: { after, started, seen } };
    return { events: changes, state: JSON.stringify(next) };
  };
}

/** When the record went to the recycle bin, as ISO-8601 in UTC; `updatedAt` stands in should `archivedAt` be missing. */
function archivedAt(record: HubSpotObject): string | undefined {
  const stamp = Date.parse(record.archivedAt ?? record.updatedAt ?? '');
  return Number.isNaN(stamp) ? undefined : new Date(stamp).toISOString();
}

/** Whether the record belongs to the resource (leads: contacts in the lead stage when archived). */
function inScope(spec: ObjectSpec, record: HubSpotObject): boolean {
  return (spec.requiredFilters ?? []).every((filter) => filter.operator === 'EQ' && record.properties?.[filter.propertyName] === filter.value);
}

function marginBefore(iso: string): string {
  return new Date(Date.parse(iso) - CLOCK_MARGIN_MS).toISOString();
}

/** The newest `archivedAt` of `records`, if any. */
function newestOf(records: Record<string, string>): string | undefined {
  let newest: string | undefined;
  for (const at of Object.values(records)) if (newest === undefined || at > newest) newest = at;
  return newest;
}

/** Drops what the next position cannot need: records archived before both the newest seen and the margin before the scan. */
function keepRecent(seen: Record<string, string>, margin: string): void {
  const newest = newestOf(seen);
  if (newest === undefined) return;
  const floor = newest < margin ? newest : margin;
  for (const [id, at] of Object.entries(seen)) if (at < floor) delete seen[id];
}

/**
 * The position after a complete scan: the newest `archivedAt` seen, or the margin before the
 * scan's start if that is earlier (whatever was archived behind the cursor meanwhile is later),
 * never before the previous position; with the records seen from there on. An empty bin on the
 * first scan makes every later archive new, whatever HubSpot's clock says.
 */
function finishScan(state: ArchiveState, started: string, seen: Record<string, string>): ArchiveState {
  const margin = marginBefore(started);
  const newest = newestOf(seen);
  let since = newest === undefined ? (state.since ?? new Date(0).toISOString()) : newest < margin ? newest : margin;
  if (state.since !== undefined && since < state.since) since = state.since;
  return { since, known: Object.fromEntries(Object.entries(seen).filter(([, at]) => at >= since)) };
}

/** The saved position; one this code cannot read starts over as a first call (a scan that reports nothing). */
function readState(saved: string | undefined): ArchiveState {
  if (saved === undefined) return { known: {} };
  try {
    const parsed = JSON.parse(saved) as Partial<ArchiveState>;
    const known = parsed.known !== null && typeof parsed.known === 'object' ? parsed.known : {};
    const scan = parsed.scan && typeof parsed.scan.after === 'string' && typeof parsed.scan.started === 'string' ? parsed.scan : undefined;
    return { since: typeof parsed.since === 'string' ? parsed.since : undefined, known, ...(scan ? { scan: { ...scan, seen: scan.seen ?? {} } } : {}) };
  } catch {
    return { known: {} };
  }
}
