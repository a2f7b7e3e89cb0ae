/**
 * The property definitions of the HubSpot simulator's three CRM objects (a realistic subset of
 * HubSpot's defaults), and the checks HubSpot applies to property values on create and update.
 * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide
 */

/** HubSpot property types (`type`); `fieldType` is how the property is edited in the app. */
export type HubSpotPropertyType = 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool';

/** One property of an object type, as the simulator keeps it. */
export interface HubSpotPropertyDefinition {
  name: string;
  label: string;
  type: HubSpotPropertyType;
  fieldType: string;
  groupName: string;
  readOnly?: boolean;
  unique?: boolean;
  options?: string[];
}

/** Object types the simulator serves. */
export type HubSpotObjectType = 'contacts' | 'companies' | 'deals';
export const HUBSPOT_OBJECT_TYPES: readonly HubSpotObjectType[] = ['contacts', 'companies', 'deals'];

const text = (name: string, label: string, groupName: string, fieldType = 'text'): HubSpotPropertyDefinition => ({ name, label, type: 'string', fieldType, groupName });
const pick = (name: string, label: string, groupName: string, options: string[]): HubSpotPropertyDefinition => ({ name, label, type: 'enumeration', fieldType: 'select', groupName, options });
const system = (name: string, label: string, type: HubSpotPropertyType, fieldType: string): HubSpotPropertyDefinition => ({ name, label, type, fieldType, groupName: 'system', readOnly: true });

const stamps = (modified: string) => [
  system('createdate', 'Create Date', 'datetime', 'date'),
  system(modified, 'Last Modified Date', 'datetime', 'date'),
  system('hs_object_id', 'Record ID', 'number', 'number'),
];

/** Property definitions by object type. */
export const HUBSPOT_PROPERTIES: Record<HubSpotObjectType, HubSpotPropertyDefinition[]> = {
  contacts: [
    { ...text('email', 'Email', 'contactinformation'), unique: true },
    text('firstname', 'First Name', 'contactinformation'),
    text('lastname', 'Last Name', 'contactinformation'),
    text('phone', 'Phone Number', 'contactinformation', 'phonenumber'),
    text('jobtitle', 'Job Title', 'contactinformation'),
    text('company', 'Company Name', 'contactinformation'),
    pick('lifecyclestage', 'Lifecycle Stage', 'contactinformation', ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']),
    pick('hs_lead_status', 'Lead Status', 'sales_properties', ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING']),
    { ...system('associatedcompanyid', 'Primary Associated Company ID', 'number', 'number'), groupName: 'contactinformation' },
    ...stamps('lastmodifieddate'),
  ],
  companies: [
    text('name', 'Company name', 'companyinformation'),
    text('domain', 'Company Domain Name', 'companyinformation'),
    text('website', 'Website URL', 'companyinformation'),
    text('description', 'Description', 'companyinformation', 'textarea'),
    text('phone', 'Phone Number', 'companyinformation', 'phonenumber'),
    pick('industry', 'Industry', 'companyinformation', ['ACCOUNTING', 'COMPUTER_SOFTWARE', 'FINANCIAL_SERVICES', 'HOSPITAL_HEALTH_CARE', 'RETAIL']),
    ...stamps('hs_lastmodifieddate'),
  ],
  deals: [
    text('dealname', 'Deal Name', 'dealinformation'),
    { name: 'amount', label: 'Amount', type: 'number', fieldType: 'number', groupName: 'dealinformation' },
    pick('dealstage', 'Deal Stage', 'dealinformation', ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']),
    pick('pipeline', 'Pipeline', 'dealinformation', ['default']),
    { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date', groupName: 'dealinformation' },
    text('description', 'Deal Description', 'dealinformation', 'textarea'),
    pick('deal_currency_code', 'Currency', 'dealinformation', ['USD', 'EUR', 'GBP']),
    ...stamps('hs_lastmodifieddate'),
  ],
};

/** The last-modified property: `lastmodifieddate` on contacts, `hs_lastmodifieddate` elsewhere. */
export function modifiedProperty(objectType: HubSpotObjectType): string {
  return objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** Properties an object read returns when the request names none. https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide */
export const DEFAULT_PROPERTIES: Record<HubSpotObjectType, string[]> = {
  contacts: ['firstname', 'lastname', 'email'],
  companies: ['name', 'domain'],
  deals: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'],
};

/** A property definition as `GET /crm/v3/properties/{objectType}` answers it. */
export function renderProperty(definition: HubSpotPropertyDefinition, index: number, createdAt: string): Record<string, unknown> {
  return {
    updatedAt: createdAt,
    createdAt,
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: '',
    groupName: definition.groupName,
    options: (definition.options ?? []).map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
    displayOrder: index,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: definition.unique === true,
    hidden: false,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: definition.readOnly === true },
    formField: definition.readOnly !== true,
    dataSensitivity: 'non_sensitive',
  };
}

/** One rejected property, in the shape HubSpot lists inside its "Property values were not valid" message. */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'READ_ONLY_VALUE' | 'INVALID_OPTION' | 'INVALID_FLOAT' | 'INVALID_DATE' | 'INVALID_TYPE';
  name: string;
}

const EPOCH = /^-?\d+$/;

/**
 * Checks and normalizes a create/update `properties` object: numbers and epoch-millisecond or ISO
 * dates are accepted and datetimes stored as ISO text, as HubSpot answers them; an empty string
 * clears the property (stored as `null`).
 */
export function normalizeProperties(
  objectType: HubSpotObjectType,
  input: Record<string, unknown>,
): { values: Record<string, string | null>; problems: PropertyProblem[] } {
  const definitions = new Map(HUBSPOT_PROPERTIES[objectType].map((d) => [d.name, d]));
  const values: Record<string, string | null> = {};
  const problems: PropertyProblem[] = [];
  const reject = (name: string, error: PropertyProblem['error'], message: string) => problems.push({ isValid: false, message, error, name });
  for (const [name, raw] of Object.entries(input)) {
    const definition = definitions.get(name);
    if (!definition) {
      reject(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
      continue;
    }
    if (definition.readOnly) {
      reject(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`);
      continue;
    }
    if (raw === null || raw === '') {
      values[name] = null;
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      reject(name, 'INVALID_TYPE', `${JSON.stringify(raw)} is not a valid value for ${name}`);
      continue;
    }
    const value = String(raw);
    switch (definition.type) {
      case 'number':
        if (!Number.isFinite(Number(value))) reject(name, 'INVALID_FLOAT', `${value} was not a valid number.`);
        else values[name] = value;
        break;
      case 'datetime':
      case 'date': {
        const epoch = EPOCH.test(value) ? Number(value) : Date.parse(value);
        if (Number.isNaN(epoch)) reject(name, 'INVALID_DATE', `${value} was not a valid date or timestamp.`);
        else values[name] = new Date(epoch).toISOString();
        break;
      }
      case 'enumeration':
        if (!definition.options?.includes(value)) {
          reject(name, 'INVALID_OPTION', `${value} was not one of the allowed options: ${(definition.options ?? []).map((o) => `[label: "${o}", value: "${o}"]`).join(', ')}`);
        } else values[name] = value;
        break;
      default:
        values[name] = value;
    }
  }
  return { values, problems };
}
