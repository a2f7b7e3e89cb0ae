import type { InstanceRecord, User } from '@junction/store';
import type { RegisteredElement } from '../registry';
import { maskedConfiguration } from './configuration';

/** The instance as the API shows it: secrets masked, never `providerData`. */
export function presentInstance(instance: InstanceRecord, element: RegisteredElement, owner: User | undefined) {
  const d = element.definition;
  return {
    id: instance.id,
    name: instance.name,
    token: instance.token,
    element: { id: element.id, key: d.key, name: d.name, hub: d.hub, version: d.version },
    elementId: element.id,
    tags: instance.tags,
    valid: instance.valid,
    disabled: instance.disabled,
    configuration: maskedConfiguration(d, instance),
    user: owner
      ? { id: owner.id, emailAddress: owner.email, firstName: owner.firstName, lastName: owner.lastName }
      : { id: instance.userId },
    createdDate: instance.createdDate,
    updatedDate: instance.modifiedDate,
    eventsEnabled: instance.configuration['event.notification.enabled'] === 'true',
    traceLoggingEnabled: false,
    cachingEnabled: false,
    externalAuthentication: instance.externalAuthentication,
    provisionInteractions: [],
  };
}
