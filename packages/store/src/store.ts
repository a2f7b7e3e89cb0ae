import type { Database } from './database/database';
import type { SecretBox } from './crypto/secret-box';
import { ElementRepository } from './repositories/elements';
import { InstanceRepository } from './repositories/instances';
import { OrganizationRepository } from './repositories/organizations';
import { SessionRepository } from './repositories/sessions';
import { UsageRepository } from './repositories/usage';
import { UserRepository } from './repositories/users';

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

  constructor(db: Database, box: SecretBox) {
    this.organizations = new OrganizationRepository(db);
    this.users = new UserRepository(db, box);
    this.sessions = new SessionRepository(db, box);
    this.elements = new ElementRepository(db);
    this.instances = new InstanceRepository(db, box);
    this.usage = new UsageRepository(db);
  }
}
