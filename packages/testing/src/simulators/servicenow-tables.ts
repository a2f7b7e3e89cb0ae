/**
 * The ServiceNow tables the simulator serves, with the columns clients read and what an instance
 * derives when they are written.
 * https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html
 */
import type { ServiceNowColumnType } from './servicenow-query';

/** A stored record: actual values as strings, `''` for none. */
export type ServiceNowRow = Record<string, string>;

/** The tables the simulator serves. */
export type ServiceNowTable = 'incident' | 'sys_user' | 'core_company' | 'sys_journal_field' | 'sys_audit_delete';

/** How the simulator stores a table and what the instance does on writes. */
export interface TableSchema {
  columns: Record<string, ServiceNowColumnType>;
  references: Record<string, ServiceNowTable>;
  /** Values a new record starts with; `sequence` counts records ever created in the table. */
  defaults: (sequence: number, now: string) => ServiceNowRow;
  /** What the instance derives on every write from what was written. */
  derive?: (row: ServiceNowRow, written: ServiceNowRow) => void;
}

const SYSTEM: Record<string, ServiceNowColumnType> = {
  sys_id: 'string',
  sys_created_on: 'glide_date_time',
  sys_created_by: 'string',
  sys_updated_on: 'glide_date_time',
  sys_updated_by: 'string',
  sys_mod_count: 'integer',
};

/**
 * The documented sample priority lookup rules, impact × urgency → priority.
 * https://www.servicenow.com/docs/r/it-service-management/incident-management/def-prio-lookup-rules.html
 */
const PRIORITY: Record<string, string> = { '11': '1', '12': '2', '13': '3', '21': '2', '22': '3', '23': '4', '31': '3', '32': '4', '33': '4' };

/** The tables the simulator serves. */
export const TABLES: Record<ServiceNowTable, TableSchema> = {
  incident: {
    columns: {
      ...SYSTEM,
      number: 'string',
      short_description: 'string',
      description: 'string',
      state: 'integer',
      incident_state: 'integer',
      impact: 'integer',
      urgency: 'integer',
      priority: 'integer',
      active: 'boolean',
      category: 'string',
      assigned_to: 'reference',
      caller_id: 'reference',
      company: 'reference',
      opened_at: 'glide_date_time',
      comments: 'journal_input',
      work_notes: 'journal_input',
      sys_class_name: 'string',
    },
    references: { assigned_to: 'sys_user', caller_id: 'sys_user', company: 'core_company' },
    defaults: (sequence, now) => ({
      number: `INC${String(10000 + sequence).padStart(7, '0')}`,
      state: '1',
      impact: '3',
      urgency: '3',
      active: 'true',
      category: 'inquiry',
      opened_at: now,
      sys_class_name: 'incident',
    }),
    derive: (row, written) => {
      if ('impact' in written || 'urgency' in written || !row.priority) row.priority = PRIORITY[`${row.impact}${row.urgency}`] ?? row.priority;
      row.incident_state = row.state;
      // States 7 and above are the inactive ones.
      row.active = Number(row.state) >= 7 ? 'false' : 'true';
    },
  },
  sys_user: {
    columns: {
      ...SYSTEM,
      user_name: 'string',
      first_name: 'string',
      last_name: 'string',
      name: 'string',
      email: 'string',
      phone: 'string',
      active: 'boolean',
      roles: 'user_roles',
      company: 'reference',
    },
    references: { company: 'core_company' },
    defaults: () => ({ active: 'true' }),
    derive: (row) => {
      row.name = [row.first_name, row.last_name].filter(Boolean).join(' ');
    },
  },
  core_company: {
    columns: { ...SYSTEM, name: 'string', notes: 'string', website: 'string', phone: 'string', city: 'string', country: 'string', customer: 'boolean', vendor: 'boolean' },
    references: {},
    defaults: () => ({ customer: 'false', vendor: 'false' }),
  },
  sys_journal_field: {
    columns: { sys_id: 'string', sys_created_on: 'glide_date_time', sys_created_by: 'string', name: 'string', element: 'string', element_id: 'string', value: 'string' },
    references: {},
    defaults: () => ({}),
  },
  /**
   * Deleted Records: one row per deleted record of an audited table, the record's sys_id in
   * `documentkey` and its last values as XML in `payload`.
   * https://www.servicenow.com/docs/r/platform-administration/table-administration-and-data-management/t_RestoreADeletedRecordAndRef.html
   */
  sys_audit_delete: {
    columns: { ...SYSTEM, tablename: 'string', documentkey: 'string', payload: 'string' },
    references: {},
    defaults: () => ({}),
  },
};

/**
 * Whether deleting a record of `table` writes a Deleted Records row: tables without the `sys_`
 * prefix do, `sys_` tables only when listed in `glide.ui.audit_deleted_tables` (`auditedSysTables`).
 * https://www.servicenow.com/docs/r/platform-security/t_ConSysTablDelAud.html
 */
export function auditsDeletions(table: ServiceNowTable, auditedSysTables: readonly string[]): boolean {
  return table !== 'sys_audit_delete' && (!table.startsWith('sys_') || auditedSysTables.includes(table));
}

/** A deleted record as the `payload` of its Deleted Records row: the table's XML unload form. */
export function deletedRecordPayload(table: ServiceNowTable, row: ServiceNowRow): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fields = Object.keys(TABLES[table].columns)
    .filter((column) => TABLES[table].columns[column] !== 'journal_input')
    .map((column) => `<${column}>${escape(row[column] ?? '')}</${column}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><record_update table="${table}"><${table}>${fields}</${table}></record_update>`;
}

export function isTable(name: string): name is ServiceNowTable {
  return Object.hasOwn(TABLES, name);
}
