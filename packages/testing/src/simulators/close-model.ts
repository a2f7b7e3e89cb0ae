/**
 * Close CRM simulator: record shapes, ids, timestamps, money formatting and body checks.
 *
 * Shapes follow the Lead / Contact / Opportunity schemas and examples of the Close API reference
 * (https://developer.close.com/api/resources/leads, …/contacts, …/opportunities).
 */
import { randomBytes } from 'node:crypto';

/** Custom field values, set and returned as `custom.cf_…` keys. */
export type CloseCustomFields = { [key: `custom.${string}`]: unknown };

/** An email of a contact. */
export interface CloseEmail {
  type: string;
  email: string;
  is_unsubscribed: boolean;
}

/** A phone of a contact. */
export interface ClosePhone {
  type: string;
  phone: string;
  phone_formatted: string;
  country: string | null;
}

/** A URL of a contact. */
export interface CloseUrl {
  type: string;
  url: string;
}

/** An address of a lead. */
export interface CloseAddress {
  label: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  country: string | null;
}

/** A contact as returned by `/contact/`. */
export interface CloseContact extends CloseCustomFields {
  id: string;
  organization_id: string;
  lead_id: string;
  name: string | null;
  display_name: string;
  title: string | null;
  emails: CloseEmail[];
  phones: ClosePhone[];
  urls: CloseUrl[];
  date_created: string;
  date_updated: string;
  created_by: string | null;
  updated_by: string | null;
}

/** A lead as stored (without the related objects a response embeds). */
export interface CloseLeadRecord extends CloseCustomFields {
  id: string;
  organization_id: string;
  name: string | null;
  display_name: string;
  description: string | null;
  url: string | null;
  status_id: string;
  status_label: string;
  addresses: CloseAddress[];
  html_url: string;
  date_created: string;
  date_updated: string;
  created_by: string | null;
  updated_by: string | null;
  created_by_name: string | null;
  updated_by_name: string | null;
}

/** A lead as returned by `/lead/`. */
export interface CloseLead extends CloseLeadRecord {
  contact_ids: string[];
  contacts: CloseContact[];
  opportunities: CloseOpportunity[];
  tasks: unknown[];
}

/** `value_period` values. */
export type CloseValuePeriod = 'one_time' | 'monthly' | 'annual';
/** Opportunity status types. */
export type CloseOpportunityStatusType = 'active' | 'won' | 'lost';

/** An opportunity as stored. */
export interface CloseOpportunityRecord extends CloseCustomFields {
  id: string;
  organization_id: string;
  lead_id: string;
  contact_id: string | null;
  note: string | null;
  value: number | null;
  value_currency: string;
  value_period: CloseValuePeriod;
  confidence: number;
  status_id: string;
  status_label: string;
  status_type: CloseOpportunityStatusType;
  status_display_name: string;
  pipeline_id: string;
  pipeline_name: string;
  date_won: string | null;
  date_lost: string | null;
  user_id: string;
  user_name: string | null;
  date_created: string;
  date_updated: string;
  created_by: string | null;
  updated_by: string | null;
  created_by_name: string | null;
  updated_by_name: string | null;
}

/** An opportunity as returned by `/opportunity/` (stored fields plus derived ones). */
export interface CloseOpportunity extends CloseOpportunityRecord {
  lead_name: string | null;
  contact_name: string | null;
  value_formatted: string | null;
  expected_value: number | null;
  annualized_value: number | null;
  annualized_expected_value: number | null;
}

/** A lead status of the organization. */
export interface CloseLeadStatus {
  id: string;
  label: string;
}

/** An opportunity status of the organization's pipeline. */
export interface CloseOpportunityStatus {
  id: string;
  label: string;
  type: CloseOpportunityStatusType;
}

/** The simulated organization. */
export interface CloseOrganization {
  id: string;
  name: string;
  pipeline: { id: string; name: string };
  leadStatuses: CloseLeadStatus[];
  opportunityStatuses: CloseOpportunityStatus[];
}

/** The user the API keys belong to (answered by `/me/`). */
export interface CloseUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric text (Close object ids use 43 characters after the prefix). */
export function randomAlphanumeric(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[bytes[i] % ALPHANUMERIC.length];
  return out;
}

/**
 * A Close-style id: `lead_`, `cont_`, `oppo_`, `stat_`, `orga_`, `user_` ids in the reference
 * examples carry 43 alphanumerics; event (`ev_`) and webhook (`whsub_`) ids carry 22.
 */
export function closeId(prefix: string, length = 43): string {
  return `${prefix}_${randomAlphanumeric(length)}`;
}

/**
 * Monotonic microsecond clock: consecutive stamps differ by at least 1µs, so `date_updated`
 * filters and orderings are deterministic.
 */
export class CloseClock {
  private lastMicros = 0;

  constructor(readonly nowMs: () => number = Date.now) {}

  /** Next stamp in microseconds since the epoch. */
  nextMicros(): number {
    const micros = Math.max(Math.floor(this.nowMs() * 1000), this.lastMicros + 1);
    this.lastMicros = micros;
    return micros;
  }

  /** Object timestamp, e.g. `2013-02-20T05:30:24.854000+00:00`. */
  timestamp(): string {
    return formatMicros(this.nextMicros(), true);
  }

  /** Event / webhook-subscription timestamp (no offset), e.g. `2019-01-15T12:48:23.395000`. */
  naiveTimestamp(): string {
    return formatMicros(this.nextMicros(), false);
  }

  /** Today's UTC date, `YYYY-MM-DD`. */
  today(): string {
    return new Date(this.nowMs()).toISOString().slice(0, 10);
  }
}

/** Formats epoch microseconds as ISO-8601 with six fraction digits, optionally `+00:00`. */
export function formatMicros(micros: number, withOffset: boolean): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}${withOffset ? '+00:00' : ''}`;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.(\d{1,6})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `YYYY-MM-DD` or an ISO date-time (fraction up to µs, `Z`/offset optional; no offset
 * means UTC) into epoch microseconds. `undefined` when it is not such a text.
 */
export function parseTimestampMicros(value: string): number | undefined {
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [, date, hhmm = '00:00', ss = ':00', fraction = '', zone = 'Z'] = m;
  const offset = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${hhmm}${ss}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number(fraction.padEnd(6, '0'));
}

/** Whether the text is a bare `YYYY-MM-DD` date. */
export function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
}

const CURRENCY_SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** Formats cents like the examples: 300000 USD → `$3,000`; 5000 monthly → `$50 monthly`. */
export function formatMoney(cents: number, currency: string, period?: CloseValuePeriod): string {
  const whole = Math.trunc(cents / 100).toLocaleString('en-US');
  const rest = Math.abs(cents % 100);
  const amount = rest === 0 ? whole : `${whole}.${String(rest).padStart(2, '0')}`;
  const symbol = CURRENCY_SYMBOLS[currency];
  const text = symbol ? `${symbol}${amount}` : `${currency} ${amount}`;
  return period === 'monthly' ? `${text} monthly` : text;
}

/** Value-derived opportunity fields (cents, rounded like the reference examples). */
export function opportunityValues(
  value: number | null,
  period: CloseValuePeriod,
  confidence: number,
): { expected: number | null; annualized: number | null; annualizedExpected: number | null } {
  if (value === null) return { expected: null, annualized: null, annualizedExpected: null };
  const annualized = period === 'monthly' ? value * 12 : value;
  return {
    expected: Math.round((value * confidence) / 100),
    annualized,
    annualizedExpected: Math.round((annualized * confidence) / 100),
  };
}

/**
 * Normalises a phone number the way the reference examples show: ten digits become
 * `+1XXXXXXXXXX` / `+1 XXX-XXX-XXXX`; anything else is kept as given.
 */
export function normalisePhone(raw: string): { phone: string; phone_formatted: string; country: string | null } {
  const digits = raw.replace(/[^\d]/g, '');
  const us = digits.length === 10 ? `1${digits}` : digits.length === 11 && digits.startsWith('1') ? digits : undefined;
  if (us && (raw.trim().startsWith('+1') || !raw.trim().startsWith('+'))) {
    return {
      phone: `+${us}`,
      phone_formatted: `+1 ${us.slice(1, 4)}-${us.slice(4, 7)}-${us.slice(7)}`,
      country: 'US',
    };
  }
  const phone = raw.trim().startsWith('+') ? `+${digits}` : raw.trim();
  return { phone, phone_formatted: phone, country: null };
}

/** Collected 400 validation problems, answered as `{"errors": [...], "field-errors": {...}}`. */
export class FieldErrors {
  readonly errors: string[] = [];
  readonly fields: Record<string, string> = {};

  add(field: string, message: string): void {
    if (!(field in this.fields)) this.fields[field] = message;
  }

  get empty(): boolean {
    return this.errors.length === 0 && Object.keys(this.fields).length === 0;
  }

  /** The Close 400 body. */
  toBody(): { errors: string[]; 'field-errors': Record<string, string> } {
    return { errors: this.errors, 'field-errors': this.fields };
  }
}

/** Validation messages (Django REST style; the exact Close wording is not documented). */
export const MESSAGES = {
  required: 'This field is required.',
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  list: 'Not a valid list.',
  object: 'Not a valid object.',
  boolean: 'Must be a valid boolean.',
  email: 'Enter a valid email address.',
  date: 'Date has wrong format. Use YYYY-MM-DD.',
  notFound: 'Object does not exist.',
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  range: (min: number, max: number) => `Ensure this value is between ${min} and ${max}.`,
} as const;

/** Typed reads of a JSON request object that record problems into a {@link FieldErrors}. */
export class BodyFields {
  constructor(
    readonly body: Record<string, unknown>,
    readonly problems: FieldErrors,
  ) {}

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.body, key);
  }

  /** A string (or null); `undefined` when absent or wrong (then a problem is recorded). */
  text(key: string, options: { required?: boolean; nullable?: boolean } = {}): string | null | undefined {
    if (!this.has(key)) {
      if (options.required) this.problems.add(key, MESSAGES.required);
      return undefined;
    }
    const value = this.body[key];
    if (value === null && options.nullable !== false && !options.required) return null;
    if (typeof value !== 'string') {
      this.problems.add(key, value === null ? MESSAGES.required : MESSAGES.string);
      return undefined;
    }
    if (options.required && value.trim() === '') {
      this.problems.add(key, MESSAGES.required);
      return undefined;
    }
    return value;
  }

  /** An integer (or null) within optional bounds. */
  integer(key: string, options: { nullable?: boolean; min?: number; max?: number } = {}): number | null | undefined {
    if (!this.has(key)) return undefined;
    const value = this.body[key];
    if (value === null && options.nullable) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problems.add(key, MESSAGES.integer);
      return undefined;
    }
    if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
      this.problems.add(key, MESSAGES.range(options.min ?? -Infinity, options.max ?? Infinity));
      return undefined;
    }
    return value;
  }

  /** A list of objects; each item is handed to `read`, which returns `undefined` for a bad item. */
  objects<T>(key: string, read: (item: BodyFields) => T | undefined): T[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.body[key];
    if (!Array.isArray(value)) {
      this.problems.add(key, MESSAGES.list);
      return undefined;
    }
    const out: T[] = [];
    for (const item of value) {
      if (!isPlainObject(item)) {
        this.problems.add(key, MESSAGES.object);
        return undefined;
      }
      const nested = new FieldErrors();
      const read1 = read(new BodyFields(item, nested));
      const first = Object.entries(nested.fields)[0];
      if (first || read1 === undefined) {
        this.problems.add(key, first ? `${first[0]}: ${first[1]}` : MESSAGES.object);
        return undefined;
      }
      out.push(read1);
    }
    return out;
  }

  /** `custom.*` keys present in the body. */
  customFields(): CloseCustomFields {
    const out: CloseCustomFields = {};
    for (const [key, value] of Object.entries(this.body)) {
      if (key.startsWith('custom.')) out[key as `custom.${string}`] = value;
    }
    return out;
  }
}

/** Whether `value` is a plain JSON object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
