import { VendorError, type ChangedSince, type ElementContext, type ListPage, type NormalizedChange } from '@junction/core';
import { isoFromGlide } from './glide-date-time';
import { table, type TableRecord } from './table-api';

/**
 * One row of `sys_audit_delete` ("Deleted Records"): ServiceNow writes one when a record of an
 * audited table is deleted. `documentkey` is the deleted record's sys_id.
 * https://www.servicenow.com/docs/r/platform-administration/table-administration-and-data-management/t_RestoreADeletedRecordAndRef.html
 */
export interface DeletedRecordAudit extends TableRecord {
  tablename: string;
  documentkey: string;
  /** When the record was deleted, `yyyy-MM-dd HH:mm:ss` in UTC. */
  sys_created_on: string;
  sys_created_by?: string;
}

export const AUDIT_TABLE = 'sys_audit_delete';
/**
 * `payload` (the deleted record as XML) is left out: the app gets the id, and the payload can be
 * as large as the record was.
 */
const auditTable = table<DeletedRecordAudit>(AUDIT_TABLE, ['sys_id', 'tablename', 'documentkey', 'sys_created_on', 'sys_created_by']);

const GLIDE_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Rows read per Table API call. */
export const AUDIT_PAGE_SIZE = 100;
/** Calls one poll makes at most per table; the saved position lets the next poll go on from there. */
export const MAX_AUDIT_PAGES = 10;

/**
 * Where the next read starts: rows created at or after `since` (a Glide date-time, `''` for the
 * start of the log), of which those at exactly `since`, named by their audit row's sys_id in
 * `seen`, were already reported. Glide dates have whole seconds, so one second can hold several
 * deletions, some read by one poll and some by the next.
 */
interface AuditPosition {
  since: string;
  seen: string[];
}

/**
 * The deletions of `tableName`'s records, for `ListPolling.deletions`, read from the Deleted
 * Records table through the Table API and reported as `DELETED` changes of `hubResource`. The
 * first call reports nothing and takes the position of the newest row; each later call reads
 * the rows from the position on in creation order, at most {@link MAX_AUDIT_PAGES} pages of
 * {@link AUDIT_PAGE_SIZE}. A 403 (no read ACL on sys_audit_delete for the integration user) is
 * thrown as an error that names the table and the access it needs.
 */
export function deletedRecords(tableName: string, hubResource: string): ChangedSince {
  return async (ctx, text) => {
    const saved = readPosition(text);
    if (!saved) return { events: [], state: await currentPosition(ctx, tableName) };

    let { since } = saved;
    let seen = new Set(saved.seen);
    const events: NormalizedChange[] = [];
    // The rows at `since` come first; those seen are skipped by offset, but a page of them is read
    // again in case a deletion of that second became visible after the previous read.
    let offset = Math.max(0, seen.size - AUDIT_PAGE_SIZE);
    const where = since === '' ? `tablename=${tableName}` : `tablename=${tableName}^sys_created_on>=${since}`;
    for (let pages = 0; pages < MAX_AUDIT_PAGES; pages++) {
      const page = await readAudit(ctx, where, offset, 'oldest-first');
      for (const row of page.records) {
        if (!isAuditRow(row) || row.sys_created_on < since) continue;
        if (row.sys_created_on === since) {
          if (seen.has(row.sys_id)) continue;
          seen.add(row.sys_id);
        } else {
          since = row.sys_created_on;
          seen = new Set([row.sys_id]);
        }
        events.push(deletionOf(row, hubResource));
      }
      if (page.cursor === undefined) break;
      offset = Number(page.cursor);
    }
    if (events.length === 0) return { events, state: text! };
    return { events, state: position(since, [...seen]) };
  };
}

/** The newest row's second and the rows at it; the start of the log when there is none. */
async function currentPosition(ctx: ElementContext, tableName: string): Promise<string> {
  const newest = (await readAudit(ctx, `tablename=${tableName}`, 0, 'newest-first')).records.filter(isAuditRow);
  if (newest.length === 0) return position('', []);
  const since = newest[0].sys_created_on;
  return position(since, newest.filter((row) => row.sys_created_on === since).map((row) => row.sys_id));
}

async function readAudit(ctx: ElementContext, where: string, offset: number, order: 'oldest-first' | 'newest-first'): Promise<ListPage<DeletedRecordAudit>> {
  try {
    // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html
    // (GET /now/table/sys_audit_delete?sysparm_query=tablename=…^sys_created_on>=…^ORDERBYsys_created_on)
    return await auditTable.list(ctx, { pageSize: AUDIT_PAGE_SIZE, cursor: String(offset) }, { text: where, exact: false }, order);
  } catch (error) {
    if (error instanceof VendorError && error.vendorStatus === 403) {
      throw new VendorError(
        403,
        `ServiceNow refused to read ${AUDIT_TABLE} (Deleted Records): the integration user needs read access to it, through the admin role or a role granted a read ACL on ${AUDIT_TABLE}`,
        error.providerMessage,
        403,
      );
    }
    throw error;
  }
}

function isAuditRow(row: DeletedRecordAudit): boolean {
  return typeof row.sys_id === 'string' && typeof row.documentkey === 'string' && row.documentkey !== '' && GLIDE_DATE_TIME.test(row.sys_created_on);
}

function deletionOf(row: DeletedRecordAudit, hubResource: string): NormalizedChange {
  return { eventType: 'DELETED', objectType: hubResource, objectId: row.documentkey, date: new Date(isoFromGlide(row.sys_created_on)!).toISOString(), raw: row };
}

function position(since: string, seen: string[]): string {
  return JSON.stringify({ since, seen } satisfies AuditPosition);
}

/** The saved position; undefined (a first call) when there is none or it cannot be read. */
function readPosition(text: string | undefined): AuditPosition | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<AuditPosition>;
    const since = parsed.since;
    if (typeof since !== 'string' || (since !== '' && !GLIDE_DATE_TIME.test(since))) return undefined;
    if (!Array.isArray(parsed.seen) || !parsed.seen.every((id) => typeof id === 'string')) return undefined;
    return { since, seen: parsed.seen };
  } catch {
    return undefined;
  }
}
