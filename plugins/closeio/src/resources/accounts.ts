import { Account, AccountInput, defineResource, modifiedSince } from '@junction/core';
import { listPage } from '../close-api';

/** A Close lead, as the API returns it. https://developer.close.com/api/resources/leads */
export interface CloseLead {
  id: string;
  name?: string | null;
  display_name?: string;
  description?: string | null;
  url?: string | null;
  status_label?: string;
  date_created?: string;
  date_updated?: string;
  [field: string]: unknown;
}

/** crm `accounts` are Close leads: the company record contacts and opportunities hang off. */
export const accounts = defineResource<CloseLead, typeof Account>({
  name: 'accounts',
  vendorName: 'lead',
  description: 'Companies (Close leads)',
  model: Account,
  input: AccountInput,
  paging: 'offset',
  maxPageSize: 100,
  pushdown: { modifiedDate: { vendorField: 'date_updated', operators: ['>=', '>'] } },
  toHub: (lead) => ({
    id: lead.id,
    name: lead.name ?? lead.display_name ?? undefined,
    description: lead.description ?? undefined,
    website: lead.url ?? undefined,
    createdDate: lead.date_created,
    modifiedDate: lead.date_updated,
  }),
  toVendor: (body) => ({
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.website !== undefined ? { url: body.website } : {}),
  }),
  // https://developer.close.com/api/resources/leads (GET /lead/?query=): a change filter is a lead
  // search term, `date_updated >= "<date>"`.
  list: (ctx, request) => {
    const since = modifiedSince(request.where);
    return listPage<CloseLead>(ctx, 'lead/', request, { query: since ? `date_updated ${since.operator} "${since.value}"` : undefined });
  },
  // https://developer.close.com/api/resources/leads (GET /lead/{id}/)
  get: (ctx, id) => ctx.http.get<CloseLead>(`lead/${encodeURIComponent(id)}/`),
  // https://developer.close.com/api/resources/leads (POST /lead/)
  create: (ctx, body) => ctx.http.post<CloseLead>('lead/', body),
  // https://developer.close.com/api/resources/leads (PUT /lead/{id}/ — Close's PUT updates only the fields sent)
  update: (ctx, id, body) => ctx.http.put<CloseLead>(`lead/${encodeURIComponent(id)}/`, body),
  // https://developer.close.com/api/resources/leads (DELETE /lead/{id}/)
  delete: async (ctx, id) => {
    await ctx.http.delete(`lead/${encodeURIComponent(id)}/`);
  },
});
