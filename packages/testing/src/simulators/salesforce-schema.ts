/**
 * The objects the Salesforce simulator knows (Account, Contact, Lead, Opportunity), their fields as
 * sObject Describe reports them, record ids (15/18 characters with the case-safe suffix) and the
 * REST error shape `[{message, errorCode, fields}]`.
 */

/** Field types as Describe names them. */
export type SalesforceFieldType =
  | 'id'
  | 'boolean'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'email'
  | 'phone'
  | 'url'
  | 'reference'
  | 'currency'
  | 'percent'
  | 'double'
  | 'int'
  | 'date'
  | 'datetime';

/** One field of an object. */
export interface SalesforceFieldSpec {
  name: string;
  label: string;
  type: SalesforceFieldType;
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  filterable: boolean;
  custom: boolean;
  picklist?: string[];
  /** Picklist values kept for old records but no longer offered (`active: false` in Describe). */
  retiredPicklist?: string[];
  referenceTo?: string[];
}

/** One object: API name, labels, id prefix and fields in Describe order. */
export interface SalesforceObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: SalesforceFieldSpec[];
}

/** One entry of a REST error body. */
export interface SalesforceErrorEntry {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A REST error: its status and the error array Salesforce sends. */
export class SalesforceFault extends Error {
  constructor(
    readonly status: number,
    readonly errors: SalesforceErrorEntry[],
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SalesforceFault';
  }

  static of(status: number, errorCode: string, message: string, fields?: string[]): SalesforceFault {
    return new SalesforceFault(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
  }
}

/** The answer for a record id nothing is stored under. */
export function notFound(): SalesforceFault {
  return SalesforceFault.of(404, 'NOT_FOUND', 'The requested resource does not exist');
}

function labelOf(name: string): string {
  return name.replace(/__c$/, '').replace(/Id$/, ' ID').replace(/([a-z])([A-Z])/g, '$1 $2');
}

const NUMERIC: SalesforceFieldType[] = ['currency', 'percent', 'double', 'int'];

function field(name: string, type: SalesforceFieldType, options: Partial<SalesforceFieldSpec> = {}): SalesforceFieldSpec {
  const length = options.length ?? (type === 'textarea' ? 32000 : type === 'id' || type === 'reference' ? 18 : NUMERIC.includes(type) || type === 'boolean' || type === 'date' || type === 'datetime' ? 0 : 255);
  return {
    name,
    label: labelOf(name),
    type,
    length,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    // Long text areas cannot be filtered in SOQL.
    filterable: !(type === 'textarea' && length > 255),
    custom: name.endsWith('__c'),
    ...options,
  };
}

/** A field only Salesforce writes. */
function system(name: string, type: SalesforceFieldType, options: Partial<SalesforceFieldSpec> = {}): SalesforceFieldSpec {
  return field(name, type, { nillable: false, createable: false, updateable: false, defaultedOnCreate: true, ...options });
}

const required = { nillable: false };
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const INDUSTRIES = ['Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Finance', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];

/** Opportunity stages and the probability each one sets. */
export const STAGES: Record<string, number> = {
  Prospecting: 10,
  Qualification: 10,
  'Needs Analysis': 20,
  'Value Proposition': 50,
  'Id. Decision Makers': 60,
  'Perception Analysis': 70,
  'Proposal/Price Quote': 75,
  'Negotiation/Review': 90,
  'Closed Won': 100,
  'Closed Lost': 0,
};

function audit(): SalesforceFieldSpec[] {
  return [
    field('OwnerId', 'reference', { nillable: false, defaultedOnCreate: true, referenceTo: ['User'] }),
    system('CreatedDate', 'datetime'),
    system('CreatedById', 'reference', { referenceTo: ['User'] }),
    system('LastModifiedDate', 'datetime'),
    system('LastModifiedById', 'reference', { referenceTo: ['User'] }),
    system('SystemModstamp', 'datetime'),
  ];
}

function person(): SalesforceFieldSpec[] {
  return [
    field('LastName', 'string', { length: 80, ...required }),
    field('FirstName', 'string', { length: 40 }),
    field('Salutation', 'picklist', { length: 40, picklist: SALUTATIONS }),
    system('Name', 'string', { length: 121, defaultedOnCreate: false }),
  ];
}

/** The simulated objects by API name. */
export const SALESFORCE_OBJECTS: Record<string, SalesforceObjectSpec> = {
  Account: {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      system('Id', 'id'),
      system('IsDeleted', 'boolean'),
      field('Name', 'string', required),
      field('Type', 'picklist', { picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Other'], retiredPicklist: ['Channel Partner / Reseller'] }),
      field('ParentId', 'reference', { referenceTo: ['Account'] }),
      field('Phone', 'phone', { length: 40 }),
      field('Website', 'url'),
      field('Industry', 'picklist', { picklist: INDUSTRIES }),
      field('AnnualRevenue', 'currency'),
      field('NumberOfEmployees', 'int'),
      field('Description', 'textarea'),
      field('Tier__c', 'picklist', { picklist: ['Gold', 'Silver', 'Bronze'] }),
      ...audit(),
    ],
  },
  Contact: {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    fields: [
      system('Id', 'id'),
      system('IsDeleted', 'boolean'),
      field('AccountId', 'reference', { referenceTo: ['Account'] }),
      ...person(),
      field('Title', 'string', { length: 128 }),
      field('Department', 'string', { length: 80 }),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      field('MobilePhone', 'phone', { length: 40 }),
      field('Description', 'textarea'),
      ...audit(),
    ],
  },
  Lead: {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    fields: [
      system('Id', 'id'),
      system('IsDeleted', 'boolean'),
      ...person(),
      field('Title', 'string', { length: 128 }),
      field('Company', 'string', required),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      field('Status', 'picklist', { nillable: false, defaultedOnCreate: true, picklist: ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] }),
      field('LeadSource', 'picklist', { picklist: LEAD_SOURCES }),
      field('Industry', 'picklist', { picklist: INDUSTRIES }),
      field('Description', 'textarea'),
      field('IsConverted', 'boolean', { nillable: false, defaultedOnCreate: true, updateable: false }),
      ...audit(),
    ],
  },
  Opportunity: {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    fields: [
      system('Id', 'id'),
      system('IsDeleted', 'boolean'),
      field('AccountId', 'reference', { referenceTo: ['Account'] }),
      field('Name', 'string', { length: 120, ...required }),
      field('Description', 'textarea'),
      field('StageName', 'picklist', { ...required, picklist: Object.keys(STAGES) }),
      field('Amount', 'currency'),
      field('Probability', 'percent', { defaultedOnCreate: true }),
      field('CloseDate', 'date', required),
      field('Type', 'picklist', { picklist: ['Existing Business', 'New Business'] }),
      field('LeadSource', 'picklist', { picklist: LEAD_SOURCES }),
      system('IsClosed', 'boolean'),
      system('IsWon', 'boolean'),
      ...audit(),
    ],
  },
};

/** The object named `name` (API names are case-insensitive), or undefined. */
export function objectSpec(name: string): SalesforceObjectSpec | undefined {
  return Object.values(SALESFORCE_OBJECTS).find((o) => o.name.toLowerCase() === name.toLowerCase());
}

/** The field named `name` on `object` (case-insensitive), or undefined. */
export function fieldSpec(object: SalesforceObjectSpec, name: string): SalesforceFieldSpec | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((f) => f.name.toLowerCase() === lower);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The three-character suffix that makes a 15-character id safe for case-insensitive systems. */
function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i])) bits |= 1 << i;
    suffix += SUFFIX[bits];
  }
  return suffix;
}

/** The `n`th id with `prefix` (`001`, `01g` …), 18 characters, stable across runs. */
export function salesforceId(prefix: string, n: number): string {
  let digits = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) digits = BASE62[rest % 62] + digits;
  const id15 = `${prefix}Sm${digits.padStart(10, '0')}`;
  return id15 + idSuffix(id15);
}

/** The 18-character form of a 15- or 18-character id; undefined when it is not a well-formed id. */
export function canonicalId(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + idSuffix(id);
  if (/^[a-zA-Z0-9]{18}$/.test(id) && idSuffix(id.slice(0, 15)) === id.slice(15).toUpperCase()) return id.slice(0, 15) + idSuffix(id.slice(0, 15));
  return undefined;
}

/** Salesforce's timestamp form: `2026-03-01T12:00:00.000+0000`. */
export function salesforceTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
