import { defineResource, equalityValue, modifiedSince, Opportunity, OpportunityInput } from '@junction/core';
import { listPage } from '../close-api';

/** A Close opportunity; `value` is in cents. https://developer.close.com/api/resources/opportunities */
export interface CloseOpportunity {
  id: string;
  lead_id?: string;
  lead_name?: string;
  note?: string | null;
  value?: number | null;
  value_currency?: string | null;
  status_label?: string;
  confidence?: number | null;
  date_won?: string | null;
  date_created?: string;
  date_updated?: string;
  [field: string]: unknown;
}

export const opportunities = defineResource<CloseOpportunity, typeof Opportunity>({
  name: 'opportunities',
  vendorName: 'opportunity',
  description: 'Deals in the pipeline (Close opportunities)',
  model: Opportunity,
  input: OpportunityInput,
  paging: 'offset',
  maxPageSize: 100,
  pushdown: {
    accountId: { vendorField: 'lead_id', operators: ['='] },
    modifiedDate: { vendorField: 'date_updated', operators: ['>=', '>'] },
  },
  toHub: (o) => ({
    id: o.id,
    name: o.note ?? undefined,
    description: o.note ?? undefined,
    accountId: o.lead_id,
    amount: typeof o.value === 'number' ? o.value / 100 : undefined,
    currency: o.value_currency ?? undefined,
    stage: o.status_label,
    probability: o.confidence ?? undefined,
    closeDate: o.date_won ?? undefined,
    createdDate: o.date_created,
    modifiedDate: o.date_updated,
  }),
  toVendor: (body) => ({
    ...(body.accountId !== undefined ? { lead_id: body.accountId } : {}),
    ...(body.description !== undefined || body.name !== undefined ? { note: body.description ?? body.name } : {}),
    ...(typeof body.amount === 'number' ? { value: Math.round(body.amount * 100) } : {}),
    ...(body.currency !== undefined ? { value_currency: body.currency } : {}),
    ...(body.probability !== undefined ? { confidence: body.probability } : {}),
    ...(body.closeDate !== undefined ? { date_won: body.closeDate } : {}),
  }),
  // https://developer.close.com/api/resources/opportunities (GET /opportunity/?lead_id=&date_updated__gte=)
  list: (ctx, request) => {
    const leadId = equalityValue(request.where, 'accountId');
    const since = modifiedSince(request.where);
    return listPage<CloseOpportunity>(ctx, 'opportunity/', request, {
      lead_id: leadId === undefined ? undefined : String(leadId),
      ...(since ? { [since.operator === '>' ? 'date_updated__gt' : 'date_updated__gte']: since.value } : {}),
    });
  },
  // https://developer.close.com/api/resources/opportunities (GET /opportunity/{id}/)
  get: (ctx, id) => ctx.http.get<CloseOpportunity>(`opportunity/${encodeURIComponent(id)}/`),
  // https://developer.close.com/api/resources/opportunities (POST /opportunity/)
  create: (ctx, body) => ctx.http.post<CloseOpportunity>('opportunity/', body),
  // https://developer.close.com/api/resources/opportunities (PUT /opportunity/{id}/)
  update: (ctx, id, body) => ctx.http.put<CloseOpportunity>(`opportunity/${encodeURIComponent(id)}/`, body),
  // https://developer.close.com/api/resources/opportunities (DELETE /opportunity/{id}/)
  delete: async (ctx, id) => {
    await ctx.http.delete(`opportunity/${encodeURIComponent(id)}/`);
  },
});
