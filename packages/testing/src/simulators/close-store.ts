/**
 * Close CRM simulator: the in-memory lead / contact / opportunity store.
 *
 * Behaviour follows https://developer.close.com/api/resources/leads, …/contacts and
 * …/opportunities: PUT is a partial update, contacts and opportunities belong to exactly one
 * lead, creating either without `lead_id` creates a lead (changelog 2025-02-14), deleting a lead
 * deletes its contacts and opportunities, and moving an opportunity to a `won` status sets
 * `date_won` to today when it is not set.
 */
import {
  BodyFields,
  type CloseAddress,
  type CloseClock,
  type CloseContact,
  type CloseCustomFields,
  type CloseEmail,
  type CloseLead,
  type CloseLeadRecord,
  type CloseOpportunity,
  type CloseOpportunityRecord,
  type CloseOrganization,
  type ClosePhone,
  type CloseUrl,
  type CloseUser,
  type CloseValuePeriod,
  FieldErrors,
  MESSAGES,
  closeId,
  formatMoney,
  normalisePhone,
  opportunityValues,
  parseTimestampMicros,
} from './close-model';

/** Object types the store emits changes for. */
export type CloseObjectType = 'lead' | 'contact' | 'opportunity';
/** Actions the store emits changes for. */
export type CloseAction = 'created' | 'updated' | 'deleted';

/** One change, the raw material of an event-log entry / webhook. */
export interface CloseChange {
  objectType: CloseObjectType;
  action: CloseAction;
  objectId: string;
  leadId: string;
  data: Record<string, unknown>;
  previousData: Record<string, unknown>;
  changedFields: string[];
}

/** Result of a mutation: the object plus its changes, or 400 problems. */
export type Mutation<T> = { ok: true; value: T; changes: CloseChange[] } | { ok: false; problems: FieldErrors };

/** Fields a seed may force (ids and timestamps the API would never accept). */
export interface CloseSeedOverrides {
  id?: string;
  date_created?: string;
  date_updated?: string;
}

type Json = Record<string, unknown>;

const VALUE_PERIODS: readonly CloseValuePeriod[] = ['one_time', 'monthly', 'annual'];

/** The store; ordering of every map is creation order. */
export class CloseStore {
  readonly leads = new Map<string, CloseLeadRecord>();
  readonly contacts = new Map<string, CloseContact>();
  readonly opportunities = new Map<string, CloseOpportunityRecord>();
  private readonly contactsByLead = new Map<string, Set<string>>();
  private readonly opportunitiesByLead = new Map<string, Set<string>>();
  /** When false, mutations skip building change payloads (faster; no webhooks then). */
  trackChanges = false;

  constructor(
    readonly organization: CloseOrganization,
    readonly user: CloseUser,
    readonly clock: CloseClock,
  ) {}

  /** Empties the store. */
  clear(): void {
    this.leads.clear();
    this.contacts.clear();
    this.opportunities.clear();
    this.contactsByLead.clear();
    this.opportunitiesByLead.clear();
  }

  private get userName(): string {
    return `${this.user.first_name} ${this.user.last_name}`.trim();
  }

  // ---------------------------------------------------------------- rendering

  /** A lead as the API returns it. */
  renderLead(record: CloseLeadRecord): CloseLead {
    const contacts = this.childContacts(record.id);
    return {
      ...record,
      contact_ids: contacts.map((c) => c.id),
      contacts,
      opportunities: this.childOpportunities(record.id).map((o) => this.renderOpportunity(o)),
      tasks: [],
    };
  }

  /** An opportunity as the API returns it. */
  renderOpportunity(record: CloseOpportunityRecord): CloseOpportunity {
    const values = opportunityValues(record.value, record.value_period, record.confidence);
    const contact = record.contact_id ? this.contacts.get(record.contact_id) : undefined;
    return {
      ...record,
      lead_name: this.leads.get(record.lead_id)?.name ?? null,
      contact_name: contact?.name ?? null,
      value_formatted:
        record.value === null ? null : formatMoney(record.value, record.value_currency, record.value_period),
      expected_value: values.expected,
      annualized_value: values.annualized,
      annualized_expected_value: values.annualizedExpected,
    };
  }

  private childContacts(leadId: string): CloseContact[] {
    const ids = this.contactsByLead.get(leadId);
    return ids ? [...ids].map((id) => this.contacts.get(id) as CloseContact) : [];
  }

  private childOpportunities(leadId: string): CloseOpportunityRecord[] {
    const ids = this.opportunitiesByLead.get(leadId);
    return ids ? [...ids].map((id) => this.opportunities.get(id) as CloseOpportunityRecord) : [];
  }

  // ---------------------------------------------------------------- leads

  /** POST /lead/ (nested `contacts` are created too). */
  createLead(body: Json, seed: CloseSeedOverrides = {}): Mutation<CloseLeadRecord> {
    const fields = new BodyFields(body, new FieldErrors());
    const name = fields.text('name');
    const description = fields.text('description');
    const url = fields.text('url');
    const status = this.readLeadStatus(fields);
    const addresses = fields.objects('addresses', readAddress);
    const contactInputs = fields.objects('contacts', (item) => (readContactFields(item), item.body));
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };

    const now = seed.date_created ?? this.clock.timestamp();
    const defaultStatus = this.organization.leadStatuses[0];
    const record: CloseLeadRecord = {
      id: seed.id ?? closeId('lead'),
      organization_id: this.organization.id,
      name: name ?? null,
      display_name: name ?? '',
      description: description ?? null,
      url: url ?? null,
      status_id: status?.id ?? defaultStatus.id,
      status_label: status?.label ?? defaultStatus.label,
      addresses: addresses ?? [],
      html_url: '',
      date_created: now,
      date_updated: seed.date_updated ?? now,
      created_by: this.user.id,
      updated_by: this.user.id,
      created_by_name: this.userName,
      updated_by_name: this.userName,
      ...fields.customFields(),
    };
    record.html_url = `https://app.close.com/lead/${record.id}/`;
    this.leads.set(record.id, record);

    const changes: CloseChange[] = [];
    const contacts: CloseContact[] = [];
    for (const input of contactInputs ?? []) {
      const made = this.createContact({ ...input, lead_id: record.id }, seed.date_created ? { date_created: now } : {}, false);
      if (made.ok) contacts.push(made.value);
    }
    if (this.trackChanges) {
      changes.push(this.change('lead', 'created', record.id, record.id, this.renderLead(record), {}, []));
      for (const contact of contacts) changes.push(this.change('contact', 'created', contact.id, record.id, contact, {}, []));
    }
    return { ok: true, value: record, changes };
  }

  /** PUT /lead/{id}/ (partial; nested `contacts` are ignored as the reference says). */
  updateLead(record: CloseLeadRecord, body: Json): Mutation<CloseLeadRecord> {
    const fields = new BodyFields(body, new FieldErrors());
    const patch: Partial<CloseLeadRecord> & CloseCustomFields = {};
    const name = fields.text('name');
    if (name !== undefined) Object.assign(patch, { name, display_name: name ?? '' });
    const description = fields.text('description');
    if (description !== undefined) patch.description = description;
    const url = fields.text('url');
    if (url !== undefined) patch.url = url;
    const status = this.readLeadStatus(fields);
    if (status) Object.assign(patch, { status_id: status.id, status_label: status.label });
    const addresses = fields.objects('addresses', readAddress);
    if (addresses) patch.addresses = addresses;
    Object.assign(patch, fields.customFields());
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };
    return this.applyPatch('lead', record, patch, record.id, (r) => this.renderLead(r));
  }

  /** DELETE /lead/{id}/ with its contacts and opportunities. */
  deleteLead(record: CloseLeadRecord): CloseChange[] {
    const changes: CloseChange[] = [];
    for (const opportunity of this.childOpportunities(record.id)) changes.push(...this.deleteOpportunity(opportunity));
    for (const contact of this.childContacts(record.id)) changes.push(...this.deleteContact(contact, false));
    const before = this.trackChanges ? this.renderLead(record) : undefined;
    this.leads.delete(record.id);
    this.contactsByLead.delete(record.id);
    this.opportunitiesByLead.delete(record.id);
    if (before) changes.push(this.change('lead', 'deleted', record.id, record.id, {}, before, []));
    return changes;
  }

  private readLeadStatus(fields: BodyFields): { id: string; label: string } | undefined {
    const statuses = this.organization.leadStatuses;
    const id = fields.text('status_id', { nullable: false });
    if (typeof id === 'string') {
      const found = statuses.find((s) => s.id === id);
      if (!found) fields.problems.add('status_id', MESSAGES.notFound);
      return found;
    }
    const label = fields.text('status', { nullable: false });
    if (typeof label === 'string') {
      const found = statuses.find((s) => s.label.toLowerCase() === label.toLowerCase());
      if (!found) fields.problems.add('status', MESSAGES.choice(label));
      return found;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- contacts

  /** POST /contact/; without `lead_id` a lead named after the contact is created. */
  createContact(body: Json, seed: CloseSeedOverrides = {}, trackLeadChange = true): Mutation<CloseContact> {
    const fields = new BodyFields(body, new FieldErrors());
    const input = readContactFields(fields);
    const leadId = fields.text('lead_id');
    if (typeof leadId === 'string' && !this.leads.has(leadId)) fields.problems.add('lead_id', MESSAGES.notFound);
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };

    const changes: CloseChange[] = [];
    let lead = typeof leadId === 'string' ? (this.leads.get(leadId) as CloseLeadRecord) : undefined;
    if (!lead) {
      const made = this.createLead({ name: input.name ?? null });
      if (!made.ok) return made;
      lead = made.value;
      changes.push(...made.changes);
      trackLeadChange = false;
    }
    const now = seed.date_created ?? this.clock.timestamp();
    const contact: CloseContact = {
      id: seed.id ?? closeId('cont'),
      organization_id: this.organization.id,
      lead_id: lead.id,
      name: input.name ?? null,
      display_name: displayName(input.name ?? null, input.emails ?? []),
      title: input.title ?? null,
      emails: input.emails ?? [],
      phones: input.phones ?? [],
      urls: input.urls ?? [],
      date_created: now,
      date_updated: seed.date_updated ?? now,
      created_by: this.user.id,
      updated_by: this.user.id,
      ...fields.customFields(),
    };
    this.contacts.set(contact.id, contact);
    link(this.contactsByLead, lead.id, contact.id);
    if (this.trackChanges) {
      changes.push(this.change('contact', 'created', contact.id, lead.id, contact, {}, []));
      if (trackLeadChange) changes.push(this.leadContactsChanged(lead, -1));
    }
    return { ok: true, value: contact, changes };
  }

  /** PUT /contact/{id}/ (partial). */
  updateContact(contact: CloseContact, body: Json): Mutation<CloseContact> {
    const fields = new BodyFields(body, new FieldErrors());
    const input = readContactFields(fields);
    const leadId = fields.text('lead_id', { nullable: false });
    if (typeof leadId === 'string' && !this.leads.has(leadId)) fields.problems.add('lead_id', MESSAGES.notFound);
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };
    const patch: Partial<CloseContact> & CloseCustomFields = { ...fields.customFields() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.title !== undefined) patch.title = input.title;
    if (input.emails) patch.emails = input.emails;
    if (input.phones) patch.phones = input.phones;
    if (input.urls) patch.urls = input.urls;
    if (input.name !== undefined || input.emails) {
      patch.display_name = displayName(input.name !== undefined ? input.name : contact.name, input.emails ?? contact.emails);
    }
    const oldLead = contact.lead_id;
    if (typeof leadId === 'string' && leadId !== oldLead) patch.lead_id = leadId;
    const result = this.applyPatch('contact', contact, patch, patch.lead_id ?? oldLead, (c) => c);
    if (result.ok && patch.lead_id) {
      this.contactsByLead.get(oldLead)?.delete(contact.id);
      link(this.contactsByLead, patch.lead_id, contact.id);
    }
    return result;
  }

  /** DELETE /contact/{id}/. */
  deleteContact(contact: CloseContact, trackLeadChange = true): CloseChange[] {
    this.contacts.delete(contact.id);
    this.contactsByLead.get(contact.lead_id)?.delete(contact.id);
    if (!this.trackChanges) return [];
    const changes = [this.change('contact', 'deleted', contact.id, contact.lead_id, {}, contact, [])];
    const lead = this.leads.get(contact.lead_id);
    if (trackLeadChange && lead) changes.push(this.leadContactsChanged(lead, contact.id));
    return changes;
  }

  /** A lead `updated` change for a contact added (`-1`) or removed (its id), per the event list. */
  private leadContactsChanged(lead: CloseLeadRecord, removedOrAdded: string | -1): CloseChange {
    const previousIds = this.childContacts(lead.id).map((c) => c.id);
    const before =
      removedOrAdded === -1 ? previousIds.slice(0, -1) : [...previousIds, removedOrAdded];
    const previousUpdated = lead.date_updated;
    lead.date_updated = this.clock.timestamp();
    return this.change('lead', 'updated', lead.id, lead.id, this.renderLead(lead), {
      contact_ids: before,
      date_updated: previousUpdated,
    }, ['contact_ids', 'date_updated']);
  }

  // ---------------------------------------------------------------- opportunities

  /** POST /opportunity/; without `lead_id` an unnamed lead is created. */
  createOpportunity(body: Json, seed: CloseSeedOverrides = {}): Mutation<CloseOpportunityRecord> {
    const fields = new BodyFields(body, new FieldErrors());
    const input = this.readOpportunityFields(fields);
    const leadId = fields.text('lead_id');
    if (typeof leadId === 'string' && !this.leads.has(leadId)) fields.problems.add('lead_id', MESSAGES.notFound);
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };

    const changes: CloseChange[] = [];
    let lead = typeof leadId === 'string' ? (this.leads.get(leadId) as CloseLeadRecord) : undefined;
    if (!lead) {
      const made = this.createLead({ name: null });
      if (!made.ok) return made;
      lead = made.value;
      changes.push(...made.changes);
    }
    const status = input.status ?? this.organization.opportunityStatuses[0];
    const now = seed.date_created ?? this.clock.timestamp();
    const dateWon = input.date_won !== undefined ? input.date_won : status.type === 'won' ? this.clock.today() : null;
    const record: CloseOpportunityRecord = {
      id: seed.id ?? closeId('oppo'),
      organization_id: this.organization.id,
      lead_id: lead.id,
      contact_id: input.contact_id ?? null,
      note: input.note ?? null,
      value: input.value ?? null,
      value_currency: input.value_currency ?? 'USD',
      value_period: input.value_period ?? 'one_time',
      confidence: input.confidence ?? 0,
      ...statusFields(status, this.organization),
      date_won: dateWon,
      date_lost: null,
      user_id: input.user_id ?? this.user.id,
      user_name: (input.user_id ?? this.user.id) === this.user.id ? this.userName : null,
      date_created: now,
      date_updated: seed.date_updated ?? now,
      created_by: this.user.id,
      updated_by: this.user.id,
      created_by_name: this.userName,
      updated_by_name: this.userName,
      ...fields.customFields(),
    };
    this.opportunities.set(record.id, record);
    link(this.opportunitiesByLead, lead.id, record.id);
    if (this.trackChanges) {
      changes.push(this.change('opportunity', 'created', record.id, lead.id, this.renderOpportunity(record), {}, []));
    }
    return { ok: true, value: record, changes };
  }

  /** PUT /opportunity/{id}/ (partial). */
  updateOpportunity(record: CloseOpportunityRecord, body: Json): Mutation<CloseOpportunityRecord> {
    const fields = new BodyFields(body, new FieldErrors());
    const input = this.readOpportunityFields(fields);
    const leadId = fields.text('lead_id', { nullable: false });
    if (typeof leadId === 'string' && !this.leads.has(leadId)) fields.problems.add('lead_id', MESSAGES.notFound);
    if (!fields.problems.empty) return { ok: false, problems: fields.problems };
    const patch: Partial<CloseOpportunityRecord> & CloseCustomFields = { ...fields.customFields() };
    for (const key of ['contact_id', 'note', 'value', 'value_currency', 'value_period', 'confidence', 'user_id'] as const) {
      if (input[key] !== undefined) Object.assign(patch, { [key]: input[key] });
    }
    if (input.user_id !== undefined) patch.user_name = input.user_id === this.user.id ? this.userName : null;
    if (input.status) {
      Object.assign(patch, statusFields(input.status, this.organization));
      if (input.status.type === 'won' && record.date_won === null && input.date_won === undefined) {
        patch.date_won = this.clock.today();
      }
    }
    if (input.date_won !== undefined) patch.date_won = input.date_won;
    const oldLead = record.lead_id;
    if (typeof leadId === 'string' && leadId !== oldLead) patch.lead_id = leadId;
    const result = this.applyPatch('opportunity', record, patch, patch.lead_id ?? oldLead, (r) =>
      this.renderOpportunity(r),
    );
    if (result.ok && patch.lead_id) {
      this.opportunitiesByLead.get(oldLead)?.delete(record.id);
      link(this.opportunitiesByLead, patch.lead_id, record.id);
    }
    return result;
  }

  /** DELETE /opportunity/{id}/. */
  deleteOpportunity(record: CloseOpportunityRecord): CloseChange[] {
    const before = this.trackChanges ? this.renderOpportunity(record) : undefined;
    this.opportunities.delete(record.id);
    this.opportunitiesByLead.get(record.lead_id)?.delete(record.id);
    return before ? [this.change('opportunity', 'deleted', record.id, record.lead_id, {}, before, [])] : [];
  }

  private readOpportunityFields(fields: BodyFields) {
    const contactId = fields.text('contact_id');
    if (typeof contactId === 'string' && !this.contacts.has(contactId)) fields.problems.add('contact_id', MESSAGES.notFound);
    const period = fields.text('value_period', { nullable: false });
    if (typeof period === 'string' && !VALUE_PERIODS.includes(period as CloseValuePeriod)) {
      fields.problems.add('value_period', MESSAGES.choice(period));
    }
    const dateWonText = fields.text('date_won');
    let dateWon: string | null | undefined = dateWonText;
    if (typeof dateWonText === 'string') {
      dateWon = parseTimestampMicros(dateWonText) === undefined ? undefined : dateWonText.slice(0, 10);
      if (dateWon === undefined) fields.problems.add('date_won', MESSAGES.date);
    }
    return {
      contact_id: contactId,
      note: fields.text('note'),
      value: fields.integer('value', { nullable: true }),
      value_currency: fields.text('value_currency', { nullable: false }) ?? undefined,
      value_period: period as CloseValuePeriod | undefined,
      confidence: fields.integer('confidence', { min: 0, max: 100 }) ?? undefined,
      user_id: fields.text('user_id', { nullable: false }) ?? undefined,
      date_won: dateWon,
      status: this.readOpportunityStatus(fields),
    };
  }

  private readOpportunityStatus(fields: BodyFields) {
    const statuses = this.organization.opportunityStatuses;
    const id = fields.text('status_id', { nullable: false });
    if (typeof id === 'string') {
      const found = statuses.find((s) => s.id === id);
      if (!found) fields.problems.add('status_id', MESSAGES.notFound);
      return found;
    }
    const label = fields.text('status', { nullable: false });
    if (typeof label === 'string') {
      const found = statuses.find((s) => s.label.toLowerCase() === label.toLowerCase());
      if (!found) fields.problems.add('status', MESSAGES.choice(label));
      return found;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- shared

  private applyPatch<R extends { date_updated: string; updated_by: string | null }>(
    objectType: CloseObjectType,
    record: R,
    patch: Partial<R>,
    leadId: string,
    render: (record: R) => object,
  ): Mutation<R> {
    const target = record as unknown as Json;
    const previous: Json = {};
    const changed: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const old = target[key];
      if (value === null && key.startsWith('custom.')) {
        if (key in target) {
          previous[key] = old;
          changed.push(key);
          delete target[key];
        }
        continue;
      }
      if (JSON.stringify(old) !== JSON.stringify(value)) {
        previous[key] = old;
        changed.push(key);
        target[key] = value;
      }
    }
    previous.date_updated = record.date_updated;
    changed.push('date_updated');
    record.date_updated = this.clock.timestamp();
    record.updated_by = this.user.id;
    if (!this.trackChanges) return { ok: true, value: record, changes: [] };
    const change = this.change(objectType, 'updated', String(target.id), leadId, render(record), previous, changed.sort());
    return { ok: true, value: record, changes: [change] };
  }

  private change(
    objectType: CloseObjectType,
    action: CloseAction,
    objectId: string,
    leadId: string,
    data: object,
    previousData: object,
    changedFields: string[],
  ): CloseChange {
    const copy = (value: object) => JSON.parse(JSON.stringify(value)) as Json;
    return { objectType, action, objectId, leadId, data: copy(data), previousData: copy(previousData), changedFields };
  }
}

function link(index: Map<string, Set<string>>, leadId: string, id: string): void {
  let set = index.get(leadId);
  if (!set) index.set(leadId, (set = new Set()));
  set.add(id);
}

function statusFields(status: { id: string; label: string; type: CloseOpportunityRecord['status_type'] }, org: CloseOrganization) {
  return {
    status_id: status.id,
    status_label: status.label,
    status_type: status.type,
    status_display_name: status.label,
    pipeline_id: org.pipeline.id,
    pipeline_name: org.pipeline.name,
  };
}

function displayName(name: string | null, emails: CloseEmail[]): string {
  return name ?? emails[0]?.email ?? '';
}

interface ContactFields {
  name: string | null | undefined;
  title: string | null | undefined;
  emails: CloseEmail[] | undefined;
  phones: ClosePhone[] | undefined;
  urls: CloseUrl[] | undefined;
}

function readContactFields(fields: BodyFields): ContactFields {
  return {
    name: fields.text('name'),
    title: fields.text('title'),
    emails: fields.objects('emails', (item) => {
      const email = item.text('email', { required: true });
      if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(email)) item.problems.add('email', MESSAGES.email);
      const type = item.text('type', { nullable: false }) ?? 'office';
      return typeof email === 'string' ? { type, email, is_unsubscribed: false } : undefined;
    }),
    phones: fields.objects('phones', (item) => {
      const phone = item.text('phone', { required: true });
      const type = item.text('type', { nullable: false }) ?? 'office';
      return typeof phone === 'string' ? { type, ...normalisePhone(phone) } : undefined;
    }),
    urls: fields.objects('urls', (item) => {
      const url = item.text('url', { required: true });
      const type = item.text('type', { nullable: false }) ?? 'url';
      return typeof url === 'string' ? { type, url } : undefined;
    }),
  };
}

function readAddress(item: BodyFields): CloseAddress {
  const read = (key: string) => item.text(key) ?? null;
  return {
    label: read('label'),
    address_1: read('address_1'),
    address_2: read('address_2'),
    city: read('city'),
    state: read('state'),
    zipcode: read('zipcode'),
    country: read('country'),
  };
}
