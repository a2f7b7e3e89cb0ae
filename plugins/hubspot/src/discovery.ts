import type { ElementContext, ObjectField } from '@junction/core';

/** A property definition from the properties API. https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide */
export interface HubSpotProperty {
  name: string;
  label?: string;
  type: string;
  fieldType?: string;
  hubspotDefined?: boolean;
  archived?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
  options?: { label?: string; value: string; hidden?: boolean }[];
}

/** The CRM objects this element serves; the hub adds its own resource names to the list. */
export const OBJECT_TYPES = ['companies', 'contacts', 'deals'];

const hubTypes: Record<string, string> = { number: 'number', bool: 'boolean', date: 'date', datetime: 'date' };

/** One property as discovery reports it: its path in a raw record is `properties.<name>`. */
export function toObjectField(property: HubSpotProperty): ObjectField {
  const writable = property.modificationMetadata?.readOnlyValue !== true;
  const options = (property.options ?? []).filter((o) => !o.hidden);
  return {
    vendorPath: `properties.${property.name}`,
    type: hubTypes[property.type] ?? 'string',
    vendorNativeType: property.fieldType ?? property.type,
    vendorDisplayName: property.label,
    vendorReadOnly: !writable,
    // Every property can be named in a search filter or checked by the hub in memory.
    filterable: true,
    createable: writable,
    updateable: writable,
    custom: property.hubspotDefined !== true,
    ...(options.length ? { picklistValues: options.map((o) => ({ value: o.value, label: o.label })) } : {}),
  };
}

/** The fields of a HubSpot object type (standard or custom), from the properties API. */
export async function objectMetadata(ctx: ElementContext, objectType: string): Promise<ObjectField[]> {
  // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide (GET /crm/v3/properties/{objectType})
  const body = await ctx.http.get<{ results?: HubSpotProperty[] }>(`crm/v3/properties/${encodeURIComponent(objectType)}`);
  if (!body || !Array.isArray(body.results)) throw new TypeError(`HubSpot answered GET /crm/v3/properties/${objectType} without a results list`);
  return body.results.filter((p) => !p.archived).map(toObjectField);
}
