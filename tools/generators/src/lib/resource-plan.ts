import type { HubModelInfo, ModelField } from './models';
import { camelCase, singular, snakeCase } from './names';

/** One hub field and the generic vendor field it maps to. */
export interface FieldMapping extends ModelField {
  vendor: string;
}

/** A create value: a literal, or the id of a record created earlier for another resource. */
export type FixtureValue = { literal: string | number | boolean } | { reference: string };

/** Everything a scaffolded resource, its fixture, its seed and its recorded exchange derive from. */
export interface ResourcePlan {
  name: string;
  identifier: string;
  vendorName: string;
  /** The generic vendor's collection path, relative to the element's base URL. */
  collection: string;
  description: string;
  model: HubModelInfo;
  fields: FieldMapping[];
  create: Record<string, FixtureValue>;
  update: Record<string, string | number | boolean>;
  unknownId: string;
  /** A record the simulator holds before the suite runs, so list paging reaches a second page. */
  seed: Record<string, unknown>;
}

/** The generic vendor's names for the hub's own id and timestamps; every other field is snake_case. */
const vendorNames: Record<string, string> = { id: 'id', createdDate: 'created_at', modifiedDate: 'updated_at' };

const samples: Record<string, string | number | boolean> = {
  name: 'Conformance Corp',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@conformance.example',
  phone: '+1 555 0100',
  website: 'https://conformance.example',
  title: 'Engineer',
  company: 'Conformance Corp',
  industry: 'Software',
  status: 'new',
  stage: 'qualified',
  currency: 'USD',
  amount: 1250.5,
  probability: 40,
  closeDate: '2026-12-31',
  description: 'Created by the conformance suite',
  subject: 'Printer on fire',
  priority: '2',
  body: 'First note',
  active: true,
};

/** The field each update changes, first match wins, and the value it changes to. */
const updates: [string, string | number | boolean][] = [
  ['title', 'Analyst'],
  ['website', 'https://updated.conformance.example'],
  ['status', 'in_progress'],
  ['probability', 60],
  ['priority', '1'],
  ['description', 'Updated by the conformance suite'],
  ['email', 'grace@conformance.example'],
];

/** Ids the generic vendor never hands out, for the not-found check. */
const UNKNOWN_ID = '999999999';

function sample(field: ModelField, plan: { name: string; model: HubModelInfo }): string | number | boolean {
  if (field.name === 'name' && field.type === 'string') return nameSample(plan);
  if (field.name in samples && typeof samples[field.name] === field.type) return samples[field.name];
  if (field.type === 'number') return 1;
  if (field.type === 'boolean') return true;
  if (field.name.endsWith('Id')) return `${snakeCase(field.name.slice(0, -2)).replace(/_/g, '-')}-1`;
  return `conformance ${snakeCase(field.name).replace(/_/g, ' ')}`;
}

/** A person's full name where the model has first and last names, a company's for accounts, else the record kind. */
function nameSample(plan: { name: string; model: HubModelInfo }): string {
  const has = (field: string) => plan.model.fields.some((f) => f.name === field && f.writable);
  if (has('firstName') && has('lastName')) return `${samples.firstName} ${samples.lastName}`;
  return plan.name === 'accounts' ? 'Conformance Corp' : `Conformance ${singular(plan.name)}`;
}

/**
 * Plans one resource on the generic REST vendor: fields map 1:1 (camelCase ⇄ snake_case), the
 * create fixture fills every writable field (so any mapping an author breaks fails the recorded
 * suite), and `<x>Id` fields point at the `<x>s` record created earlier when there is one.
 */
export function planResource(options: { name: string; description: string; model: HubModelInfo; earlier: string[] }): ResourcePlan {
  const { name, model } = options;
  const fields = model.fields.map((f) => ({ ...f, vendor: vendorNames[f.name] ?? snakeCase(f.name) }));
  const writable = fields.filter((f) => f.writable);
  const create: Record<string, FixtureValue> = {};
  for (const field of writable) {
    const parent = field.type === 'string' && field.name.endsWith('Id') ? options.earlier.find((r) => singular(r) === field.name.slice(0, -2)) : undefined;
    create[field.name] = parent ? { reference: parent } : { literal: sample(field, options) };
  }
  const chosen = updates.find(([f, v]) => writable.some((w) => w.name === f && typeof v === w.type));
  const fallback = writable.find((f) => f.type === 'string');
  const update: Record<string, string | number | boolean> = chosen ? { [chosen[0]]: chosen[1] } : fallback ? { [fallback.name]: 'updated' } : {};
  const seedFields = writable.filter((f) => !f.optional);
  const label = writable.find((f) => f.type === 'string' && !(create[f.name] && 'reference' in create[f.name]));
  const seed: Record<string, unknown> = { id: 1 };
  for (const field of seedFields) seed[field.vendor] = sample(field, options);
  if (label) seed[label.vendor] = `Existing ${singular(name)}`;
  return {
    name,
    identifier: camelCase(name),
    vendorName: singular(name),
    collection: name,
    description: options.description,
    model,
    fields,
    create,
    update,
    unknownId: UNKNOWN_ID,
    seed,
  };
}

/** A TypeScript literal for a fixture value (`'Ada'`, `40`, `ids.accounts`). */
export function fixtureLiteral(value: FixtureValue): string {
  if ('reference' in value) return isIdentifier(value.reference) ? `ids.${value.reference}` : `ids['${value.reference}']`;
  return typeof value.literal === 'string' ? `'${value.literal.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(value.literal);
}

/** An object key as TypeScript source: bare when it is an identifier, quoted otherwise (`'sales-orders'`). */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : `'${name}'`;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}
