import {
  BadRequestError,
  fieldsOf,
  mapFields,
  matchesCeql,
  printCeql,
  pushdownTest,
  splitForPushdown,
  vendorToHubFields,
  operatorOf,
  type AnyResource,
  type CeqlNode,
  type ElementContext,
} from '@junction/core';
import { decodePageToken, encodePageToken, type HubQuery } from './query';

/** Vendor calls one hub page may make while filling itself from filtered or capped vendor pages. */
const MAX_VENDOR_CALLS_PER_PAGE = 10;
/** How deep `page=N` may walk a cursor-paged vendor. */
const MAX_WALK_RECORDS = 10_000;

export interface ListOutcome {
  /** Vendor records paired with what the hub answers for them. */
  records: { vendor: object; shown: Record<string, unknown> }[];
  nextToken?: string;
  total?: number;
  /** The part of `where` evaluated in memory, for the response header. */
  inMemory?: string;
}

/**
 * One page of a hub list: the pushable part of `where` goes to the vendor to cut what it sends,
 * the whole of `where` is still checked here (so a vendor filter that is looser than CEQL cannot
 * leak records), and short pages are topped up from the vendor so `pageSize` means what it says.
 */
export async function listPage(ctx: ElementContext, resource: AnyResource, query: HubQuery, native: boolean): Promise<ListOutcome> {
  const shape = (vendor: object) => (native ? (vendor as Record<string, unknown>) : (resource.toHub(vendor) as Record<string, unknown>));
  if (query.where && !native) {
    const known = Object.keys(resource.model.shape);
    const unknown = fieldsOf(query.where).filter((f) => !known.includes(f));
    if (unknown.length) throw new BadRequestError(`Unknown field '${unknown[0]}' in where; ${resource.name} has: ${known.join(', ')}`);
  }
  const canPush = pushdownTest(resource, native);
  const split = query.where ? splitForPushdown(query.where, (p) => canPush(p.field, operatorOf(p))) : {};
  let pushed: CeqlNode | undefined = split.pushed;
  if (pushed && native) {
    const rename = vendorToHubFields(resource);
    pushed = mapFields(pushed, (f) => rename.get(f) ?? f);
  }

  let cursor = query.nextPage ? decodePageToken(query.nextPage) : undefined;
  if (!query.nextPage && query.page && query.page > 1) {
    if (resource.paging === 'offset') cursor = String((query.page - 1) * query.pageSize);
    else {
      if ((query.page - 1) * query.pageSize > MAX_WALK_RECORDS) throw new BadRequestError(`page × pageSize beyond ${MAX_WALK_RECORDS}: use nextPage tokens to go deeper`);
      for (let p = 1; p < query.page; p++) {
        const skipped = await fill(ctx, resource, query.pageSize, cursor, pushed, query.where, shape);
        cursor = skipped.cursor;
        if (!cursor) return { records: [] };
      }
    }
  }
  const page = await fill(ctx, resource, query.pageSize, cursor, pushed, query.where, shape);
  return {
    records: page.records,
    nextToken: page.cursor ? encodePageToken(page.cursor) : undefined,
    total: split.remainder ? undefined : page.total,
    inMemory: split.remainder ? printCeql(split.remainder) : undefined,
  };
}

async function fill(
  ctx: ElementContext,
  resource: AnyResource,
  pageSize: number,
  start: string | undefined,
  pushed: CeqlNode | undefined,
  where: CeqlNode | undefined,
  shape: (vendor: object) => Record<string, unknown>,
) {
  const records: ListOutcome['records'] = [];
  let cursor = start;
  let total: number | undefined;
  for (let calls = 0; calls < MAX_VENDOR_CALLS_PER_PAGE; calls++) {
    const want = Math.min(pageSize - records.length, resource.maxPageSize);
    const page = await resource.list!(ctx, { pageSize: want, cursor, where: pushed });
    total = page.total;
    for (const vendor of page.records) {
      const shown = shape(vendor);
      if (!where || matchesCeql(where, shown)) records.push({ vendor, shown });
    }
    cursor = page.cursor;
    if (!cursor || records.length >= pageSize || page.records.length === 0) break;
  }
  return { records, cursor, total };
}
