import type { Database } from '../database/database';
import { randomSecret } from '../crypto/random-secret';
import type { SecretBox } from '../crypto/secret-box';
import type { InstancePatch, InstanceRecord, NewInstance } from '../types';
import { instanceColumns, sealSecrets, toInstanceRecord, type InstanceRow } from './instance-rows';
import { isId, mergeRecord } from './rows';

const live = 'deleted_date IS NULL';

/**
 * Element instances: one organization's connection to one vendor account. Secrets and the instance
 * token are sealed at rest; the token is found through its lookup hash. Deleting is soft: the row
 * stays for usage history but is invisible to every read here.
 */
export class InstanceRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
  ) {}

  /** Creates an instance and its token (32 random bytes, base64url). */
  async create(input: NewInstance): Promise<{ instance: InstanceRecord; token: string }> {
    const token = randomSecret();
    const [row] = await this.db.query<InstanceRow>(
      `INSERT INTO instances (organization_id, user_id, element_key, element_id, name, tags, configuration,
         secrets_sealed, token_sealed, token_hash, valid, external_authentication)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::jsonb, $8, $9, $10, $11, $12)
       RETURNING ${instanceColumns}`,
      [
        input.organizationId,
        input.userId,
        input.elementKey,
        input.elementId,
        input.name,
        input.tags,
        JSON.stringify(input.configuration),
        sealSecrets(this.box, input.secrets),
        this.box.encrypt(token),
        this.box.lookupHash(token),
        input.valid ?? true,
        input.externalAuthentication ?? 'none',
      ],
    );
    return { instance: toInstanceRecord(row, this.box), token };
  }

  /** The organization's live instance with this id; another organization's or a deleted one → `undefined`. */
  async get(organizationId: number, id: number): Promise<InstanceRecord | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await this.db.query<InstanceRow>(
      `SELECT ${instanceColumns} FROM instances WHERE organization_id = $1 AND id = $2 AND ${live}`,
      [organizationId, id],
    );
    return row ? toInstanceRecord(row, this.box) : undefined;
  }

  /**
   * The organization's live instances, ordered by id.
   * @param filter.tags instances carrying any of these tags (an empty list does not filter)
   * @param filter.elementKey instances of this element only
   */
  async list(organizationId: number, filter: { tags?: string[]; elementKey?: string } = {}): Promise<InstanceRecord[]> {
    const params: unknown[] = [organizationId];
    const where = ['organization_id = $1', live];
    if (filter.tags && filter.tags.length > 0) {
      params.push(filter.tags);
      where.push(`tags && $${params.length}::text[]`);
    }
    if (filter.elementKey !== undefined) {
      params.push(filter.elementKey);
      where.push(`element_key = $${params.length}`);
    }
    const rows = await this.db.query<InstanceRow>(
      `SELECT ${instanceColumns} FROM instances WHERE ${where.join(' AND ')} ORDER BY id`,
      params,
    );
    return rows.map((row) => toInstanceRecord(row, this.box));
  }

  /** The live instance whose token this is (any organization), else `undefined`. */
  async findByToken(token: string): Promise<InstanceRecord | undefined> {
    const [row] = await this.db.query<InstanceRow>(
      `SELECT ${instanceColumns} FROM instances WHERE token_hash = $1 AND ${live}`,
      [this.box.lookupHash(token)],
    );
    return row ? toInstanceRecord(row, this.box) : undefined;
  }

  /**
   * Applies `patch` (see {@link InstancePatch} for the merge rules) and bumps `modifiedDate`.
   * The row is locked while merging, so concurrent patches to different keys both survive.
   */
  async update(organizationId: number, id: number, patch: InstancePatch): Promise<InstanceRecord | undefined> {
    if (!isId(id)) return undefined;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<InstanceRow>(
        `SELECT ${instanceColumns} FROM instances WHERE organization_id = $1 AND id = $2 AND ${live} FOR UPDATE`,
        [organizationId, id],
      );
      if (!row) return undefined;
      const current = toInstanceRecord(row, this.box);
      const [updated] = await tx.query<InstanceRow>(
        `UPDATE instances SET name = $2, tags = $3::text[], element_key = $4, element_id = $5,
           configuration = $6::jsonb, secrets_sealed = $7, disabled = $8, valid = $9, modified_date = now()
         WHERE id = $1 RETURNING ${instanceColumns}`,
        [
          id,
          patch.name ?? current.name,
          patch.tags ?? current.tags,
          patch.elementKey ?? current.elementKey,
          patch.elementId ?? current.elementId,
          JSON.stringify(mergeRecord(current.configuration, patch.configuration)),
          // Re-sealed only when secrets change, so an unrelated patch leaves the ciphertext as it was.
          patch.secrets ? sealSecrets(this.box, mergeRecord(current.secrets, patch.secrets)) : row.secrets_sealed,
          patch.disabled ?? current.disabled,
          patch.valid ?? current.valid,
        ],
      );
      return toInstanceRecord(updated, this.box);
    });
  }

  /** Soft-deletes; `false` when there was no such live instance in this organization. */
  async delete(organizationId: number, id: number): Promise<boolean> {
    if (!isId(id)) return false;
    const rows = await this.db.query(
      `UPDATE instances SET deleted_date = now(), modified_date = now()
       WHERE organization_id = $1 AND id = $2 AND ${live} RETURNING id`,
      [organizationId, id],
    );
    return rows.length > 0;
  }
}
