import { NotFoundError, type ElementContext, type ObjectField } from '@junction/core';

/** An entry of describeGlobal. https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm */
interface GlobalSObject {
  name: string;
  queryable: boolean;
}

/** A field of an sObject describe. https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm */
interface DescribeField {
  name: string;
  label: string;
  type: string;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  filterable: boolean;
  custom: boolean;
  picklistValues?: { value: string; label?: string | null; active: boolean }[];
}

/** Salesforce field types that are not JSON strings on the wire. */
const JSON_TYPES: Record<string, string> = {
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  double: 'number',
  currency: 'number',
  percent: 'number',
  address: 'object',
  location: 'object',
};

/** API names are letters, digits and underscores (`Account`, `Invoice__c`); anything else cannot exist. */
const SOBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Every object the connected user can query, by API name. */
export async function listObjects(ctx: ElementContext): Promise<string[]> {
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
  const global = await ctx.http.get<{ sobjects: GlobalSObject[] }>('sobjects');
  return global.sobjects.filter((o) => o.queryable).map((o) => o.name);
}

/** An object's fields as discovery reports them; inactive picklist values are left out. */
export async function describeObject(ctx: ElementContext, name: string): Promise<ObjectField[]> {
  if (!SOBJECT_NAME.test(name)) throw new NotFoundError(`object '${name}'`);
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
  const describe = await ctx.http.get<{ fields: DescribeField[] }>(`sobjects/${name}/describe`);
  return describe.fields.map((f) => {
    const picklist = f.picklistValues?.filter((p) => p.active).map((p) => ({ value: p.value, ...(p.label ? { label: p.label } : {}) }));
    return {
      vendorPath: f.name,
      type: JSON_TYPES[f.type] ?? 'string',
      vendorNativeType: f.type,
      vendorDisplayName: f.label,
      vendorReadOnly: !f.createable && !f.updateable,
      // Required means the caller must send it: not nillable, settable, and not filled in by Salesforce.
      vendorRequired: !f.nillable && f.createable && !f.defaultedOnCreate,
      filterable: f.filterable,
      createable: f.createable,
      updateable: f.updateable,
      custom: f.custom,
      ...(picklist?.length ? { picklistValues: picklist } : {}),
    };
  });
}
