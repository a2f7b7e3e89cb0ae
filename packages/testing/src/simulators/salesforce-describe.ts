/**
 * describeGlobal and sObject Describe bodies of the Salesforce simulator, trimmed to the
 * properties integrations read.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { SALESFORCE_OBJECTS, type SalesforceFieldSpec, type SalesforceObjectSpec } from './salesforce-schema';

function urls(object: SalesforceObjectSpec, base: string): Record<string, string> {
  const sobject = `${base}/sobjects/${object.name}`;
  return { sobject, describe: `${sobject}/describe`, rowTemplate: `${sobject}/{ID}` };
}

function objectSummary(object: SalesforceObjectSpec, base: string) {
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: false,
    queryable: true,
    retrieveable: true,
    searchable: true,
    createable: true,
    updateable: true,
    deletable: true,
    layoutable: true,
    urls: urls(object, base),
  };
}

/** `GET /services/data/vXX.X/sobjects`; a change-event object shows what a non-queryable entry looks like. */
export function describeGlobal(base: string) {
  const changeEvent = {
    ...objectSummary(SALESFORCE_OBJECTS.Account, base),
    name: 'AccountChangeEvent',
    label: 'Account Change Event',
    labelPlural: 'Account Change Events',
    keyPrefix: '1CE',
    queryable: false,
    retrieveable: false,
    searchable: false,
    createable: false,
    updateable: false,
    deletable: false,
    layoutable: false,
    urls: { sobject: `${base}/sobjects/AccountChangeEvent` },
  };
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...Object.values(SALESFORCE_OBJECTS).map((o) => objectSummary(o, base)), changeEvent],
  };
}

function describeField(field: SalesforceFieldSpec) {
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    length: field.length,
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    defaultedOnCreate: field.defaultedOnCreate,
    filterable: field.filterable,
    sortable: field.filterable,
    custom: field.custom,
    calculated: field.name === 'Name' && !field.createable,
    referenceTo: field.referenceTo ?? [],
    picklistValues: [
      ...(field.picklist ?? []).map((value) => ({ active: true, defaultValue: false, label: value, validFor: null, value })),
      ...(field.retiredPicklist ?? []).map((value) => ({ active: false, defaultValue: false, label: value, validFor: null, value })),
    ],
  };
}

/** `GET /services/data/vXX.X/sobjects/{name}/describe`. */
export function describeSObject(object: SalesforceObjectSpec, base: string) {
  return { ...objectSummary(object, base), fields: object.fields.map(describeField) };
}
