import { randomUUID } from 'node:crypto';
import type { Database, Organization, SecretBox, Store, User } from '../../src';

/** What every section of the behaviour suite works with; filled in by the suite's beforeAll. */
export interface StoreContext {
  db: Database;
  box: SecretBox;
  store: Store;
  /** Results of the two migrate() calls the suite started at the same time on a fresh database. */
  concurrentMigrations: { applied: string[] }[];
  /** checkReady() on the fresh database, before migrating. */
  readinessBeforeMigrating: { ok: boolean; reason?: string };
  /** Two organizations with one user each, shared by the sections (signing up costs a password hash). */
  acme: Tenant;
  globex: Tenant;
}

export interface Tenant {
  organization: Organization;
  user: User;
  email: string;
  password: string;
  userSecret: string;
  organizationSecret: string;
}

/** A fresh organization with one user; emails are unique so tests can share one database. */
export async function signUp(store: Store, name = 'Acme'): Promise<Tenant> {
  const organization = await store.organizations.create({ name });
  const email = `${randomUUID()}@example.test`;
  const password = `pw-${randomUUID()}`;
  const { user, userSecret, organizationSecret } = await store.users.create({
    organizationId: organization.id,
    email,
    password,
    firstName: 'Ada',
    lastName: 'Lovelace',
  });
  return { organization, user, email, password, userSecret, organizationSecret };
}

export const isoDate = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
