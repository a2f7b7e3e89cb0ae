/*
 * The store's records. Ids are numbers (bigserial in SQL); dates are ISO-8601 strings ending in `Z`.
 */

/** A tenant: users, instances and usage belong to exactly one organization. */
export interface Organization {
  id: number;
  name: string;
  createdDate: string;
}

/** A person who signs in; never carries the password hash or secrets (see `users.secretsOf`). */
export interface User {
  id: number;
  organizationId: number;
  email: string;
  firstName: string;
  lastName: string;
  createdDate: string;
}

/** What `instances.create` needs. */
export interface NewInstance {
  organizationId: number;
  userId: number;
  elementKey: string;
  elementId: number;
  name: string;
  tags: string[];
  /** Non-secret values, stored as jsonb. */
  configuration: Record<string, string>;
  /** Secret values (passwords, API keys, OAuth tokens): stored as one sealed JSON blob, never in plaintext. */
  secrets: Record<string, string>;
  /** @default true */
  valid?: boolean;
  /** @default 'none' */
  externalAuthentication?: 'none' | 'initial';
}

/**
 * A partial update. `configuration` and `secrets` merge key by key into what is stored;
 * a `null` value removes that key.
 */
export interface InstancePatch {
  name?: string;
  tags?: string[];
  elementKey?: string;
  elementId?: number;
  configuration?: Record<string, string | null>;
  secrets?: Record<string, string | null>;
  disabled?: boolean;
  valid?: boolean;
}

/** A connection of one organization to one element (vendor account), secrets decrypted. */
export interface InstanceRecord {
  id: number;
  organizationId: number;
  userId: number;
  elementKey: string;
  elementId: number;
  name: string;
  tags: string[];
  configuration: Record<string, string>;
  secrets: Record<string, string>;
  /** The instance token clients present as `Element <token>`. */
  token: string;
  disabled: boolean;
  valid: boolean;
  externalAuthentication: 'none' | 'initial';
  createdDate: string;
  modifiedDate: string;
}

/** One API request, as billed and listed by the usage API. Optional fields are absent, not null, when unknown. */
export interface UsageEntry {
  requestId: string;
  organizationId: number;
  userId?: number;
  instanceId?: number;
  elementKey?: string;
  method: string;
  uri: string;
  status: number;
  processTimeMs: number;
  ip?: string;
  /** ISO-8601 */
  date: string;
}
