import type { Database } from '../database/database';
import type { SecretBox } from '../crypto/secret-box';
import type { InstanceRecord } from '../types';
import { instanceColumns, toInstanceRecord, type InstanceRow } from './instance-rows';
import { isId } from './rows';

/** A webhook subscription Junction created at a vendor for one instance (Close `/webhook/`). */
export interface WebhookSubscription {
  instanceId: number;
  elementKey: string;
  /** The vendor's id for the subscription. */
  subscriptionId: string;
  /** The URL the vendor was given. */
  callbackUrl: string;
  /** The signing secret the vendor returned, decrypted; sealed at rest. */
  secret?: string;
  createdDate: string;
}

interface SubscriptionRow {
  instance_id: number;
  element_key: string;
  subscription_id: string;
  callback_url: string;
  secret_sealed: string | null;
  created_date: string;
}

const subscriptionColumns = 'instance_id, element_key, subscription_id, callback_url, secret_sealed, created_date';
const live = 'deleted_date IS NULL';

/**
 * Vendor webhook subscriptions, and the look-ups that route an incoming webhook to its instance:
 * by instance id (any organization, since vendors call without credentials), by subscription, or
 * by a vendor account id kept in the instance configuration.
 */
export class WebhookSubscriptionRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
  ) {}

  private toSubscription(row: SubscriptionRow): WebhookSubscription {
    const subscription: WebhookSubscription = {
      instanceId: row.instance_id,
      elementKey: row.element_key,
      subscriptionId: row.subscription_id,
      callbackUrl: row.callback_url,
      createdDate: row.created_date,
    };
    if (row.secret_sealed !== null) subscription.secret = this.box.decrypt(row.secret_sealed);
    return subscription;
  }

  /** Stores the instance's subscription, replacing any previous one. */
  async save(input: Omit<WebhookSubscription, 'createdDate'>): Promise<WebhookSubscription> {
    const [row] = await this.db.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (instance_id, element_key, subscription_id, callback_url, secret_sealed)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (instance_id) DO UPDATE SET element_key = $2, subscription_id = $3, callback_url = $4, secret_sealed = $5,
         created_date = now()
       RETURNING ${subscriptionColumns}`,
      [input.instanceId, input.elementKey, input.subscriptionId, input.callbackUrl, input.secret === undefined ? null : this.box.encrypt(input.secret)],
    );
    return this.toSubscription(row);
  }

  /** The instance's subscription, if it has one. */
  async get(instanceId: number): Promise<WebhookSubscription | undefined> {
    if (!isId(instanceId)) return undefined;
    const [row] = await this.db.query<SubscriptionRow>(`SELECT ${subscriptionColumns} FROM webhook_subscriptions WHERE instance_id = $1`, [instanceId]);
    return row ? this.toSubscription(row) : undefined;
  }

  /** Forgets the instance's subscription; false when it had none. */
  async delete(instanceId: number): Promise<boolean> {
    if (!isId(instanceId)) return false;
    return (await this.db.query('DELETE FROM webhook_subscriptions WHERE instance_id = $1 RETURNING instance_id', [instanceId])).length > 0;
  }

  /** The subscription with this vendor id, for `elementKey`. */
  async findBySubscriptionId(elementKey: string, subscriptionId: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.query<SubscriptionRow>(
      `SELECT ${subscriptionColumns} FROM webhook_subscriptions WHERE element_key = $1 AND subscription_id = $2`,
      [elementKey, subscriptionId],
    );
    return row ? this.toSubscription(row) : undefined;
  }

  /** A live instance by id, in whichever organization owns it. */
  async liveInstance(id: number): Promise<InstanceRecord | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await this.db.query<InstanceRow>(`SELECT ${instanceColumns} FROM instances WHERE id = $1 AND ${live}`, [id]);
    return row ? toInstanceRecord(row, this.box) : undefined;
  }

  /** The live ones of several instances (one statement), in whichever organizations own them. */
  async liveInstances(ids: number[]): Promise<InstanceRecord[]> {
    const rows = await this.db.query<InstanceRow>(`SELECT ${instanceColumns} FROM instances WHERE id = ANY($1::bigint[]) AND ${live}`, [ids.filter(isId)]);
    return rows.map((row) => toInstanceRecord(row, this.box));
  }

  /** Live instances of `elementKey` whose configuration has `key` = `value` (Box `oauth.user.id`, a HubSpot portal id). */
  async instancesByConfiguration(elementKey: string, key: string, value: string): Promise<InstanceRecord[]> {
    const rows = await this.db.query<InstanceRow>(
      `SELECT ${instanceColumns} FROM instances WHERE element_key = $1 AND configuration ->> $2 = $3 AND ${live} ORDER BY id`,
      [elementKey, key, value],
    );
    return rows.map((row) => toInstanceRecord(row, this.box));
  }
}
