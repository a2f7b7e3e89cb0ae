import { Contact, ContactInput, defineResource } from '@junction/core';
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  primaryCompany,
  propertiesFrom,
  text,
  updateObject,
  type HubSpotObject,
  type HubSpotWrite,
  type ObjectSpec,
} from '../crm-objects';
import { pushdownFor, type PropertyFields } from '../search-filters';
import { fullName, nameProperties } from './person';

/**
 * Hub contact fields on a HubSpot contact. `accountId` is `associatedcompanyid`, which HubSpot
 * keeps equal to the primary company association.
 * https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide
 */
export const contactFields: PropertyFields = {
  firstName: { property: 'firstname', kind: 'string' },
  lastName: { property: 'lastname', kind: 'string' },
  email: { property: 'email', kind: 'string' },
  phone: { property: 'phone', kind: 'string' },
  title: { property: 'jobtitle', kind: 'string' },
  accountId: { property: 'associatedcompanyid', kind: 'id' },
  createdDate: { property: 'createdate', kind: 'datetime' },
  modifiedDate: { property: 'lastmodifieddate', kind: 'datetime' },
};

/** HubSpot-defined association type "contact with primary company". https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide */
const CONTACT_TO_PRIMARY_COMPANY = 1;

export const contactsSpec: ObjectSpec = { objectType: 'contacts', fields: contactFields, primaryCompanyTypeId: CONTACT_TO_PRIMARY_COMPANY };

export const contacts = defineResource<HubSpotObject, typeof Contact>({
  name: 'contacts',
  vendorName: 'contacts',
  description: 'People (HubSpot contacts)',
  model: Contact,
  input: ContactInput,
  paging: 'cursor',
  maxPageSize: 100,
  pushdown: pushdownFor(contactFields),
  toHub: (contact) => ({
    id: contact.id,
    firstName: text(contact, 'firstname'),
    lastName: text(contact, 'lastname'),
    name: fullName(contact),
    title: text(contact, 'jobtitle'),
    email: text(contact, 'email'),
    phone: text(contact, 'phone'),
    accountId: text(contact, 'associatedcompanyid'),
    createdDate: text(contact, 'createdate') ?? contact.createdAt,
    modifiedDate: text(contact, 'lastmodifieddate') ?? contact.updatedAt,
  }),
  toVendor: (body) => {
    const associations = primaryCompany(contactsSpec, body.accountId);
    return { properties: { ...nameProperties(body), ...propertiesFrom(body, contactFields, ['accountId']) }, ...(associations ? { associations } : {}) };
  },
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (list, or search when `where` can be pushed)
  list: (ctx, request) => listObjects(ctx, contactsSpec, request),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (GET /crm/v3/objects/contacts/{id})
  get: (ctx, id) => getObject(ctx, contactsSpec, id),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (POST /crm/v3/objects/contacts; 409 when the email exists)
  create: (ctx, body) => createObject(ctx, contactsSpec, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (PATCH /crm/v3/objects/contacts/{id})
  update: (ctx, id, body) => updateObject(ctx, contactsSpec, id, body as HubSpotWrite),
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (DELETE /crm/v3/objects/contacts/{id})
  delete: (ctx, id) => deleteObject(ctx, contactsSpec, id),
});
