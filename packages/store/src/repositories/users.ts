import type { Database, Queryable } from '../database/database';
import { isUniqueViolation } from '../database/driver-errors';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../crypto/password';
import { randomSecret } from '../crypto/random-secret';
import type { SecretBox } from '../crypto/secret-box';
import { StoreConflictError } from '../errors';
import type { Organization, User } from '../types';
import { toOrganization } from './organizations';
import { isId } from './rows';

const userColumns = 'u.id, u.organization_id, u.email, u.first_name, u.last_name, u.created_date';

interface UserRow {
  id: number;
  organization_id: number;
  email: string;
  first_name: string;
  last_name: string;
  created_date: string;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    createdDate: row.created_date,
  };
}

/** What signing up needs. */
export interface NewUser {
  organizationId: number;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * Users and the Cloud Elements secret pair (`User <userSecret>, Organization <organizationSecret>`).
 * Both secrets are sealed at rest and found through their lookup hashes.
 */
export class UserRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
  ) {}

  /** Returns the organization's secret, creating it when this is the organization's first user. */
  private async organizationSecret(tx: Queryable, organizationId: number): Promise<string> {
    const [org] = await tx.query<{ secret_sealed: string | null }>(
      'SELECT secret_sealed FROM organizations WHERE id = $1 FOR UPDATE',
      [organizationId],
    );
    if (!org) throw new Error(`Organization ${organizationId} does not exist`);
    if (org.secret_sealed !== null) return this.box.decrypt(org.secret_sealed);
    const secret = randomSecret();
    await tx.query('UPDATE organizations SET secret_sealed = $2, secret_hash = $3 WHERE id = $1', [
      organizationId,
      this.box.encrypt(secret),
      this.box.lookupHash(secret),
    ]);
    return secret;
  }

  /**
   * Signs a user up in an existing organization.
   * @throws StoreConflictError when the email (compared case-insensitively) is taken.
   */
  async create(input: NewUser): Promise<{ user: User; userSecret: string; organizationSecret: string }> {
    const conflict = () => new StoreConflictError(`A user with email ${input.email} already exists`);
    const emailTaken = async (q: Queryable) =>
      (await q.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [input.email])).length > 0;
    // Checked before hashing too, so a duplicate signup costs no scrypt run.
    if (await emailTaken(this.db)) throw conflict();
    // Hashing takes ~0.1 s; done before the transaction so no row lock is held meanwhile.
    const passwordHash = await hashPassword(input.password);
    const userSecret = randomSecret();
    return this.db.transaction(async (tx) => {
      const organizationSecret = await this.organizationSecret(tx, input.organizationId);
      if (await emailTaken(tx)) throw conflict();
      const rows = await tx
        .query<UserRow>(
          `INSERT INTO users AS u (organization_id, email, password_hash, secret_sealed, secret_hash, first_name, last_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${userColumns}`,
          [
            input.organizationId,
            input.email,
            passwordHash,
            this.box.encrypt(userSecret),
            this.box.lookupHash(userSecret),
            input.firstName,
            input.lastName,
          ],
        )
        // A concurrent signup with the same email got past the check above.
        .catch((err: unknown) => Promise.reject(isUniqueViolation(err) ? conflict() : err));
      return { user: toUser(rows[0]), userSecret, organizationSecret };
    });
  }

  /** The user with this email (case-insensitive) and password, else `undefined`. Constant-time compare. */
  async verifyPassword(email: string, password: string): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow & { password_hash: string }>(
      `SELECT ${userColumns}, u.password_hash FROM users u WHERE lower(u.email) = lower($1)`,
      [email],
    );
    const matches = await verifyPassword(password, row?.password_hash ?? (await decoyPasswordHash()));
    return row && matches ? toUser(row) : undefined;
  }

  /** Resolves the secret pair of an API call, else `undefined` (unknown secret, or the two do not belong together). */
  async authenticate(
    userSecret: string,
    organizationSecret: string,
  ): Promise<{ user: User; organization: Organization } | undefined> {
    const [row] = await this.db.query<UserRow & { org_id: number; org_name: string; org_created_date: string }>(
      `SELECT ${userColumns}, o.id AS org_id, o.name AS org_name, o.created_date AS org_created_date
       FROM users u JOIN organizations o ON o.id = u.organization_id
       WHERE u.secret_hash = $1 AND o.secret_hash = $2`,
      [this.box.lookupHash(userSecret), this.box.lookupHash(organizationSecret)],
    );
    if (!row) return undefined;
    const organization = toOrganization({ id: row.org_id, name: row.org_name, created_date: row.org_created_date });
    return { user: toUser(row), organization };
  }

  /** The user's secret pair, decrypted, e.g. for `GET /elements/api-v1/ui/getSecrets`. */
  async secretsOf(userId: number): Promise<{ userSecret: string; organizationSecret: string }> {
    const [row] = isId(userId)
      ? await this.db.query<{ user_sealed: string; organization_sealed: string | null }>(
          `SELECT u.secret_sealed AS user_sealed, o.secret_sealed AS organization_sealed
           FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
          [userId],
        )
      : [];
    if (!row || row.organization_sealed === null) throw new Error(`User ${userId} does not exist`);
    return { userSecret: this.box.decrypt(row.user_sealed), organizationSecret: this.box.decrypt(row.organization_sealed) };
  }

  async get(id: number): Promise<User | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await this.db.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = $1`, [id]);
    return row ? toUser(row) : undefined;
  }
}
