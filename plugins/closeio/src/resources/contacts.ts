import { Contact, ContactInput, defineResource, equalityValue } from '@junction/core';
import { listPage } from '../close-api';

/** A Close contact. https://developer.close.com/api/resources/contacts */
export interface CloseContact {
  id: string;
  lead_id?: string;
  name?: string | null;
  title?: string | null;
  emails?: { type?: string; email: string }[];
  phones?: { type?: string; phone: string }[];
  date_created?: string;
  date_updated?: string;
  [field: string]: unknown;
}

/** Close keeps one `name`; the hub's first and last names are its first word and the rest. */
function splitName(name: string | null | undefined): { firstName?: string; lastName?: string } {
  const trimmed = name?.trim();
  if (!trimmed) return {};
  const space = trimmed.indexOf(' ');
  return space < 0 ? { lastName: trimmed } : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) };
}

function joinName(body: Record<string, unknown>): string | undefined {
  if (typeof body.name === 'string') return body.name;
  const parts = [body.firstName, body.lastName].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length ? parts.join(' ') : undefined;
}

export const contacts = defineResource<CloseContact, typeof Contact>({
  name: 'contacts',
  vendorName: 'contact',
  description: 'People at an account (Close contacts)',
  model: Contact,
  input: ContactInput,
  paging: 'offset',
  maxPageSize: 100,
  pushdown: { accountId: { vendorField: 'lead_id', operators: ['='] } },
  toHub: (c) => ({
    id: c.id,
    name: c.name ?? undefined,
    ...splitName(c.name),
    title: c.title ?? undefined,
    email: c.emails?.[0]?.email,
    phone: c.phones?.[0]?.phone,
    accountId: c.lead_id,
    createdDate: c.date_created,
    modifiedDate: c.date_updated,
  }),
  toVendor: (body) => {
    const name = joinName(body);
    return {
      ...(name !== undefined ? { name } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(typeof body.email === 'string' ? { emails: [{ type: 'office', email: body.email }] } : {}),
      ...(typeof body.phone === 'string' ? { phones: [{ type: 'office', phone: body.phone }] } : {}),
      ...(body.accountId !== undefined ? { lead_id: body.accountId } : {}),
    };
  },
  // https://developer.close.com/api/resources/contacts (GET /contact/?lead_id=)
  list: (ctx, request) => {
    const leadId = equalityValue(request.where, 'accountId');
    return listPage<CloseContact>(ctx, 'contact/', request, { lead_id: leadId === undefined ? undefined : String(leadId) });
  },
  // https://developer.close.com/api/resources/contacts (GET /contact/{id}/)
  get: (ctx, id) => ctx.http.get<CloseContact>(`contact/${encodeURIComponent(id)}/`),
  // https://developer.close.com/api/resources/contacts (POST /contact/)
  create: (ctx, body) => ctx.http.post<CloseContact>('contact/', body),
  // https://developer.close.com/api/resources/contacts (PUT /contact/{id}/)
  update: (ctx, id, body) => ctx.http.put<CloseContact>(`contact/${encodeURIComponent(id)}/`, body),
  // https://developer.close.com/api/resources/contacts (DELETE /contact/{id}/)
  delete: async (ctx, id) => {
    await ctx.http.delete(`contact/${encodeURIComponent(id)}/`);
  },
});
