import { createToken } from '@junction/core';
import { EventsService, type EventsSettings } from '@junction/events';
import type { Store } from '@junction/store';
import type { Logger } from 'pino';
import { effectiveConfig } from '../instances/configuration';
import type { ElementContextFactory } from '../instances/element-context';
import type { ElementRegistry } from '../registry';

/** The hub's events engine, under a typed token like the hub's other services. */
export const EventsToken = createToken<EventsService>('hub.events');

/** The events engine, given the hub's elements and its way of calling vendors as an instance. */
export function createEventsService(store: Store, registry: ElementRegistry, contexts: ElementContextFactory, settings: EventsSettings, logger: Logger): EventsService {
  return new EventsService({
    store,
    settings,
    logger,
    host: {
      elements: () => registry.all().map((e) => e.definition),
      element: (key) => registry.find(key)?.definition,
      context: (instance) => contexts.create(registry.get(instance.elementKey).definition, effectiveConfig(instance), instance),
    },
  });
}
