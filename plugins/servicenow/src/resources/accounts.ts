import { Account, AccountInput, defineResource } from '@junction/core';
import { isoFromGlide } from '../glide-date-time';
import { encodeQuery, pushdownFor, type QueryFields } from '../query/encoded-query';
import { table, type TableRecord } from '../table-api';

/** A `core_company` record with actual values. https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html */
export interface ServiceNowCompany extends TableRecord {
  name?: string;
  notes?: string;
  website?: string;
  phone?: string;
  sys_created_on?: string;
  sys_updated_on?: string;
}

/** The crm account without `industry`, which a ServiceNow company does not have. */
const CompanyAccount = Account.omit({ industry: true });
const CompanyAccountInput = AccountInput.omit({ industry: true });

const QUERY_FIELDS: QueryFields = {
  id: { column: 'sys_id', kind: 'reference' },
  name: { column: 'name', kind: 'text' },
  description: { column: 'notes', kind: 'text' },
  website: { column: 'website', kind: 'text' },
  phone: { column: 'phone', kind: 'text' },
  createdDate: { column: 'sys_created_on', kind: 'datetime' },
  modifiedDate: { column: 'sys_updated_on', kind: 'datetime' },
};

const companyTable = table<ServiceNowCompany>('core_company', ['sys_id', 'name', 'notes', 'website', 'phone', 'sys_created_on', 'sys_updated_on']);

/** helpdesk `accounts`: the companies callers and incidents belong to (`core_company`). */
export const accounts = defineResource<ServiceNowCompany, typeof CompanyAccount>({
  name: 'accounts',
  vendorName: 'core_company',
  description: 'Companies (ServiceNow core_company)',
  model: CompanyAccount,
  input: CompanyAccountInput,
  paging: 'offset',
  maxPageSize: 1000,
  pushdown: pushdownFor(QUERY_FIELDS),
  toHub: (c) => ({
    id: c.sys_id,
    name: c.name || undefined,
    description: c.notes || undefined,
    website: c.website || undefined,
    phone: c.phone || undefined,
    createdDate: isoFromGlide(c.sys_created_on),
    modifiedDate: isoFromGlide(c.sys_updated_on),
  }),
  toVendor: (body) => ({
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.description !== undefined ? { notes: body.description } : {}),
    ...(body.website !== undefined ? { website: body.website } : {}),
    ...(body.phone !== undefined ? { phone: body.phone } : {}),
  }),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/core_company)
  list: (ctx, request) => companyTable.list(ctx, request, encodeQuery(request.where, QUERY_FIELDS)),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (GET /now/table/core_company/{sys_id})
  get: (ctx, id) => companyTable.get(ctx, id),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (POST /now/table/core_company)
  create: (ctx, body) => companyTable.create(ctx, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (PATCH /now/table/core_company/{sys_id})
  update: (ctx, id, body) => companyTable.update(ctx, id, body),
  // https://www.servicenow.com/docs/r/api-reference/rest-apis/c_TableAPI.html (DELETE /now/table/core_company/{sys_id})
  delete: (ctx, id) => companyTable.delete(ctx, id),
});
