import { z } from 'zod';
import type { SecretBox } from '../crypto/secret-box';
import type { InstanceRecord } from '../types';

/** Columns of `instances` read into an {@link InstanceRecord}. */
export const instanceColumns = `id, organization_id, user_id, element_key, element_id, name, tags, configuration,
  secrets_sealed, token_sealed, disabled, valid, external_authentication, created_date, modified_date`;

export interface InstanceRow {
  id: number;
  organization_id: number;
  user_id: number;
  element_key: string;
  element_id: number;
  name: string;
  tags: string[];
  configuration: unknown;
  secrets_sealed: string;
  token_sealed: string;
  disabled: boolean;
  valid: boolean;
  external_authentication: 'none' | 'initial';
  created_date: string;
  modified_date: string;
}

const stringRecord = z.record(z.string(), z.string());

/** Parses a stored string map; the message names the column only, since the content may be secret. */
function parseStringRecord(value: unknown, column: string, id: number): Record<string, string> {
  const parsed = stringRecord.safeParse(value);
  if (!parsed.success) throw new Error(`instances.${column} of instance ${id} is not a map of strings`);
  return parsed.data;
}

/** Opens the secrets blob. JSON.parse's own message would quote the text, hence the replacement. */
function openSecrets(box: SecretBox, row: InstanceRow): Record<string, string> {
  const json = box.decrypt(row.secrets_sealed);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`instances.secrets_sealed of instance ${row.id} does not hold JSON`);
  }
  return parseStringRecord(value, 'secrets_sealed', row.id);
}

/** Seals an instance's secrets as one JSON blob. */
export function sealSecrets(box: SecretBox, secrets: Record<string, string>): string {
  return box.encrypt(JSON.stringify(secrets));
}

/** Turns a row into a record, opening the sealed secrets and token. */
export function toInstanceRecord(row: InstanceRow, box: SecretBox): InstanceRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    elementKey: row.element_key,
    elementId: row.element_id,
    name: row.name,
    tags: row.tags,
    configuration: parseStringRecord(row.configuration, 'configuration', row.id),
    secrets: openSecrets(box, row),
    token: box.decrypt(row.token_sealed),
    disabled: row.disabled,
    valid: row.valid,
    externalAuthentication: row.external_authentication,
    createdDate: row.created_date,
    modifiedDate: row.modified_date,
  };
}
