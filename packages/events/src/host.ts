import type { ElementContext, ElementDefinition } from '@junction/core';
import type { InstanceRecord } from '@junction/store';

/** What the events engine needs from the hub that runs it. */
export interface EventsHost {
  /** Every installed element (their events declarations are checked at boot). */
  elements(): ElementDefinition[];
  /** The installed element with this key, if any. */
  element(key: string): ElementDefinition | undefined;
  /** A context for calling the vendor as this instance (credentials, host map, token refresh). */
  context(instance: InstanceRecord): ElementContext;
}

/** The subset of a pino logger the engine writes to. */
export interface EventsLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
