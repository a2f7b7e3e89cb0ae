import { defineResource, Lead, LeadInput, NotFoundError } from '@junction/core';
import { createObject, deleteObject, getObject, listObjects, propertiesFrom, text, updateObject, type HubSpotObject, type HubSpotWrite, type ObjectSpec } from '../crm-objects';
import { pushdownFor, type PropertyFields, type SearchFilter } from '../search-filters';
import { fullName, nameProperties } from './person';

/**
 * Hub lead fields on a HubSpot contact. Leads are contacts whose lifecycle stage is `lead`:
 * HubSpot's separate `leads` object has no email or name of its own and must hang off an existing
 * contact, so it cannot carry the hub's Lead model.
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide
 */
export const leadFields: PropertyFields = {
  firstName: { property: 'firstname', kind: 'string' },
  lastName: { property: 'lastname', kind: 'string' },
  email: { property: 'email', kind: 'string' },
  phone: { property: 'phone', kind: 'string' },
  company: { property: 'company', kind: 'string' },
  status: { property: 'hs_lead_status', kind: 'enumeration' },
  createdDate: { property: 'createdate', kind: 'datetime' },
  modifiedDate: { property: 'lastmodifieddate', kind: 'datetime' },
};

const LEAD_STAGE = 'lead';
const inLeadStage: SearchFilter = { propertyName: 'lifecyclestage', operator: 'EQ', value: LEAD_STAGE };

export const leadsSpec: ObjectSpec = { objectType: 'contacts', fields: leadFields, extraProperties: ['lifecyclestage'], requiredFilters: [inLeadStage] };

export const leads = defineResource<HubSpotObject, typeof Lead>({
  name: 'leads',
  vendorName: 'contacts',
  description: 'Prospects (HubSpot contacts in the lead lifecycle stage)',
  model: Lead,
  input: LeadInput,
  paging: 'cursor',
  maxPageSize: 100,
  pushdown: pushdownFor(leadFields),
  toHub: (contact) => ({
    id: contact.id,
    firstName: text(contact, 'firstname'),
    lastName: text(contact, 'lastname'),
    name: fullName(contact),
    company: text(contact, 'company'),
    email: text(contact, 'email'),
    phone: text(contact, 'phone'),
    status: text(contact, 'hs_lead_status'),
    createdDate: text(contact, 'createdate') ?? contact.createdAt,
    modifiedDate: text(contact, 'lastmodifieddate') ?? contact.updatedAt,
  }),
  toVendor: (body, mode) => ({
    properties: { ...nameProperties(body), ...propertiesFrom(body, leadFields), ...(mode === 'create' ? { lifecyclestage: LEAD_STAGE } : {}) },
  }),
  // https://developers.hubspot.com/docs/api-reference/legacy/crm/search-the-crm (always a search: lifecyclestage = lead is ANDed into every group)
  list: (ctx, request) => listObjects(ctx, leadsSpec, request),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/contacts/{id})
  get: async (ctx, id) => {
    const contact = await getObject(ctx, leadsSpec, id);
    const stage = text(contact, 'lifecyclestage');
    if (stage !== LEAD_STAGE) throw new NotFoundError(`lead '${id}'`, `HubSpot contact ${id} is in lifecycle stage '${stage ?? 'none'}', not '${LEAD_STAGE}'`);
    return contact;
  },
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (POST /crm/v3/objects/contacts with lifecyclestage=lead)
  create: (ctx, body) => createObject(ctx, leadsSpec, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (PATCH /crm/v3/objects/contacts/{id})
  update: (ctx, id, body) => updateObject(ctx, leadsSpec, id, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (DELETE /crm/v3/objects/contacts/{id})
  delete: (ctx, id) => deleteObject(ctx, leadsSpec, id),
});
