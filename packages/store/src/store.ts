import type { Database } from './database/database';
import type { SecretBox } from './crypto/secret-box';
import { ElementRepository } from './repositories/elements';
import { EventRepository } from './repositories/events';
import { InstanceRepository } from './repositories/instances';
import { OrganizationRepository } from './repositories/organizations';
import { PollStateRepository } from './repositories/poll-state';
import { SessionRepository } from './repositories/sessions';
import { UsageRepository } from './repositories/usage';
import { UserRepository } from './repositories/users';
import { WebhookSubscriptionRepository } from './repositories/webhook-subscriptions';

/**
 * Junction's persistence, one repository per concern. Expects a migrated database ({@link migrate}).
 *
 * @example
 * const db = await openDatabase({ dataDir: '.junction' });
 * await migrate(db);
 * const store = new Store(db, new SecretBox(loadMasterKey({ dataDir: '.junction' })));
 * const org = await store.organizations.create({ name: 'Acme' });
 */
export class Store {
  readonly organizations: OrganizationRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly elements: ElementRepository;
  readonly instances: InstanceRepository;
  readonly usage: UsageRepository;
  readonly events: EventRepository;
  readonly pollState: PollStateRepository;
  readonly webhookSubscriptions: WebhookSubscriptionRepository;

  constructor(db: Database, box: SecretBox) {
    this.organizations = new OrganizationRepository(db);
    this.users = new UserRepository(db, box);
    this.sessions = new SessionRepository(db, box);
    this.elements = new ElementRepository(db);
    this.instances = new InstanceRepository(db, box);
    this.usage = new UsageRepository(db);
    this.events = new EventRepository(db);
    this.pollState = new PollStateRepository(db);
    this.webhookSubscriptions = new WebhookSubscriptionRepository(db, box);
  }
}
