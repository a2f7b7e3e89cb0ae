import type { Queryable } from '../database/database';
import type { Organization } from '../types';
import { isId } from './rows';

const organizationColumns = 'id, name, created_date';

interface OrganizationRow {
  id: number;
  name: string;
  created_date: string;
}

export function toOrganization(row: OrganizationRow): Organization {
  return { id: row.id, name: row.name, createdDate: row.created_date };
}

/** Organizations (tenants). Their shared secret is created with the first user, see {@link UserRepository}. */
export class OrganizationRepository {
  constructor(private readonly db: Queryable) {}

  async create(input: { name: string }): Promise<Organization> {
    const [row] = await this.db.query<OrganizationRow>(
      `INSERT INTO organizations (name) VALUES ($1) RETURNING ${organizationColumns}`,
      [input.name],
    );
    return toOrganization(row);
  }

  async get(id: number): Promise<Organization | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await this.db.query<OrganizationRow>(
      `SELECT ${organizationColumns} FROM organizations WHERE id = $1`,
      [id],
    );
    return row ? toOrganization(row) : undefined;
  }
}
